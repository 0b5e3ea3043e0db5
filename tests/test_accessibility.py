"""WCAG 2.2 AA and a clean page, for every reader: a sample of pages in light, dark and JavaScript off.

Each page is visited as `make audit` visits every page (tests/siteaudit/crawl.py): axe-core
(from the axe-playwright-python wheel, nothing fetched at test time) with no violation of any
impact, and no console error, uncaught exception, CSP violation or request to another host.
The internal links and anchors of the whole site are checked with lychee, offline.
A failure lists each problem: rule, impact, the element's selector, and axe's summary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.siteaudit import crawl, links
from tests.siteaudit.crawl import TAGS

pytestmark = pytest.mark.browser

INTERACTIVE_CHART = "/indicators/cases-cracked-down/"
PAGES = [
    "/",
    INTERACTIVE_CHART,
    "/indicators/victims-rescued-abroad/",
    "/provinces/",
    "/availability/",
    "/km/indicators/victims-rescued/",
    "/km/guide/problems/",  # a long table that stacks on phones, in Khmer
    "/embed/cases-cracked-down/",
    "/404.html",
]

# Violations left out on purpose, each with a reason and an upstream reference: tests/siteaudit/allowed.py.


@pytest.mark.parametrize("mode", ["light", "dark", "nojs"])
@pytest.mark.parametrize("path", PAGES)
def test_every_reader_meets_a_clean_page(browser, built_site: Path, site_url: str, path: str, mode: str) -> None:
    found = crawl.visit(browser, site_url, built_site, path, mode)
    problems = [
        *([f"status {found.status}"] if found.status != 200 else []),
        *found.axe,
        *(f"console: {c}" for c in found.console),
        *(f"uncaught: {e}" for e in found.exceptions),
        *(f"CSP: {c}" for c in found.csp),
        *(f"other host: {u}" for u in found.foreign),
    ]
    assert problems == [], f"{len(problems)} problem(s) on {path} ({mode}):\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_interactive_view_has_no_wcag_violations(page, site_url: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}{INTERACTIVE_CHART}")
    # The interactive view loads only when the reader asks to explore.
    page.locator("figure.chart button.chart__explore").first.click()
    page.wait_for_selector("figure.chart .chart__live svg", timeout=15000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    problems = crawl.violations(results.response)
    assert not problems, f"{len(problems)} WCAG violation(s) in the interactive view ({scheme}):\n" + "\n".join(
        problems
    )


def test_no_internal_link_or_anchor_is_broken(built_site: Path) -> None:
    checked, broken = links.check(built_site)
    assert checked > 1000 and broken == [], "\n".join(broken)
