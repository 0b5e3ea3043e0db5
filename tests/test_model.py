"""Periods: a partial year or a multi-year total must never pass for a calendar year."""

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
