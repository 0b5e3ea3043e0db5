"""Generated pages: the numbers, statuses and sources a reader must find, and a golden page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.build import check
from scripts.charts import charts
from scripts.compute import compute
from scripts.i18n import locale
from scripts.pages import md, pages
from scripts.translations import coverage

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    data = check(DATA)
    facts = compute(data)
    figures = {
        lang: {i.id: charts(i, facts[i.id], data.site, data.events, locale(lang)) for i in data.indicators}
        for lang in data.site.languages
    }
    return pages(data, facts, figures, coverage(data))


def _text(markdown: str) -> str:
    """Page text with tags and Markdown escapes removed, whitespace folded."""
    text = re.sub(r"<svg.*?</svg>", "", markdown, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text).replace("\\", "")
    return " ".join(text.split())


def test_every_indicator_and_reference_page_exists(generated) -> None:
    data = check(DATA)
    expected = {"index.md", "indicators/index.md", "sources.md", "methodology.md", "about.md", "translations.md"}
    expected |= {f"indicators/{i.id}.md" for i in data.indicators}
    expected |= {f"embed/{i.id}.md" for i in data.indicators if i.published}
    assert set(generated) == expected | {p.replace(".md", ".km.md") for p in expected}


@pytest.mark.parametrize(
    ("page", "phrases"),
    [
        ("indicators/cases-cracked-down.md", ["2017 Cambodia", "159", "2018 Cambodia", "134", "Hunt down the masterminds"]),
        ("indicators/suspects-detained.md", ["224", "203 derived Derived: 224 (2018) minus 21"]),
        ("indicators/victims-rescued.md", ["2017–2018 (total) multi-year total", "575", "Jan–Oct 2018 part of a year"]),
        ("indicators/victims-rescued-abroad.md", ["Japan fewer than 10 suppressed", "Malaysia 351"]),
        ("indicators/ringleaders-arrested.md", ["No figure has been published yet"]),
    ],
)
def test_seed_figures_are_on_their_pages_with_status_and_source(generated, page: str, phrases: list[str]) -> None:
    text = _text(generated[page])
    missing = [p for p in phrases if p not in text]
    assert missing == []


def test_pages_say_they_are_generated(generated) -> None:
    assert all("Generated from data/" in text for text in generated.values())


def test_front_matter_stays_first(generated) -> None:
    page = generated["indicators/cases-cracked-down.md"]
    assert page.startswith('---\ntitle: "Cases cracked down"\n')


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\]\\(javascript:alert\\(1\\)\\)"),
        ("# heading", "\\# heading"),
    ],
)
def test_md_filter_makes_text_inert(hostile: str, expected: str) -> None:
    assert str(md(hostile)) == expected


def test_cases_page_matches_golden(generated, update_golden: bool) -> None:
    page = re.sub(r"<svg.*?</svg>", "<svg><!-- chart: see tests/golden/*.vl.json --></svg>", generated["indicators/cases-cracked-down.md"], flags=re.S)
    golden = GOLDEN / "cases-cracked-down.md"
    if update_golden:
        golden.write_text(page, encoding="utf-8")
    assert page == golden.read_text(encoding="utf-8"), "page changed: rerun with --update-golden if intended"
