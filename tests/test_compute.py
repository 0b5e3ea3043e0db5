"""Summaries and changes: only between comparable figures, in plain words."""

from __future__ import annotations

import pytest

from scripts.build import check
from scripts.compute import compute, facts
from scripts.model import Indicator, Observation, Series, Text, Where, parse_period
from tests.conftest import DATA


@pytest.fixture(scope="module")
def default_facts():
    return compute(check(DATA))


def _ind(rows: list[tuple[str, object, str, str]], unit: str = "count") -> Indicator:
    """A tiny indicator from (period, value, status, qualifier) rows."""
    obs = tuple(
        Observation("x", parse_period(p), "KH", "a", (), v, q, s, "src", "loc", "", Where("x.csv", i))
        for i, (p, v, s, q) in enumerate(rows, start=2)
    )
    return Indicator("x", Text("X"), Text(""), "p", unit, Text("cases"), Text(""), "neutral", False,
                     (Series("a", Text("A")),), observations=obs)  # fmt: skip


def test_seed_figures_summary(default_facts) -> None:
    assert default_facts["cases-cracked-down"].summary == "197 cases in 2024, 33 more than in 2023."
    assert default_facts["tip-tier"].summary == "Tier 3 in 2024, the same as in 2023."


def test_no_change_across_a_gap(default_facts) -> None:
    f = default_facts["victims-rescued"]
    assert f.latest.value == 523 and f.change is None
    assert f.summary == "523 victims in 2024; no figure for 2023 was found in the sources read."


def test_change_between_consecutive_years() -> None:
    f = facts(_ind([("2017", 159, "reported", ""), ("2018", 134, "reported", "")]), "KH")
    assert (f.change, f.summary) == (-25, "134 cases in 2018, 25 fewer than in 2017.")


def test_partial_year_is_never_the_latest_year_or_compared() -> None:
    f = facts(_ind([("2018", 134, "reported", ""), ("2019-01/2019-06", 78, "reported", "")]), "KH")
    assert f.latest.period.code() == "2018" and f.change is None


def test_multi_year_total_is_not_a_year() -> None:
    f = facts(_ind([("2017", 345, "reported", ""), ("2017/2018", 575, "reported", "")]), "KH")
    assert f.latest.value == 345


def test_not_available_year_is_a_gap() -> None:
    f = facts(
        _ind([("2021", 359, "reported", ""), ("2022", None, "not-available", ""), ("2023", 164, "reported", "")]), "KH"
    )
    assert f.change is None and f.gap_year == 2022


def test_bound_is_not_subtracted() -> None:
    f = facts(_ind([("2015", 43, "reported", ""), ("2016", 100, "reported", "at-least")]), "KH")
    assert f.change is None
    assert f.summary == "At least 100 cases in 2016, against 43 in 2015."


def test_only_partial_periods() -> None:
    f = facts(_ind([("2024-01/2024-06", 134, "reported", "")]), "KH")
    assert f.summary == "134 cases in Jan–Jun 2024."
