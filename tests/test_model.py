"""Periods: a partial year, a multi-year total or a fiscal year must never pass for a calendar year."""

import pytest

from scripts.i18n import locale
from scripts.model import Period, parse_period


@pytest.mark.parametrize(
    ("text", "kind", "label", "months"),
    [
        ("2018", "year", "2018", 12),
        ("2017/2018", "multi-year", "2017–2018 (total)", 24),
        ("2018-01/2018-10", "partial", "Jan–Oct 2018", 10),
        ("2024-01/2024-06", "partial", "Jan–Jun 2024", 6),
        ("2022-08/2023-04", "partial", "Aug 2022–Apr 2023", 9),
    ],
)
def test_periods_are_read_as_what_they_are(text: str, kind: str, label: str, months: int) -> None:
    period = parse_period(text)
    assert period is not None
    assert (period.kind(), locale("en").period(period), period.months, period.code()) == (kind, label, months, text)


def test_whole_year_written_as_months_is_a_year() -> None:
    assert parse_period("2018-01/2018-12") == Period(2018, 1, 2018, 12)


@pytest.mark.parametrize(
    "text", ["", "18", "2018/2017", "2018/2018", "2018-13/2018-14", "2018-05/2018-02", "H1 2024", "2018-1/2018-6"]
)
def test_not_a_period(text: str) -> None:
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "kind", "fiscal", "reporting"),
    [
        ("2023-04/2024-03", "twelve-month", "fiscal year 2023–24 (Apr–Mar)", "reporting year 2023–24 (Apr–Mar)"),
        ("1999-07/2000-06", "twelve-month", "fiscal year 1999–2000 (Jul–Jun)", "reporting year 1999–2000 (Jul–Jun)"),
        # A total over two fiscal years is a multi-year total, never part of a year nor a fiscal year.
        ("2021-04/2023-03", "multi-year", "Apr 2021–Mar 2023", "Apr 2021–Mar 2023"),
        # Thirteen months is no kind of year.
        ("2023-04/2024-04", "partial", "Apr 2023–Apr 2024", "Apr 2023–Apr 2024"),
    ],
)
def test_a_twelve_month_year_is_its_own_kind_and_named_as_such(
    text: str, kind: str, fiscal: str, reporting: str
) -> None:
    period = parse_period(text)
    assert period is not None
    en = locale("en")
    assert (period.kind(), en.period(period, "fiscal-year"), en.period(period, "reporting-year")) == (
        kind, fiscal, reporting)  # fmt: skip
    assert period.code() == text


def test_twelve_month_years_are_labelled_in_khmer_too() -> None:
    period = parse_period("2023-04/2024-03")
    assert period is not None
    assert locale("km", native_digits=True).period(period, "fiscal-year") == "ឆ្នាំសារពើពន្ធ ២០២៣–២៤ (មេសា–មីនា)"


@pytest.mark.parametrize(
    ("first", "second", "comparable"),
    [
        ("2022", "2023", True),
        ("2022-04/2023-03", "2023-04/2024-03", True),
        ("2023", "2023-04/2024-03", False),  # a fiscal year is never read against a calendar year
        ("2022-07/2023-06", "2023-04/2024-03", False),  # nor against one that starts in another month
        ("2017/2018", "2019/2020", False),  # totals and parts of a year are compared with nothing
        ("2018-01/2018-06", "2019-01/2019-06", False),
    ],
)
def test_only_years_of_one_kind_are_comparable(first: str, second: str, comparable: bool) -> None:
    a, b = parse_period(first), parse_period(second)
    assert a is not None and b is not None
    assert (a.family() is not None and a.family() == b.family()) is comparable


def test_the_year_before_a_fiscal_year_is_the_fiscal_year_before() -> None:
    assert parse_period("2023-04/2024-03").year_before() == parse_period("2022-04/2023-03")  # type: ignore[union-attr]
