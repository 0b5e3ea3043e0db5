"""How current each indicator is, and the version readers cite."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from scripts.build import check
from scripts.release import Release
from tests.conftest import DATA


@pytest.fixture(scope="module")
def cases():
    return next(i for i in check(DATA).indicators if i.id == "cases-cracked-down")


@pytest.mark.parametrize(
    ("frequency", "last", "built", "expected", "overdue"),
    [
        ("annual", "2026-11-28", "2026-11-28", "2027-11-28", False),
        ("annual", "2025-01-31", "2026-03-01", "2026-01-28", True),
        ("half-yearly", "2026-03-15", "2026-09-14", "2026-09-15", False),
        ("irregular", "2026-03-15", "2030-01-01", "", False),
    ],
)
def test_next_expected_update_and_overdue(cases, frequency, last, built, expected, overdue) -> None:
    ind = replace(cases, update_frequency=frequency)
    release = Release("abc", dt.date.fromisoformat(built), {ind.id: last})
    assert (release.next_expected(ind), release.overdue(ind)) == (expected, overdue)


def test_an_indicator_missing_from_the_log_has_no_dates(cases) -> None:
    release = Release("abc", dt.date(2026, 11, 28), {})
    assert (release.last_update(cases), release.next_expected(cases), release.overdue(cases)) == ("", "", False)


def test_indicator_page_shows_freshness_and_the_cited_version(built_site: Path) -> None:
    html = (built_site / "indicators" / "cases-cracked-down" / "index.html").read_text(encoding="utf-8")
    assert "Last updated 28 November 2026" in html and "next figures expected by 28 November 2027" in html
    assert "Version " in html and ", built " in html
    khmer = (built_site / "km" / "indicators" / "cases-cracked-down" / "index.html").read_text(encoding="utf-8")
    assert "វិច្ឆិកា" in khmer


def test_english_only_pages_say_so_in_khmer(built_site: Path) -> None:
    for page in ("privacy", "updates", "guide"):
        html = (built_site / "km" / page / "index.html").read_text(encoding="utf-8")
        assert "មិន\u200bទាន់\u200bបាន\u200bបកប្រែ" in html or "មិនទាន់បានបកប្រែ" in html, page
        assert 'lang="en"' in html


def test_use_the_data_page_lists_every_download(built_site: Path) -> None:
    html = (built_site / "usedata" / "index.html").read_text(encoding="utf-8")
    for path in ("data/all.csv", "data/datapackage.json", "data/index.json", "feed.xml", "data/tip-tier.csv"):
        assert path in html, path
        assert (built_site / path).is_file(), path
    assert "pd.read_csv" in html and "read.csv" in html
