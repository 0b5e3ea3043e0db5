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
    # The chart is on screen at once, so its interactive view replaces the static one.
    chart = page.locator("figure.chart .chart__live svg").first
    chart.wait_for(state="visible", timeout=15000)
    assert chart.bounding_box()["width"] > 300
    table = page.locator("table.data-table").inner_text()
    assert "159" in table and "134" in table
    assert "Hunt down the masterminds" in page.locator("#sources ~ ul").first.inner_text()
    assert page.foreign_requests == [] and page.console_errors == []


def test_reader_follows_menu_from_home_to_an_indicator(page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    page.get_by_role("link", name="Victims rescued", exact=True).first.click()
    page.wait_for_url("**/indicators/victims-rescued/")
    assert "575" in page.locator("table.data-table").inner_text()


def test_chart_reads_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{site_url}/indicators/victims-rescued/")
    assert pg.locator("figure.chart svg").first.is_visible()
    assert "Calendar years" in pg.locator("figure.chart svg").first.inner_html()
    context.close()


def test_chart_script_waits_until_the_chart_is_on_screen(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 300})
    pg = context.new_page()
    scripts = []
    pg.on("request", lambda r: scripts.append(r.url.rsplit("/", 1)[-1]) if r.url.endswith(".js") else None)
    pg.goto(f"{site_url}/indicators/cases-cracked-down/")
    pg.wait_for_timeout(300)
    assert "vega.js" not in scripts
    pg.locator("figure.chart").first.scroll_into_view_if_needed()
    pg.wait_for_selector("figure.chart .chart__live svg", timeout=15000)
    assert "vega.js" in scripts
    context.close()


def test_interactive_chart_shows_a_tooltip_on_hover_and_on_keyboard_focus(page, site_url: str) -> None:
    page.goto(f"{site_url}/indicators/cases-cracked-down/")
    page.locator("figure.chart").first.scroll_into_view_if_needed()
    page.wait_for_selector("figure.chart .chart__live svg", timeout=15000)
    tooltip = page.locator("#vg-tooltip-element")
    bars = page.locator('figure.chart .chart__live [tabindex="0"]')
    bars.first.hover()
    page.wait_for_selector("#vg-tooltip-element.visible")
    assert "2016" in tooltip.inner_text() and "92" in tooltip.inner_text()
    page.mouse.move(0, 0)
    bars.nth(2).focus()
    page.wait_for_selector("#vg-tooltip-element.visible")
    assert "Period" in tooltip.inner_text()
    assert page.console_errors == [] and page.foreign_requests == []


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
    page.locator("figure.chart .chart__live svg").first.wait_for(state="visible", timeout=15000)
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
