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
from html.parser import HTMLParser
from pathlib import Path

import material

from scripts.problems import DataError, Problem

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


def secure(site_dir: Path) -> None:
    """Put a Content-Security-Policy and a no-referrer policy first in every page's <head>.

    Only a <meta charset> may come before them: it must stay in the first 1024 bytes. A page
    with an inline script the theme did not write is not secured but refused: DataError.
    """
    problems: list[Problem] = []
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        name = f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}"
        secured = secure_page(html, name, problems)
        if secured != html:
            path.write_text(secured, encoding="utf-8", newline="")
    if problems:
        raise DataError(problems)


def allow_script(html: str, script: str) -> str:
    """The page with one more inline script allowed, by the hash of its exact text.

    Only the local preview uses this, per response, for the reload script its server injects;
    the built (published) pages keep their own policy unchanged.
    """
    [digest] = _hashes([script])
    return re.sub(f"({re.escape(_META)}[^\"]*script-src 'self')", rf"\1 {digest}", html, count=1)


def secure_page(html: str, name: str = "page", problems: list[Problem] | None = None) -> str:
    """One page with its policy (scripts/finish.py calls this per page); a foreign script goes to `problems`."""
    page = _Page(html)
    if page.head is None:  # not a page (e.g. a fragment): nothing to protect
        return html
    # A page secured before (a second run) gets a fresh policy rather than a second one.
    if page.own_meta:
        for start, end in reversed(page.own_meta):
            html = html[:start] + html[end:]
        page = _Page(html)
        assert page.head is not None
    foreign = [(text, line) for text, line in page.scripts if not is_theme_script(text)]
    for text, line in foreign:
        found = Problem(name, line, 0, "unexpected-script",
                        "this page has an inline script that the site's theme did not write, so it is not allowed to run",
                        "text from data/ must never become a script: find the value it came from (a title, an "
                        "address, a note) and report the escaping bug", got=text)  # fmt: skip
        if problems is None:
            raise DataError([found])
        problems.append(found)
    if foreign:
        return html
    meta = f'{_META}{_policy(page)}"><meta name="referrer" content="no-referrer">'
    return html[: page.head] + meta + html[page.head :]


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


def _policy(page: _Page) -> str:
    """The policy for one page: its inline scripts and styles, by hash."""
    style = ["'self'", *_hashes(page.styles)]
    if page.style_attributes:
        style += ["'unsafe-hashes'", *_hashes(page.style_attributes)]
    directives = [
        "default-src 'none'",
        " ".join(["script-src 'self'", *_hashes([text for text, _ in page.scripts])]),
        " ".join(["style-src", *style]),
    ]
    return "; ".join([*directives, *FIXED])


def _hashes(items: list[str]) -> list[str]:
    digests = {base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") for text in items}
    return [f"'sha256-{d}'" for d in sorted(digests)]


class _Page(HTMLParser):
    """Where a page's head starts, and the inline code and styles a policy must allow."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        # Where each line starts: the parser counts lines by "\n" alone, and so does this.
        self.lines = [0]
        for line in html.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.head: int | None = None  # where the policy goes: after <head ...> (and <meta charset>)
        self._after_head = False
        self.scripts: list[tuple[str, int]] = []  # inline code (not data) and the line it starts on
        self.styles: list[str] = []
        self.style_attributes: list[str] = []
        self.own_meta: list[tuple[int, int]] = []  # our meta elements from an earlier run
        self._inline: tuple[str, int] | None = None  # (tag, offset where its text starts)
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        end = self._offset() + len(self.get_starttag_text() or "")
        if "style" in values and values["style"].strip():
            self.style_attributes.append(values["style"])
        if self.head is not None and not self._after_head:
            self._after_head = True
            # The charset must stay within the page's first 1024 bytes; it loads nothing, so
            # the policy may follow it and still come before everything it governs.
            if tag == "meta" and "charset" in values:
                self.head = end
        if tag == "head" and self.head is None:
            self.head = end
        elif tag == "script" and "src" not in values and values.get("type", "").strip().lower() not in DATA_TYPES:
            self._inline = ("script", end)
        elif tag == "style":
            self._inline = ("style", end)
        elif tag == "meta" and (
            values.get("http-equiv", "").lower() == "content-security-policy" or values.get("name") == "referrer"
        ):
            self.own_meta.append((self._offset(), end))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._inline = None

    def handle_endtag(self, tag: str) -> None:
        if self._inline and self._inline[0] == tag:
            # The hash covers the element's text exactly as written in the file.
            text = self.html[self._inline[1] : self._offset()]
            if tag == "script":
                self.scripts.append((text, self.html.count("\n", 0, self._inline[1]) + 1))
            else:
                self.styles.append(text)
        self._inline = None
