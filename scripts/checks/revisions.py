"""The cells of a revisions file: each row an earlier published value of a figure that
observations/<id>.csv holds, with the source and date it was published, never the same as the
value that replaced it, never dated after the source of that value, and never a small count.

History is kept, not overwritten: the observations file holds the latest value of each figure
(one row per key), and revisions/<id>.csv every value it had before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from scripts import records
from scripts.checks import observations, place
from scripts.checks.tables import cell_count, column_index, free_text, header_problems
from scripts.dates import date_problem, span
from scripts.disclosure import small_numbers
from scripts.load import CsvDoc
from scripts.model import (
    QUALIFIERS,
    REVISION_STATUSES,
    Indicator,
    Observation,
    ObservationKey,
    Revision,
    Source,
    Where,
    parse_period,
)
from scripts.problems import Place, Problem, problem

Key = ObservationKey


@dataclass(frozen=True)
class Context:
    """What a revisions file is judged against: its indicator's checked figures and the rest of the folder."""

    ind: Indicator
    figures: dict[Key, Observation]  # the observations by key
    sources: dict[str, Source]
    known: observations.Known
    country: str
    threshold: int  # k: disclosure control's threshold
    languages: tuple[str, ...] = ()  # the site's: a note in each but the first may have a note_<lang> column


def revisions(table: CsvDoc, ctx: Context) -> tuple[list[tuple[Key, Revision]], list[Problem]]:
    """The revisions of one file that pass every check, each with the key of its figure, and the problems."""
    dims = tuple(d.id for d in ctx.ind.dimensions)
    optional = (*records.REVISION_OPTIONAL, *records.note_columns(ctx.languages))
    if found := list(header_problems(table, records.REVISION_COLUMNS, dims, optional)):
        return [], found
    problems = list(cell_count(table))
    passed: list[tuple[Key, Revision]] = []
    for row, line, cell in records.table_rows(table, optional):
        found = _row(table, row, cell, ctx)
        problems += found
        if not found:
            passed.append(records.revision(ctx.ind, Where(table.path, line), cell, ctx.languages))
    kept, more = _chains(table, passed, ctx)
    return kept, [*problems, *more]


def _row(table: CsvDoc, row: int, cell: dict[str, str], ctx: Context) -> list[Problem]:
    """Everything wrong in one row, on its own and against the figure it revises."""
    index, cells = column_index(table), table.rows[row][1]

    def at(name: str) -> Place:
        return place.cell(table, row, index[name], name) if name in index else place.line(table, table.rows[row][0])

    problems = list(free_text(table, row, index, cells))
    names = (*records.REVISION_COLUMNS, *records.REVISION_OPTIONAL, *records.note_columns(ctx.languages))
    text = {name: cell.get(name, "").strip() for name in names}
    if text["status"] not in REVISION_STATUSES:
        problems.append(problem("not-allowed/revision-status", at("status"), text["status"],
                                allowed=", ".join(REVISION_STATUSES)))  # fmt: skip
    if text["qualifier"] not in QUALIFIERS:
        problems.append(problem("not-allowed/qualifier", at("qualifier"), text["qualifier"]))
    problems += observations.value_problems(cell | {"qualifier": text["qualifier"]}, at, ctx.ind, ctx.known)
    if text["status"] == "derived" and not text["note"]:
        problems.append(problem("missing-value/derived", at("note")))
    if text["source"] not in ctx.sources:
        problems.append(problem("unknown-source/cell", at("source"), text["source"]))
    if found := date_problem(text["date"], ctx.known.today, at("date")):
        problems.append(found)
    problems += _small(at, text, cell, ctx)
    period = parse_period(text["period"])
    if period is None:
        return [*problems, problem("bad-period", at("period"), text["period"])]
    dims = tuple((d.id, cell[d.id].strip()) for d in ctx.ind.dimensions)
    key: Key = (period, text["geography"], text["series"], dims)
    current = ctx.figures.get(key)
    if current is None:
        breakdown = ", ".join(f"{d} {v}" for d, v in dims if v) or "no breakdown"
        figure = f"period {text['period']}, geography {text['geography']}, series {text['series']}, {breakdown}"
        spot = place.line(table, table.rows[row][0])
        return [*problems, problem("unknown-revision-key", spot, file=f"observations/{ctx.ind.id}.csv", figure=figure)]
    if not problems:
        problems += _dates(at, text, current, ctx)
    return problems


