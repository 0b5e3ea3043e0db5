"""The cells of an observations file: a period, a known place, series, breakdown, status and
source, a locator for every figure, and a value written the way its unit needs."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from operator import itemgetter

from scripts.checks import place
from scripts.checks.numbers import judge
from scripts.checks.tables import column_index, formula, free_text
from scripts.dates import period_problem
from scripts.i18n import all_locales
from scripts.load import CsvDoc
from scripts.model import (
    NO_VALUE_STATUSES,
    QUALIFIERS,
    STATUSES,
    VALUE_STATUSES,
    Indicator,
    Observation,
    Period,
    parse_period,
)
from scripts.problems import Place, Problem, problem

MISSING_MARKERS = ("N/A", "NA", "N.A.", "-", "--", "—", "–", "?", "..", "...", "NULL", "NONE", "NIL", "X", "NAN")
MAX_PERIODS = 500  # different periods of one indicator: its chart draws one mark per period
# A period as a source words it roughly: EDTF's approximate and uncertain marks (~ ? %), or words
# like "the past four years", "mid-2018", "around 2015" (and each locale file's _approximate_words:
# "mi-2018", "vers 2015"). Such a figure has no months to be placed, drawn or compared by, and
# guessing them would claim more than the source says.
APPROXIMATE_WORDS = ("c", "ca", "circa", "about", "around", "approx", "approximately", "mid", "early", "late",
                     "past", "last", "since", "until", "till", "to", "before", "after", "recent", "recently",
                     "several", "some", "over", "nearly", "almost")  # fmt: skip


@dataclass(frozen=True)
class Known:
    """What the cells of an observations file may name: the rest of the data folder."""

    sources: set[str]
    geographies: set[str]
    country: str
    today: dt.date


def row_checker(table: CsvDoc, ind: Indicator, known: Known) -> Callable[[int], list[Problem]]:
    """Everything wrong in one row of an observations file (whose header is right), by row number.

    A check reads only the columns CHECKS names for it (it is handed no other), so cells that
    passed a check once pass it in every row: the checker remembers them, and a file of many
    rows and few distinct periods, places and sources is judged nearly once per distinct cell.
    """
    index = column_index(table)
    plan = [(n, check, names, itemgetter(*(index[c] for c in names)))
            for n, (check, columns) in enumerate(CHECKS)
            if (names := columns or tuple(d.id for d in ind.dimensions)) and all(c in index for c in names)]  # fmt: skip
    passed: set[tuple[int, object]] = set()

    def problems(row: int) -> list[Problem]:
        cells = table.rows[row][1]
        found = list(free_text(table, row, index, cells))
        for n, check, names, cells_of in plan:
            key = (n, cells_of(cells))
            if key in passed:
                continue
            values = key[1] if len(names) > 1 else (key[1],)
            more = list(check(dict(zip(names, values, strict=True)), partial(_at, table, row, index), ind, known))
            if more:
                found += more
            else:
                passed.add(key)
        return found

    return problems


def _at(table: CsvDoc, row: int, index: dict[str, int], name: str) -> Place:
    return place.cell(table, row, index[name], name)


def duplicates(table: CsvDoc, observations: list[Observation]) -> tuple[list[Observation], list[Problem]]:
    """The observations without repeats (the first of each kept), and a problem at each repeat."""
    first: dict[tuple[object, ...], int] = {}
    kept, problems = [], []
    for obs in observations:
        if obs.key in first:
            problems.append(problem("duplicate-observation", place.line(table, obs.where.line), first=first[obs.key]))
        else:
            first[obs.key] = obs.where.line
            kept.append(obs)
    return kept, problems


def period_count(table: CsvDoc, observations: list[Observation]) -> Iterator[Problem]:
    """More periods than a chart can draw (Vega fails somewhere past 1,000): refused where the limit is passed."""
    first: dict[Period, int] = {}
    for obs in observations:
        first.setdefault(obs.period, obs.where.line)
    if len(first) > MAX_PERIODS:
        yield problem("too-many-periods", place.line(table, sorted(first.values())[MAX_PERIODS]), most=MAX_PERIODS)


# --- one check per column ------------------------------------------------------------------
# Each takes the row's cells (stripped), where a named cell is, the indicator and what is known.

Cells = dict[str, str]  # as written: each check strips what it reads
At = Callable[[str], Place]


def _period(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    period = cell["period"].strip()
    parsed = parse_period(period)
    if parsed is None:
        yield problem("approximate-period" if _approximate().search(period) else "bad-period", at("period"), period)
    elif found := period_problem(
        parsed, known.today, partial(at, "period"), period, max(0, -(ind.release_lag_months or 0))
    ):
        yield found
    elif parsed.is_twelve_month and parsed.start_month != ind.year_starts:
        yield _twelve_month_start(at, ind, parsed, period)


def _covers(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    """The period an edition covers (optional column), a real period like the edition's own."""
    covers = cell["covers"].strip()
    if not covers:
        return
    parsed = parse_period(covers)
    if parsed is None:
        yield problem("approximate-period" if _approximate().search(covers) else "bad-period", at("covers"), covers)
    elif found := period_problem(parsed, known.today, partial(at, "covers"), covers):
        yield found


