"""A Content-Security-Policy in every built page, computed from what the page itself contains.

The site needs nothing from other hosts, so the policy allows only the site itself ('self')
plus the SHA-256 hashes of the few inline scripts and styles the theme writes into a page
(Material's settings and colour-scheme scripts). There is never 'unsafe-eval' (the charts use
Vega's expression interpreter, not eval) and never 'unsafe-inline'. Style attributes written
in the HTML, if any, are allowed one by one with 'unsafe-hashes' and their hashes.

An inline script is allowed only when it is one the theme's own templates write: its text
must have the shape of a script in those templates, with each `{{ ... }}` of the template
filled by a plain relative address. Any other inline script (one that text from data/ could
have put there) stops the build with a problem naming the page and line, rather than being
allowed by its hash. JSON data in script elements (chart specs, the theme's settings) is
not code and needs no hash.

A meta element can carry every directive except frame-ancestors, report-uri and sandbox;
those need HTTP headers, which GitHub Pages does not let a site set.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

import material

from scripts.htmlpage import EMPTY, START, Page
from scripts.problems import Place, Problem, problem

# Script types that hold data, never run: chart specs and the theme's settings. Every other
# inline script (any JavaScript type, modules, unknown types) must be the theme's own.
DATA_TYPES = {"application/json", "application/ld+json"}
# The templates that write the pages' inline scripts: Material's script partials and our overrides.
THEME_SCRIPTS = (
    Path(material.__file__).parent / "templates" / "partials" / "javascripts",
    Path(__file__).resolve().parent.parent / "docs" / "overrides",
)
# What a template's {{ ... }} may become inside a theme script: a relative or absolute address
# (Material's base_url), which can neither end the script's string nor its element.
_FILLED = r"[A-Za-z0-9._~/:%-]*"
FIXED = (
    "img-src 'self' data:",  # the theme's icons are data: URIs in its stylesheet
    "font-src 'self'",
    "connect-src 'self'",  # the search index; charts fetch nothing
    "worker-src 'self'",  # the search runs in a web worker from the site
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",  # the search box is a form that never submits
)

_META = '<meta http-equiv="Content-Security-Policy" content="'


def allow_script(html: str, script: str) -> str:
    """The page with one more inline script allowed, by the hash of its exact text.

    Only the local preview uses this, per response, for the reload script its server injects;
    the built (published) pages keep their own policy unchanged.
    """
    [digest] = _hashes([script])
    return re.sub(f"({re.escape(_META)}[^\"]*script-src 'self')", rf"\1 {digest}", html, count=1)


def secure_page(page: Page, name: str, problems: list[Problem]) -> None:
    """Put a Content-Security-Policy and a no-referrer policy first in the page's <head>.

    Only a <meta charset> may come before them: it must stay in the first 1024 bytes. A page
    with an inline script the theme did not write is not secured but refused: a problem in
    `problems`, naming the page (`name`) and the script's line.
    """
    head = next(page.elements("head"), None)
    if head is None:  # not a page (e.g. a fragment): nothing to protect
        return
    for at, token in page.elements("meta"):
        # A page secured before (a second run) gets a fresh policy rather than a second one.
        if (
            token.attrs.get("http-equiv", "").lower() == "content-security-policy"
            or token.attrs.get("name") == "referrer"
        ):
            page.remove(at)
    scripts, styles, style_attributes = _inline(page)
    foreign = [(text, line) for text, line in scripts if not is_theme_script(text)]
    for text, line in foreign:
        problems.append(problem("unexpected-script", Place(name, line), text))
    if foreign:
        return
    policy = _policy([text for text, _ in scripts], styles, style_attributes)
    page.insert(_first_in_head(page, head[0]), f'{_META}{policy}"><meta name="referrer" content="no-referrer">')


def is_theme_script(text: str) -> bool:
    """Whether an inline script's text is one the theme's templates write, as they write it."""
    return any(shape.fullmatch(text) for shape in _theme_shapes())


@cache
def _theme_shapes() -> tuple[re.Pattern[str], ...]:
    """Each inline script of the theme's templates, as a pattern: its text, each {{ ... }} an address."""
    shapes = []
    for folder in THEME_SCRIPTS:
        for template in sorted(folder.rglob("*.html")):
            source = template.read_text(encoding="utf-8")
            for body in re.findall(r"<script>(.*?)</script>", source, flags=re.S):
                if "{%" in body or "{#" in body:
                    continue  # a script that templates logic into its code: never allowed by shape
                parts = re.split(r"\{\{.*?\}\}", body, flags=re.S)
                shapes.append(re.compile(_FILLED.join(re.escape(part) for part in parts), flags=re.S))
    return tuple(shapes)


def _policy(scripts: list[str], styles: list[str], style_attributes: list[str]) -> str:
    """The policy for one page: its inline scripts and styles, by hash."""
    style = ["'self'", *_hashes(styles)]
    if style_attributes:
        style += ["'unsafe-hashes'", *_hashes(style_attributes)]
    directives = [
        "default-src 'none'",
        " ".join(["script-src 'self'", *_hashes(scripts)]),
        " ".join(["style-src", *style]),
    ]
    return "; ".join([*directives, *FIXED])


def _hashes(items: list[str]) -> list[str]:
    digests = {base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") for text in items}
    return [f"'sha256-{d}'" for d in sorted(digests)]


def _inline(page: Page) -> tuple[list[tuple[str, int]], list[str], list[str]]:
    """The code a policy must allow: inline scripts (not data) with the line each starts on, styles, style attributes."""
    scripts, styles, style_attributes = [], [], []
    lines = page.lines()
    for at, token in enumerate(page.tokens):
        if token.kind not in (START, EMPTY):
            continue
        if token.attrs.get("style", "").strip():
            style_attributes.append(token.attrs["style"])
        if token.kind == EMPTY:
            continue
        if token.tag == "script" and "src" not in token.attrs:
            if token.attrs.get("type", "").strip().lower() not in DATA_TYPES:
                # The hash covers the element's text exactly as written in the file.
                scripts.append((page.inner(at)[1], lines[at] + token.source.count("\n")))
        elif token.tag == "style":
            styles.append(page.inner(at)[1])
    return scripts, styles, style_attributes


def _first_in_head(page: Page, head: int) -> int:
    """Where the policy goes: right after <head ...>, or after a <meta charset> that comes first in it.

    The charset must stay within the page's first 1024 bytes; it loads nothing, so the policy
    may follow it and still come before everything it governs.
    """
    first = next((at for at in range(head + 1, len(page.tokens)) if page.tokens[at].kind in (START, EMPTY)), None)
    if first is not None and page.tokens[first].tag == "meta" and "charset" in page.tokens[first].attrs:
        return first + 1
    return head + 1
