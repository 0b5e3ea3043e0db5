"""Dates and periods as real calendar days, from 1945 to the build date.

Every figure, source, event, status change and update on the site is about the years since
1945 (`FIRST_YEAR`), and none can be dated after the day the site is built (SOURCE_DATE_EPOCH
or the commit's day, see scripts/release.py): a period that has not ended has no figure yet.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from scripts.load import YamlDoc, YamlPath
from scripts.model import Period
from scripts.problems import Place, Problem, problem
from scripts.schema import dotted

FIRST_YEAR = 1945
# A date as editors write it in YAML: a year, a month or a day.
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Where each YAML file keeps its dates ("*" is every item of a list).
DATE_FIELDS = {
    "sources": ("*", "published"),
    "events": ("*", "date"),
    "commitments": ("*", "history", "*", "date"),
    "changelog": ("*", "date"),
}


def span(text: str) -> tuple[dt.date, dt.date]:
    """First and last day of a year, month or day written YYYY[-MM[-DD]]; ValueError when it is none."""
    match = DATE.fullmatch(text)
    if not match:
        raise ValueError("not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    if year < 1:
        raise ValueError("there is no year 0")
    if match[2] is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(match[2])
    if match[3] is None:
        first = dt.date(year, month, 1)  # ValueError for month 00 or 13
        return first, dt.date(year, month, calendar.monthrange(year, month)[1])
    day_itself = dt.date(year, month, int(match[3]))
    return day_itself, day_itself


def date_problem(text: str, today: dt.date, place: Place) -> Problem | None:
    """The problem with a date at `place` that is not a real day from 1945 to `today`, else None."""
    try:
        first, _ = span(text)
    except ValueError:
        return problem("bad-date", place, text)
    if first.year < FIRST_YEAR:
        return problem("date-out-of-range", place, text, first=FIRST_YEAR, today=today.isoformat())
    if first > today:
        return problem("date-out-of-range/after", place, text, first=FIRST_YEAR, today=today.isoformat())
    return None


def period_problem(period: Period, today: dt.date, place: Callable[[], Place], written: str,
                   published_early_months: int = 0) -> Problem | None:  # fmt: skip
    """The problem with a period (as `written`) outside 1945 to the build date, else None; `place`
    says where it is, asked only for a problem (a period is checked on each of 100,000 rows).

    An assessment filed under the year of its edition (a TIP Report tier: release_lag_months
    -6) is published before that year ends: it may end up to that many months after today.
    """
    if period.start_year < FIRST_YEAR:
        return problem("date-out-of-range/period-before", place(), written, first=FIRST_YEAR, today=today.isoformat())
    year, month0 = divmod(period.end_month - 1 - published_early_months, 12)
    year, month = period.end_year + year, month0 + 1
    if dt.date(year, month, calendar.monthrange(year, month)[1]) <= today:
        return None
    return problem("date-out-of-range/period-after", place(), written, today=today.isoformat())


def yaml_date_problems(doc: YamlDoc | None, name: str, today: dt.date) -> Iterator[Problem]:
    """Every date of a YAML document (sources, events, commitments, changelog) that is not a real day in range."""
    if doc is None or name not in DATE_FIELDS:
        return
    for path, value in _at(doc.data, DATE_FIELDS[name], ()):
        if isinstance(value, str) and DATE.fullmatch(value):
            mark = doc.mark(path)
            if found := date_problem(value, today, Place(doc.path, mark.line, mark.column, f'"{dotted(path)}"')):
                yield found


def _at(data: Any, spec: tuple[str, ...], path: YamlPath) -> Iterator[tuple[YamlPath, Any]]:
    """The values at `spec` in `data`, each with its path; nothing where the shape differs."""
    if not spec:
        yield path, data
    elif spec[0] == "*":
        for i, item in enumerate(data if isinstance(data, list) else []):
            yield from _at(item, spec[1:], (*path, i))
    elif isinstance(data, dict) and spec[0] in data:
        yield from _at(data[spec[0]], spec[1:], (*path, spec[0]))
