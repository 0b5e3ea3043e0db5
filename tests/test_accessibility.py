"""WCAG 2.2 AA: axe-core on the site's main kinds of page, in the light and the dark colour scheme.

axe-core comes from the axe-playwright-python wheel (its axe.min.js); nothing is fetched at test time.
A failure lists each serious or critical violation: rule, impact, the element's selector, and axe's summary.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
INTERACTIVE_CHART = "/indicators/cases-cracked-down/"
PAGES = [
    "/",
    INTERACTIVE_CHART,
    "/indicators/victims-rescued-abroad/",
    "/provinces/",
    "/availability/",
    "/km/indicators/victims-rescued/",
    "/embed/cases-cracked-down/",
]

# (rule id, exact selector) pairs to leave out, each for a stated reason: a violation in Material's own
# markup that the site cannot reasonably change. None is needed now; add one here, never a whole rule.
EXCLUDED: set[tuple[str, str]] = set()


def _blocking(results: dict) -> list[str]:
    """One readable line per serious or critical violation on one element."""
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if (violation["id"], target) in EXCLUDED:
                continue
            summary = node.get("failureSummary") or violation["help"]
            summary = " ".join(summary.split())
            lines.append(f"{violation['id']} ({violation['impact']}) at {target}: {summary}")
    return lines


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_wcag_violations(page, site_url: str, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}{path}")
    if path == INTERACTIVE_CHART:
        # The interactive view loads only when the reader asks to explore: check it too.
        page.locator("figure.chart button.chart__explore").first.click()
        page.wait_for_selector("figure.chart .chart__live svg", timeout=15000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    problems = _blocking(results.response)
    assert not problems, f"{len(problems)} serious/critical WCAG violation(s) on {path} ({scheme}):\n" + "\n".join(
        problems
    )
