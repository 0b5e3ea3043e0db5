"""What readers see in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_reader_opens_home_and_sees_headline_numbers_by_pillar(page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    assert page.locator("h2", has_text="Prosecution").count() == 1
    card = page.locator(".card", has_text="Cases cracked down")
    assert "197" in card.inner_text()
    assert page.locator("figure.chart .chart__svg svg").count() >= 1  # the TIP tier over time
    assert page.foreign_requests == [] and page.console_errors == []


def test_reader_opens_cases_page_and_finds_chart_and_seed_figures(page, site_url: str) -> None:
    page.goto(f"{site_url}/indicators/cases-cracked-down/")
    # The static SVG is the chart: on screen at once, with no chart library.
    chart = page.locator("figure.chart .chart__svg--wide svg").first
    assert chart.is_visible() and chart.bounding_box()["width"] > 300
    table = page.locator("table.data-table").inner_text()
    assert "159" in table and "134" in table
    assert "Hunt down the masterminds" in page.locator("#sources ~ ul").first.inner_text()
    assert page.foreign_requests == [] and page.console_errors == []


def test_reader_follows_menu_from_home_to_an_indicator(page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    page.get_by_role("link", name="Victims rescued", exact=True).first.click()
    page.wait_for_url("**/indicators/victims-rescued/")
    assert "575" in page.locator("table.data-table").inner_text()


def test_the_search_index_loads_only_when_the_reader_turns_to_search(page, site_url: str) -> None:
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}/km/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "search_index.json" in u or "/workers/search." in u]  # not in the first view
    page.locator("input.md-search__input").click()
    page.keyboard.type("ករណី", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert any(u.endswith("/km/search/search_index.json") for u in requests)
    assert "/km/" in page.locator(".md-search-result__link").first.get_attribute("href")


def test_an_english_page_downloads_no_khmer_font_and_a_khmer_page_does(page, site_url: str) -> None:
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    page.goto(f"{site_url}/indicators/cases-cracked-down/")  # its language menu says ខ្មែរ
    page.wait_for_load_state("networkidle")
    assert fonts == []
    page.goto(f"{site_url}/km/indicators/cases-cracked-down/")
    page.wait_for_load_state("networkidle")
    assert any("khmer" in f for f in fonts)


def test_chart_reads_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{site_url}/indicators/victims-rescued/")
    assert pg.locator("figure.chart svg").first.is_visible()
    assert "Calendar years" in pg.locator("figure.chart svg").first.inner_html()
    context.close()


def test_vega_loads_only_when_the_reader_asks_to_explore(page, site_url: str) -> None:
    scripts = []
    page.on("request", lambda r: scripts.append(r.url.rsplit("/", 1)[-1]) if r.url.endswith(".js") else None)
    page.goto(f"{site_url}/indicators/cases-cracked-down/")
    page.locator("figure.chart").first.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(300)
    assert "charts.js" in scripts and "vega.js" not in scripts  # not at load, not on scroll
    page.get_by_role("button", name="Explore the chart").first.click()
    page.wait_for_selector("figure.chart .chart__live svg", timeout=15000)
    assert "vega.js" in scripts
    assert page.locator("figure.chart").first.locator(".chart__svg--wide").is_hidden()
    page.locator("figure.chart .chart__live [aria-roledescription='bar']").first.hover()
    assert "2016" in page.locator(".chart-tip").inner_text()
    assert page.console_errors == [] and page.foreign_requests == []


def test_chart_shows_a_value_on_hover_and_on_keyboard_and_hides_it_on_escape_and_blur(page, site_url: str) -> None:
    page.goto(f"{site_url}/indicators/cases-cracked-down/")
    tip = page.locator(".chart-tip")
    bars = page.locator("figure.chart .chart__svg--wide [aria-roledescription='bar']")
    bars.first.hover()
    assert tip.is_visible() and "2016" in tip.inner_text() and "92" in tip.inner_text()
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    page.mouse.move(0, 0)
    # The keyboard: Tab to the chart, the arrow keys from mark to mark, in period order.
    page.locator("figure.chart .chart__svg--wide").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert tip.is_visible() and "Period" in tip.inner_text()
    page.keyboard.press("End")
    assert "2024" in tip.inner_text() or "Jan–Jun 2024" in tip.inner_text()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert "2017" in tip.inner_text()
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    page.keyboard.press("ArrowRight")
    assert tip.is_visible()
    page.keyboard.press("Tab")  # focus leaves the chart: the value goes with it
    assert tip.is_hidden()
    assert page.console_errors == [] and page.foreign_requests == []


def test_a_tap_on_a_phone_shows_a_value_and_a_tap_elsewhere_hides_it(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    pg = context.new_page()
    pg.goto(f"{site_url}/indicators/cases-cracked-down/")
    tip = pg.locator(".chart-tip")
    bar = pg.locator("figure.chart .chart__svg--phone [aria-label^='Period: 2018;']").first
    bar.scroll_into_view_if_needed()
    bar.tap()
    assert tip.is_visible() and "2018" in tip.inner_text()
    pg.locator("h1").tap()
    assert tip.is_hidden()
    bar.tap()
    assert tip.is_visible()
    pg.mouse.wheel(0, 200)
    pg.wait_for_timeout(200)
    assert tip.is_hidden()  # scrolling hides it
    context.close()


PHONE_STORIES = [
    ("/", 11),
    ("/indicators/cases-cracked-down/", 11),
    ("/km/", 12),
    ("/km/indicators/cases-cracked-down/", 12),
]


@pytest.mark.parametrize(("path", "smallest"), PHONE_STORIES)
def test_on_a_360_px_phone_every_chart_fits_with_readable_text_and_the_latest_period(
    browser, site_url: str, path: str, smallest: int
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(f"{site_url}{path}")
    pg.wait_for_timeout(300)
    found = pg.evaluate(
        """() => {
          const charts = [...document.querySelectorAll('figure.chart svg')].filter(s => s.getBoundingClientRect().width);
          return {
            scroll: document.documentElement.scrollWidth,
            charts: charts.map(svg => {
              const box = svg.getBoundingClientRect();
              const scale = box.width / svg.viewBox.baseVal.width;
              const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
              const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
              const years = texts.filter(t => /^(2024|២០២៤)$/.test(t.textContent.trim())).map(t => {
                const r = t.getBoundingClientRect();
                return r.left >= 0 && r.right <= innerWidth && r.width > 0;
              });
              return {left: box.left, right: box.right, smallest: Math.min(...sizes), latest: years};
            }),
          };
        }"""
    )
    assert found["scroll"] <= 360, f"{path} scrolls sideways: {found['scroll']} px"
    assert found["charts"], f"no chart drawn on {path}"
    for chart in found["charts"]:
        assert chart["left"] >= 0 and chart["right"] <= 360, chart
        assert chart["smallest"] >= smallest, chart
    assert any(any(c["latest"]) for c in found["charts"]), "the latest period (2024) is not labelled on screen"
    assert not any(r.endswith("/vega.js") for r in requests)
    context.close()


def test_dark_scheme_keeps_axis_text_readable(page, site_url: str) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(f"{site_url}/indicators/cases-cracked-down/")
    colours = page.evaluate(
        """() => {
          const text = document.querySelector('figure.chart .chart__svg svg text');
          const parse = c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
          return [parse(getComputedStyle(text).fill), parse(getComputedStyle(document.body).backgroundColor)];
        }"""
    )
    assert _contrast(*colours) >= 4.5


def test_embed_page_shows_the_chart_alone(page, site_url: str) -> None:
    page.goto(f"{site_url}/embed/victims-rescued/")
    page.locator("figure.chart .chart__svg svg").first.wait_for(state="visible", timeout=15000)
    assert page.locator("header.md-header").count() == 0
    assert "575" in page.locator("figure.chart").first.inner_html()


def _contrast(fg: list[float], bg: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    lighter, darker = sorted([luminance(fg), luminance(bg)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(("prefix", "name"), [("", "Phnom Penh"), ("/km", "រាជធានីភ្នំពេញ")])
def test_reader_tabs_through_the_province_map_to_phnom_penh(page, site_url: str, prefix: str, name: str) -> None:
    page.goto(f"{site_url}{prefix}/provinces/")
    tiles = page.locator("figure.tilemap li.tile a")
    assert tiles.count() == 25 and tiles.first.is_visible()
    tiles.first.focus()
    for _ in range(25):  # the keyboard alone reaches the capital's tile, row by row
        if "kh-12/" in (page.evaluate("document.activeElement.getAttribute('href')") or ""):
            break
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.innerText").replace("\u200b", "")
    assert name in focused
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{prefix}/provinces/kh-12/")
    table = page.locator("table.data-table").inner_text()
    assert "57" in table and "45" in table
    assert page.foreign_requests == [] and page.console_errors == []


def test_the_palette_toggle_works_when_the_page_already_carries_the_palette(browser, site_url: str) -> None:
    # The palette the theme will choose is on the body before the page is first styled (see the
    # next test, where the theme's script never runs): the theme's start changes nothing, and its
    # toggle still switches palettes.
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/")
        page.wait_for_function("() => window.component$ !== undefined")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert page.evaluate("document.documentElement.className") == "js-focus-visible js"
        page.locator("label[for=__palette_0]").click()  # the toggle to the light palette
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    finally:
        context.close()


# Records, once the page's footer is parsed (the page is there to be drawn), every write to the
# body's palette attributes and every colour-scheme or theme-color meta added to the head.
_LATE_PALETTE_WRITES = """
window.__late = [];
new MutationObserver(records => {
  if (!document.querySelector("footer")) return;
  for (const r of records) {
    if (r.type === "attributes" && r.target === document.body) window.__late.push(r.attributeName);
    for (const n of r.addedNodes) if (n.nodeName === "META") window.__late.push("meta " + n.name);
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: [
  "data-md-color-media", "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent",
  "data-md-color-switching"]});
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_theme_start_leaves_the_palette_as_the_page_was_first_styled(browser, site_url: str, scheme: str) -> None:
    # The theme's palette component, at every page load, marked the body "switching" and added the
    # colour-scheme meta once the page was there: each write restyled every element of a page
    # already drawn (issue #15: the Khmer home's blocking time on Lighthouse's phone). The
    # palette and the metas are written while the header is parsed, and not again at load.
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(_LATE_PALETTE_WRITES)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/km/")
        page.wait_for_function("() => window.component$ !== undefined")
        page.wait_for_timeout(300)  # the theme's component took its "switching" mark off a task later
        assert page.evaluate("window.__late") == []
        want = {"light": ["default", "light"], "dark": ["slate", "dark"]}[scheme]
        shown = "[document.body.dataset.mdColorScheme, document.querySelector('meta[name=color-scheme]').content]"
        assert page.evaluate(shown) == want
        assert page.evaluate("document.querySelectorAll('meta[name=color-scheme], meta[name=theme-color]').length") == 2
    finally:
        context.close()


def test_a_reader_switches_the_palette_by_toggle_or_enter_and_it_is_kept(browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    shown = """() => [document.body.dataset.mdColorScheme, document.querySelector('meta[name=color-scheme]').content,
                      document.querySelector('meta[name=theme-color]').content]"""
    try:
        page.goto(f"{site_url}/km/")
        page.wait_for_function("() => window.component$ !== undefined")
        dark = page.evaluate(shown)
        assert dark[:2] == ["slate", "dark"] and dark[2].startswith("#")
        assert page.locator("label[for^=__palette]:visible").count() == 1  # one toggle, the one to light
        page.locator("label[for=__palette_0]").click()
        light = page.evaluate(shown)
        assert light[:2] == ["default", "light"] and light[2] != dark[2]  # the browser's bar follows the header
        page.goto(f"{site_url}/indicators/cases-cracked-down/")  # the choice is kept, on every page
        assert page.evaluate(shown) == light
        page.locator("#__palette_0").focus()  # the keyboard: Enter on the toggle switches too
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
        assert page.evaluate(shown) == dark and page.locator("label[for=__palette_0]").is_visible()
    finally:
        context.close()


def test_a_page_load_fetches_no_sitemap(page, site_url: str) -> None:
    # The theme fetched and parsed sitemap.xml (41 KB) on every page for the feed's <link
    # rel=alternate>, which it took for another language's site: a long task on a phone, for nothing.
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}/km/")
    page.wait_for_function("() => window.component$ !== undefined")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "sitemap" in u]
    assert page.console_errors == []


def test_without_the_theme_script_the_page_is_as_with_javascript_off(browser, site_url: str) -> None:
    # The head marks the page "js" before the theme's script runs; if that script never comes, the
    # page gets its "no-js" styles back (the search box hidden, focus rings as the browser draws them).
    context = browser.new_context(color_scheme="dark")
    context.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(f"{site_url}/")
        assert page.evaluate("document.documentElement.className") == "no-js"
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    finally:
        context.close()
