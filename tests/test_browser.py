"""What readers see in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_reader_opens_home_and_sees_headline_numbers_by_pillar(page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    assert page.locator("h2", has_text="Prosecution").count() == 1
    card = page.locator(".card", has_text="Cases cracked down")
    assert "197" in card.inner_text()
    assert page.locator("figure.chart svg").count() >= 1  # the TIP tier over time
    assert page.foreign_requests == [] and page.console_errors == []


def test_reader_opens_cases_page_and_finds_chart_and_seed_figures(page, site_url: str) -> None:
    page.goto(f"{site_url}/indicators/cases-cracked-down/")
    chart = page.locator("figure.chart svg").first
    assert chart.is_visible()
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
