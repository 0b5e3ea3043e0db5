"""Summaries and changes: only between comparable figures, in plain words."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scripts.build import check
from scripts.compute import compute, facts, format_value
from scripts.i18n import locale
from scripts.model import Category, Indicator, Observation, Series, Text, Where, parse_period
from scripts.tables import change_words
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


def _money(rows: list[tuple[str, object, str, str]]) -> Indicator:
    """The tiny indicator as amounts in US dollars, its twelve-month periods fiscal years from April."""
    return replace(_ind(rows, unit="currency"), currency="USD", year_kind="fiscal-year", year_starts=4)


def test_fiscal_years_are_compared_with_each_other_and_money_says_it_is_each_years() -> None:
    f = facts(
        _money([("2022-04/2023-03", 15500.25, "reported", ""), ("2023-04/2024-03", 18250.75, "reported", "")]), "KH"
    )
    assert f.change == 2750.5
    assert f.summary == (
        "$18,250.75 in fiscal year 2023–24 (Apr–Mar), $2,750.50 more than in fiscal year 2022–23 (Apr–Mar): "
        "each year's amount as reported, not adjusted for inflation."
    )
    assert change_words(f, locale("en")) == "+$2,750.50 on fiscal year 2022–23 (Apr–Mar)"


def test_a_fiscal_year_is_never_compared_with_a_calendar_year() -> None:
    """A series that switched from calendar to fiscal years: the latest fiscal year stands alone."""
    rows = [("2022", 9000, "reported", ""), ("2023", 9800, "reported", ""), ("2023-04/2024-03", 12000, "reported", "")]
    f = facts(_money(rows), "KH")
    assert (f.latest.period.code(), f.previous, f.change, f.gap) == ("2023-04/2024-03", None, None, None)
    assert f.summary == "$12,000 in fiscal year 2023–24 (Apr–Mar)."


def test_a_missing_fiscal_year_is_a_gap_named_as_a_fiscal_year() -> None:
    f = facts(_money([("2021-04/2022-03", 12000, "reported", ""), ("2023-04/2024-03", 18000, "reported", "")]), "KH")
    assert f.change is None
    assert f.summary.endswith("no figure for fiscal year 2022–23 (Apr–Mar) was found in the sources read.")


def test_a_percentage_of_a_named_base_is_shown_with_its_base_and_changes_in_points() -> None:
    ind = replace(_ind([("2022", 41.5, "reported", ""), ("2023", 44, "reported", "")], unit="percent"),
                  percent_of=Text("of cases brought to court"))  # fmt: skip
    f = facts(ind, "KH")
    assert f.summary == "44% of cases brought to court in 2023, 2.5 percentage points higher than in 2022."
    assert format_value(ind, ind.observations[0], locale("en")) == "41.5% of cases brought to court"


def test_an_edition_says_which_period_it_covers() -> None:
    ind = _ind([("2024", "tier-3", "reported", "")], unit="category")
    covered = replace(ind.observations[0], covers=parse_period("2023-04/2024-03"))
    ind = replace(ind, observations=(covered,), categories=(Category("tier-3", Text("Tier 3")),))
    assert facts(ind, "KH").summary == "Tier 3 in 2024. The 2024 edition covers Apr 2023–Mar 2024."


def test_a_change_of_amounts_is_exact_to_the_cent() -> None:
    f = facts(_money([("2022-04/2023-03", 0.1, "reported", ""), ("2023-04/2024-03", 0.3, "reported", "")]), "KH")
    assert f.change == 0.2 and "$0.20 more than" in f.summary
    assert change_words(f, locale("en")) == "+$0.20 on fiscal year 2022–23 (Apr–Mar)"


def test_a_missing_fiscal_year_is_named_on_the_home_card_too() -> None:
    f = facts(_money([("2021-04/2022-03", 12000, "reported", ""), ("2023-04/2024-03", 18000, "reported", "")]), "KH")
    assert change_words(f, locale("en")) == "no figure for fiscal year 2022–23 (Apr–Mar)"
