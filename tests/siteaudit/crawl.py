"""Every page in Chromium, as three readers meet it: light scheme, dark scheme, JavaScript off.

Each visit is a fresh browser context (an empty cache), so a page's requests are its first view.
Light: axe, console errors, uncaught exceptions, CSP violations, other hosts, the first view's
compressed weight, a chart library at load, the Khmer font on English pages. Dark: axe and the
same errors. JavaScript off, dark-preferring, on a 360 px phone: axe, the colour scheme the page
shows, sideways scroll (at load and once the fonts are in, and again with the web fonts refused).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.siteaudit import allowed, phone
from tests.siteaudit.site import compressed_size, file_for

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.2 AA, as the tests check
CHART_LIBRARY = "vega.js"
# A language's web font, by the word its files are named with, and the letters that need it: a page
# loads the font only when it shows those letters outside the language menu (which names each
# language in itself).
FONTS = {"km": ("khmer", "[\\u1780-\\u17ff\\u19e0-\\u19ff]")}
_SHOWS = """(letters) => {
  const page = document.body.cloneNode(true);
  page.querySelectorAll('.md-select, script, style').forEach((n) => n.remove());
  return new RegExp(letters).test(page.textContent);
}"""
# The page reports its own CSP violations (the console says so too, which catches JavaScript-off pages).
_LISTEN = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*application/(?:ld\+)?json)[^>]*>.*?</script>", re.S | re.I)
_SCHEME = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const [r, g, b] = parse(getComputedStyle(document.body).backgroundColor);
  return {dark: Math.max(r, g, b) < 80};
}"""


@dataclass
class Visit:
    """What one page did in one mode."""

    path: str
    mode: str  # light, dark, nojs
    status: int = 0
    axe: list[str] = field(default_factory=list)  # "rule (impact) at selector"
    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # same-host paths
    weight: int = 0  # compressed bytes of the first view
    shows: list[str] = field(default_factory=list)  # the languages (of FONTS) whose letters the page shows
    dark: bool | None = None
    scroll: int = 0  # the page's widest width, with the web fonts and with them refused (JavaScript off)
    wide: list[str] = field(default_factory=list)  # what sticks out, when the page is wider than the phone


def visit(browser, base: str, site: Path, path: str, mode: str) -> Visit:
    """Load one page in one mode and record what it did."""
    options: dict = {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark" if mode == "dark" else "light"}
    if mode == "nojs":
        options = {"viewport": {"width": 360, "height": 800}, "color_scheme": "dark", "java_script_enabled": False}
    context = browser.new_context(**options)
    page = context.new_page()
    found = Visit(path, mode)
    page.add_init_script(_LISTEN)
    page.on("request", lambda r: _request(found, base, r.url))
    page.on("console", lambda m: _console(found, m.type, m.text))
    page.on("pageerror", lambda e: found.exceptions.append(str(e).splitlines()[0]))
    try:
        response = page.goto(base + path, wait_until="load")
        found.status = response.status if response else 0
        if mode == "nojs":
            found.dark = page.evaluate(_SCHEME)["dark"]
            found.scroll, what = phone.sideways(page)
            found.wide += [f"{found.scroll} px with the web fonts: {what}"] if found.scroll > phone.WIDTH else []
        else:
            _settle(page)
            found.csp += [c for c in page.evaluate("window.__csp || []") if c not in found.csp]
            found.axe = _axe(page)
            found.shows = [lang for lang, (_, letters) in FONTS.items() if page.evaluate(_SHOWS, letters)]
        found.weight = sum(compressed_size(f) for p in set(found.requests) if (f := file_for(site, p)))
    finally:
        context.close()
    if mode == "nojs":
        found.axe = _axe_without_scripts(browser, base + path, options)
        scroll, what = _sideways_without_fonts(browser, base + path, options)
        found.wide += [f"{scroll} px with the web fonts refused: {what}"] if scroll > phone.WIDTH else []
        found.scroll = max(found.scroll, scroll)
    return found


def _sideways_without_fonts(browser, url: str, options: dict) -> tuple[int, str]:
    """The page's width with JavaScript off and every web font refused (a fallback font's glyphs are wider)."""
    context = browser.new_context(**options)
    phone.block_fonts(context)
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        return phone.sideways(page)
    finally:
        context.close()


def _axe(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    return violations(results.response)


def _axe_without_scripts(browser, url: str, options: dict) -> list[str]:
    """axe on a page as it is with JavaScript off.

    axe needs timers, which a browser with JavaScript off does not run; so the page is loaded with
    JavaScript on but none of its own scripts: every script file refused, every inline script
    taken out of the HTML (the JSON data blocks stay: they are not run).
    """
    context = browser.new_context(**{**options, "java_script_enabled": True})
    page = context.new_page()

    def strip(route) -> None:
        request = route.request
        if request.resource_type == "script":
            route.abort()
        elif request.resource_type == "document":
            response = route.fetch()
            route.fulfill(response=response, body=_INLINE_SCRIPT.sub("", response.text()))
        else:
            route.continue_()

    page.route("**/*", strip)
    try:
        page.goto(url, wait_until="load")
        return _axe(page)
    finally:
        context.close()


def _settle(page) -> None:
    with contextlib.suppress(Exception):  # a page that keeps fetching is measured as it stands
        page.wait_for_load_state("networkidle", timeout=5000)


def violations(response: dict) -> list[str]:
    """One line per axe violation on one element, of any impact, less those listed in allowed.AXE."""
    lines = []
    for violation in response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if (violation["id"], target) in allowed.AXE:
                continue
            summary = " ".join((node.get("failureSummary") or violation["help"]).split())
            lines.append(f"{violation['id']} ({violation['impact']}) at {target}: {summary}")
    return lines


def crawl(browser, base: str, site: Path, paths: list[str], progress: Callable[[str], None]) -> list[Visit]:
    """Every page in every mode."""
    visits = []
    for n, path in enumerate(paths, 1):
        for mode in ("light", "dark", "nojs"):
            visits.append(visit(browser, base, site, path, mode))
        if n % 10 == 0 or n == len(paths) or len(paths) < 20:
            progress(f"crawl: {n}/{len(paths)} pages")
    return visits


def _request(found: Visit, base: str, url: str) -> None:
    if url.startswith(base):
        found.requests.append(urlsplit(url).path)
    elif not url.startswith(("data:", "blob:", "about:")):
        found.foreign.append(url)


def _console(found: Visit, kind: str, text: str) -> None:
    if "Content Security Policy" in text or "Content-Security-Policy" in text:
        found.csp.append(text.splitlines()[0])
    elif kind == "error":
        found.console.append(text.splitlines()[0])