@cache
def _approximate() -> re.Pattern[str]:
    """A period worded roughly: a mark, an English word or one of any language the interface knows.

    Words of a language written without spaces (Khmer) are found anywhere in the cell: no word
    boundary separates them from what follows.
    """
    spaced, unspaced = list(APPROXIMATE_WORDS), list[str]()
    for loc in all_locales():
        (unspaced if loc.word_breaks else spaced).extend(str(w) for w in loc.setting("approximate_words", []) or [])
    either = [rf"\b(?:{'|'.join(map(re.escape, spaced))})\b", *map(re.escape, unspaced)]
    return re.compile("|".join(["[~?%≈]", *either]), re.IGNORECASE)


def _twelve_month_start(at: At, ind: Indicator, period: Period, written: str) -> Problem:
    """A twelve-month period the indicator does not declare (twelve_month_year), or that starts in another month."""
    month = calendar.month_name[period.start_month]
    if not ind.year_starts:
        return problem("twelve-month-start", at("period"), written, month=month, starts=period.start_month, id=ind.id)
    start = ind.year_starts  # 2 to 12 (the schema): the year ends in the next calendar year
    right = f"{period.start_year}-{start:02d}/{period.start_year + 1}-{start - 1:02d}"
    return problem("twelve-month-start/other", at("period"), written, month=month, kind=ind.year_kind.replace("-", " "),
                   declared=calendar.month_name[start], right=right)  # fmt: skip


def _geography(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    geography = cell["geography"].strip()
    if geography in known.geographies:
        return
    if re.fullmatch(rf"{re.escape(known.country)}-[A-Za-z0-9]+[-.][A-Za-z0-9.-]+", geography):
        yield problem("geography-too-fine", at("geography"), geography)
    else:
        yield problem("unknown-geography", at("geography"), geography)


def _series(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    if not any(s.id == cell["series"].strip() for s in ind.series):
        allowed = sorted(s.id for s in ind.series)
        yield problem("unknown-series", at("series"), cell["series"], allowed=", ".join(allowed))


def _dimensions(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    for dim in ind.dimensions:
        value = cell[dim.id].strip()
        if value and not any(v.id == value for v in dim.values):
            allowed = [v.id for v in dim.values]
            yield problem("unknown-dimension-value", at(dim.id), value, allowed=", ".join(allowed))


def _status(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    status, qualifier = cell["status"].strip(), cell["qualifier"].strip()
    if status not in STATUSES:
        yield problem("not-allowed/status", at("status"), status, allowed=", ".join(STATUSES))
    if qualifier not in QUALIFIERS:
        yield problem("not-allowed/qualifier", at("qualifier"), qualifier)


def _source(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    source = cell["source"].strip()
    if source not in known.sources:
        yield problem("unknown-source/cell", at("source"), source)


def _notes(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    status = cell["status"].strip()
    if status in VALUE_STATUSES and not cell["locator"].strip():
        yield problem("missing-value/locator", at("locator"))
    if status == "derived" and not cell["note"].strip():
        yield problem("missing-value/derived", at("note"))


def value_problems(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    """The value cell against its status and the indicator's unit (revisions/ checks its values the same way)."""
    return _value(cell, at, ind, known)


def _value(cell: Cells, at: At, ind: Indicator, known: Known) -> Iterator[Problem]:
    value, status = cell["value"].strip(), cell["status"].strip()
    if status in NO_VALUE_STATUSES:
        if value:
            yield problem("value-with-status", at("value"), value, status=status)
    elif value.upper() in MISSING_MARKERS:
        yield problem("missing-value-marker", at("value"), value)
    elif not value:
        yield problem("missing-value", at("value"))
    elif formula(value, "value"):
        return  # free_text has said so
    elif ind.unit == "category":
        allowed = [c.id for c in ind.categories]
        if value not in allowed:
            yield problem("unknown-category", at("value"), value, allowed=", ".join(allowed))
    elif (found := judge(value, ind.unit))[0]:
        yield problem(found[0], at("value"), value, **found[1])


# Each check with the columns it reads (none: the indicator's dimension columns), in the order
# their problems are listed; row_checker hands a check only these cells.
CHECKS: tuple[tuple[Callable[[Cells, At, Indicator, Known], Iterator[Problem]], tuple[str, ...]], ...] = (
    (_period, ("period",)),
    (_covers, ("covers",)),
    (_geography, ("geography",)),
    (_series, ("series",)),
    (_dimensions, ()),
    (_status, ("status", "qualifier")),
    (_source, ("source",)),
    (_notes, ("status", "locator", "note")),
    (_value, ("value", "status")),
)
