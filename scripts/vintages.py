"""The data as it stood before each revision, for disclosure control of earlier values.

A page that says "revised from 12" publishes the earlier value beside the current one, so the
earlier state of the data must be as safe as the current state: a reader could combine the
earlier values with the figures that were never revised (a total, the other provinces) and work
out a small count that was revised away. For each date an earlier value was published, the
figures as they stood that day (each figure's latest value dated on or before it; a figure
revised only later, its earliest known value) go through the same exact check as the current
data (scripts/disclosure.py's `published`). Problems point at the row of revisions/<id>.csv.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from scripts.dates import span
from scripts.disclosure import published
from scripts.exposure import At
from scripts.load import CsvDoc
from scripts.model import Group, Indicator, Observation, Province, Site, Source
from scripts.problems import Problem


def earlier_states(
    indicators: Sequence[Indicator],
    site: Site,
    provinces: tuple[Province, ...],
    at: Mapping[str, At],
    sources: Mapping[str, Source],
    tables: Mapping[str, CsvDoc],
    groups: tuple[Group, ...] = (),
) -> Iterator[Problem]:
    """Every small count the data as it stood on an earlier value's date would give away; a group
    of provinces' figure, earlier or current, counts as the sum of its members' as in `published`."""
    dates = sorted({rev.date for ind in indicators for obs in ind.observations for rev in obs.revisions})
    seen: set[Problem] = set()
    for date in dates:
        state = [_as_of(ind, date, sources) for ind in indicators]
        where = {ind.id: _at(at.get(ind.id), tables.get(ind.id)) for ind in indicators}
        for found in published(state, site, provinces, where, groups):
            if found not in seen:
                seen.add(found)
                yield replace(
                    found, message=f"{found.message} (in the figures as they stood on {date}, before revision)"
                )


def _as_of(ind: Indicator, date: str, sources: Mapping[str, Source]) -> Indicator:
    """The indicator with each figure as it stood on `date`."""
    if not any(o.revisions for o in ind.observations):
        return ind
    return replace(ind, observations=tuple(_value_on(o, date, sources) for o in ind.observations))


def _value_on(obs: Observation, date: str, sources: Mapping[str, Source]) -> Observation:
    if not obs.revisions:
        return obs
    source = sources.get(obs.source)
    current_from = span(source.published)[0] if source else None
    day = span(date)[0]
    if current_from is not None and current_from <= day:
        return obs
    earlier = [r for r in obs.revisions if span(r.date)[0] <= day]
    return obs.as_published(earlier[-1] if earlier else obs.revisions[0])


def _at(current: At | None, table: CsvDoc | None) -> At:
    """Where a cell is: in the observations file, or in the revisions file for an earlier value."""
    names = [h.strip() for h in table.header] if table else []
    rows = {line: row for row, (line, _) in enumerate(table.rows)} if table else {}

    def at(obs: Observation, name: str = "value") -> tuple[int, int]:
        if table is not None and obs.where.path == table.path:
            column = names.index(name) if name in names else 0
            return table.at(rows[obs.where.line], column) if obs.where.line in rows else (obs.where.line, 0)
        return current(obs, name) if current is not None else (obs.where.line, 0)

    return at
