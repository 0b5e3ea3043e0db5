"""How current each indicator is, and the version readers cite."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from scripts.build import check
from scripts.model import Indicator, Observation, Series, Text, Where, parse_period
from scripts.problems import DataError
from scripts.release import Release


def _indicator(frequency: str, lag: int | None, *periods: str, status: str = "reported") -> Indicator:
    observations = tuple(
        Observation("x", parse_period(p), "KH", "a", (), 1, "", status, "src", "", "", Where("x.csv", n))
        for n, p in enumerate(periods, start=2)
    )
    return Indicator("x", Text("X"), Text(""), "p", "count", Text("cases"), Text(""), "neutral", False,
                     (Series("a", Text("A")),), update_frequency=frequency, release_lag_months=lag,
                     observations=observations)  # fmt: skip


@pytest.mark.parametrize(
    ("frequency", "lag", "periods", "built", "latest", "following", "due", "overdue"),
    [
        # A year's figures out by the end of March: 2025's are due on 31 March 2026.
        ("annual", 3, ["2023", "2024"], "2026-03-31", "2024", "2025", "2026-03-31", False),
        ("annual", 3, ["2024", "2023"], "2026-04-01", "2024", "2025", "2026-03-31", True),
        # The edit date plays no part: only the latest period and the declared lag.
        ("annual", 0, ["2019"], "2026-12-01", "2019", "2020", "2020-12-31", True),
        # A report named after the year it appears in (an edition of 2025 due by June 2025).
        ("annual", -6, ["2024"], "2025-06-30", "2024", "2025", "2025-06-30", False),
        # Part-year and multi-year figures do not move the cycle on.
        ("annual", 3, ["2023", "2024-01/2024-06", "2023/2024"], "2025-01-01", "2023", "2024", "2025-03-31", False),
        ("half-yearly", 2, ["2024-01/2024-06", "2024-07/2024-12"], "2025-09-01", "2024-07/2024-12",
         "2025-01/2025-06", "2025-08-31", True),
        # A February due date in a leap year ends on the 29th.
        ("annual", 2, ["2022"], "2024-02-29", "2022", "2023", "2024-02-29", False),
    ],
)  # fmt: skip
def test_next_figures_are_due_from_the_latest_period_and_the_declared_lag(
    frequency, lag, periods, built, latest, following, due, overdue
) -> None:
    fresh = Release("abc", dt.date.fromisoformat(built)).freshness(_indicator(frequency, lag, *periods))
    assert fresh is not None
    assert (fresh.latest.code(), fresh.next.code(), fresh.due.isoformat(), fresh.overdue) == (
        latest, following, due, overdue
    )  # fmt: skip


@pytest.mark.parametrize(
    "indicator",
    [
        _indicator("irregular", None, "2024"),
        _indicator("annual", 3),  # declared before any figure exists
        _indicator("annual", 3, "2024-01/2024-06"),  # no whole year yet
        _indicator("annual", 3, "2024", status="not-available"),
    ],
    ids=["irregular", "no-figures", "part-year-only", "not-available"],
)
def test_no_due_date_without_a_regular_cycle_and_a_figure(indicator: Indicator) -> None:
    assert Release("abc", dt.date(2030, 1, 1)).freshness(indicator) is None


def test_overdue_lists_only_published_late_indicators_in_order() -> None:
    late, fresh = _indicator("annual", 3, "2020"), _indicator("annual", 3, "2025")
    wanted = replace(late, id="wanted", published=False)
    release = Release("abc", dt.date(2026, 12, 1))
    assert release.overdue((replace(late, id="b"), fresh, wanted, replace(late, id="a"))) == [
        replace(late, id="b"), replace(late, id="a")
    ]  # fmt: skip


def test_a_missing_lag_is_a_located_problem(data_copy: Path) -> None:
    path = data_copy / "indicators" / "cases-recorded.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("release_lag_months: 4\n", ""), encoding="utf-8")
    with pytest.raises(DataError) as err:
        check(data_copy)
    [problem] = err.value.problems
    assert (problem.path, problem.code) == ("data/indicators/cases-recorded.yml", "missing-key")
    assert "release_lag_months" in problem.message and "months after a period ends" in problem.hint


def test_indicator_page_says_what_the_latest_figure_covers_and_when_the_next_is_due(built_site: Path) -> None:
    """The frozen fixture's cases end in 2024 (lag 3): 2025's were due on 31 March 2026."""
    html = (built_site / "indicators" / "cases-cracked-down" / "index.html").read_text(encoding="utf-8")
    freshness = re.search(r'<p class="freshness">(.*?)</p>', html, re.S)[1]
    assert "The latest figure covers 2024." in freshness
    assert "Figures for 2025 were expected by 31 March 2026 and are not on this site yet" in freshness
    assert "marker--overdue" in freshness and "Checked on " in freshness
    assert re.search(r"Last updated \d+ \w+ 20\d\d", freshness)  # the fixture log's newest entry for cases
    assert "Version " in html and ", built " in html
    khmer = (built_site / "km" / "indicators" / "cases-cracked-down" / "index.html").read_text(encoding="utf-8")
    assert "មីនា" in khmer and "marker--overdue" in khmer
    irregular = (built_site / "indicators" / "suspects-sent-to-court" / "index.html").read_text(encoding="utf-8")
    assert "no date is expected" in irregular


@pytest.mark.parametrize(
    ("page", "heading", "link"),
    [
        ("index.html", "Overdue figures", "indicators/cases-cracked-down/"),
        ("availability/index.html", "Overdue figures", "../indicators/cases-cracked-down/"),
        ("km/index.html", "តួលេខដែលហួសកាលកំណត់", "indicators/cases-cracked-down/"),
    ],
)
def test_home_and_availability_pages_list_the_overdue_indicators(built_site: Path, page, heading, link) -> None:
    html = (built_site / page).read_text(encoding="utf-8").replace("\u200b", "")
    section = html.split(f">{heading}<", 1)[1].split("<h2", 1)[0]
    assert f'href="{link}"' in section  # cases end in 2024 in the fixture: 2025's are late
    assert 'href="' + link.replace("cases-cracked-down", "suspects-sent-to-court") + '"' not in section  # irregular


def test_english_only_pages_say_so_in_khmer(built_site: Path) -> None:
    for page in ("privacy",):  # the editors' guide (tests/test_guide.py) and the update log are written in Khmer
        html = (built_site / "km" / page / "index.html").read_text(encoding="utf-8")
        assert "មិន\u200bទាន់\u200bបាន\u200bបកប្រែ" in html or "មិនទាន់បានបកប្រែ" in html, page
        assert 'lang="en"' in html


def test_the_update_log_is_in_khmer_with_each_english_entry_marked(built_site: Path) -> None:
    html = (built_site / "km" / "updates" / "index.html").read_text(encoding="utf-8").replace("\u200b", "")
    assert ">ការធ្វើបច្ចុប្បន្នភាពទិន្នន័យ<" in html and "ហេតុអ្វី" in html  # the page's own words
    assert "ទំព័រនេះមិនទាន់មានជាភាសានេះ" not in html  # no longer an English page under a notice
    assert '<span class="untranslated" lang="en"' in html  # the summaries written in English only, marked


def test_use_the_data_page_lists_every_download(built_site: Path) -> None:
    html = (built_site / "usedata" / "index.html").read_text(encoding="utf-8")
    for path in ("data/all.csv", "data/datapackage.json", "data/index.json", "feed.xml", "data/tip-tier.csv"):
        assert path in html, path
        assert (built_site / path).is_file(), path
    assert "pd.read_csv" in html and "read.csv" in html