def _dates(at: observations.At, text: dict[str, str], current: Observation, ctx: Context) -> Iterator[Problem]:
    """An earlier value is published on or after its own source, and before the source of the current figure."""
    own, latest = ctx.sources[text["source"]], ctx.sources.get(current.source)
    first, last = span(text["date"])
    latest_span, own_span = _span(latest.published) if latest else None, _span(own.published)
    if latest is not None and latest_span and first > latest_span[1]:
        yield problem("revision-after-current", at("date"), text["date"], source=latest.id, date=latest.published,
                      line=current.where.line)  # fmt: skip
    if own_span and last < own_span[0]:
        yield problem("revision-before-source", at("date"), text["date"], source=own.id, date=own.published)


def _span(date: str) -> tuple[dt.date, dt.date] | None:
    """A source's date as days, or None when it is not a real date: sources.yml's own problem (bad-date), told there."""
    try:
        return span(date)
    except ValueError:
        return None


def _small(at: observations.At, text: dict[str, str], cell: dict[str, str], ctx: Context) -> Iterator[Problem]:
    """Disclosure control for earlier values: a revised-away small count is as identifying as a current one."""
    if not ctx.ind.sensitive:
        return
    below_national = text["geography"] != ctx.country or any(cell[d.id].strip() for d in ctx.ind.dimensions)
    value = text["value"]
    if ctx.ind.unit == "count" and below_national and value.isdigit() and 0 < int(value) < ctx.threshold:
        yield problem("small-count/revision", at("value"), value, most=ctx.threshold - 1)
    for column in ("note", "locator", *records.note_columns(ctx.languages)):
        for found in small_numbers(text[column], ctx.threshold):
            yield problem("small-count-in-note/revision", at(column), found, column=column, most=ctx.threshold - 1)


def _chains(
    table: CsvDoc, passed: list[tuple[Key, Revision]], ctx: Context
) -> tuple[list[tuple[Key, Revision]], list[Problem]]:
    """Per figure, oldest first: no two earlier values of the same date, and each differs from the value that replaced it."""
    by_key: dict[Key, list[Revision]] = {}
    for key, rev in passed:
        by_key.setdefault(key, []).append(rev)
    kept: list[tuple[Key, Revision]] = []
    problems: list[Problem] = []
    for key, revs in by_key.items():
        ordered = sorted(revs, key=lambda r: (r.date, r.where.line))
        current = ctx.figures[key]
        for n, rev in enumerate(ordered):
            spot = place.line(table, rev.where.line)
            if n and ordered[n - 1].date == rev.date:
                problems.append(problem("duplicate-revision", spot, rev.date, first=ordered[n - 1].where.line))
                continue
            after = ordered[n + 1] if n + 1 < len(ordered) else None
            then = (
                (after.value, after.qualifier, after.status)
                if after
                else (current.value, current.qualifier, current.status)
            )
            if (rev.value, rev.qualifier, rev.status) == then:
                where = (
                    f"line {after.where.line} of this file"
                    if after
                    else f"line {current.where.line} of observations/{ctx.ind.id}.csv"
                )
                problems.append(problem("revision-unchanged", spot, _shown(rev), replaced=where))
                continue
            kept.append((key, rev))
    return kept, problems


def _shown(rev: Revision) -> str:
    return f"{rev.value if rev.value is not None else ''} ({rev.status})".strip()
