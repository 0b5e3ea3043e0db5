"""The rows of the tables pages show: each figure as readers see it, by indicator, province and year.

A suppressed figure is "fewer than k" and a missing one "not available", on every page alike
(shown_value); the page contexts in scripts/registry.py build their tables from these.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from scripts.compute import Facts, format_change, format_value
from scripts.firstview import province_rows
from scripts.geography import members_words, type_word
from scripts.i18n import Locale
from scripts.model import (
    VALUE_STATUSES,
    Dataset,
    Group,
    Indicator,
    Observation,
    Period,
    Pillar,
    Province,
    Revision,
    Source,
    Update,
)


def by_pillar(data: Dataset, facts: dict[str, Facts]) -> list[tuple[Pillar, list[Facts]]]:
    """Each pillar that has indicators, with their facts, in the order of site.yml."""
    return [
        (pillar, [facts[i.id] for i in data.indicators if i.pillar == pillar.id])
        for pillar in data.site.pillars
        if any(i.pillar == pillar.id for i in data.indicators)
    ]


def shown_value(data: Dataset, ind: Indicator, obs: Observation, loc: Locale) -> str:
    """What a table shows for a figure: the number, "fewer than k", or "not available"."""
    if obs.status == "suppressed":
        return loc.t("fewer_than", k=loc.number(data.site.disclosure_threshold))
    if obs.status == "not-available":
        return loc.t("not_available")
    return format_value(ind, obs, loc)


def table_row(data: Dataset, ind: Indicator, obs: Observation, loc: Locale) -> dict[str, Any]:
    """One row of an indicator or province table: the figure as shown, where, when and from which source."""
    province = data.place(obs.geography)
    breakdown = ", ".join(loc.text(d.label(obs.dimension(d.id))) for d in ind.dimensions if obs.dimension(d.id))
    shown = shown_value(data, ind, obs, loc)
    return {
        "period": loc.period(obs.period, ind.year_kind),
        "kind": obs.period.kind(),
        # An assessment filed under its edition: the period the edition covers, shown beside it.
        "covers": loc.period(obs.covers) if obs.covers else "",
        "place": province.name if province else data.site.country_name,
        "series": ind.series_label(obs.series),
        "breakdown": breakdown or loc.t("all"),
        "value": shown,
        "status": obs.status,
        "note": obs.notes,
        "locator": obs.locator,
        "source": data.source(obs.source),
        "revisions": revision_words(data, ind, obs, loc),
    }


def revision_words(
    data: Dataset, ind: Indicator, obs: Observation, loc: Locale, cite: Callable[[Revision], str] | None = None
) -> list[str]:
    """ "revised from X (source, date)" for each earlier value of a figure, the most recent first.

    Pages name the source by its publisher and the date in words; downloads (`cite`) by its id
    and the date as written.
    """
    return [
        loc.t(
            "revision.from",
            value=shown_value(data, ind, obs.as_published(rev), loc),
            source=cite(rev) if cite else _publisher(data, rev),
            date=rev.date if cite else loc.partial_date(rev.date),
        )  # fmt: skip
        for rev in reversed(obs.revisions)
    ]


def revised_line(data: Dataset, ind: Indicator, obs: Observation, loc: Locale) -> str:
    """A revised figure as the update log tells it: indicator, period, place and breakdown, the value, what it was."""
    row = table_row(data, ind, obs, loc)
    where = [loc.text(ind.title), row["period"], loc.text(row["place"])]
    where += [row["breakdown"]] if any(v for _, v in obs.dimensions) else []
    return loc.t(
        "updates.revised_line", figure=", ".join(where), value=row["value"], revisions="; ".join(row["revisions"])
    )


def revisions_logged(data: Dataset) -> dict[str, list[tuple[Indicator, Observation]]]:
    """The revised figures each entry of the update log reports, by the entry's anchor.

    A revision is told by the oldest entry that names its indicator and the source of the
    current figure; failing that, by the oldest entry naming the indicator on or after that
    source's date (the figure cannot have been entered before its source was out).
    """
    oldest_first = sorted(data.updates, key=lambda u: u.date)
    logged: dict[str, list[tuple[Indicator, Observation]]] = {}
    for ind in data.indicators:
        for obs in (o for o in ind.observations if o.revisions):
            if (entry := _entry_for(oldest_first, ind, data.source(obs.source))) is not None:
                logged.setdefault(entry.anchor, []).append((ind, obs))
    return logged


def _entry_for(log: list[Update], ind: Indicator, source: Source | None) -> Update | None:
    naming = [u for u in log if ind.id in u.indicators]
    if source is None:
        return None
    by_source = [u for u in naming if source.id in u.sources]
    return next(iter(by_source or [u for u in naming if u.date >= source.published[:10]]), None)


def _publisher(data: Dataset, rev: Revision) -> str:
    source = data.source(rev.source)
    return source.publisher if source else rev.source


def indicator_sources(data: Dataset, ind: Indicator) -> list[tuple[Source, list[Observation]]]:
    """Each source with the figures read from it, one per period and locator (a breakdown's parts say it once)."""
    used: dict[str, dict[tuple[Period, str], Observation]] = {}
    for obs in (figure for o in ind.observations for figure in (o, *(o.as_published(r) for r in o.revisions))):
        used.setdefault(obs.source, {}).setdefault((obs.period, obs.locator), obs)
    return [(s, list(used[s.id].values())) for s in data.sources if s.id in used]


def cited(data: Dataset) -> dict[str, list[Indicator]]:
    """The indicators that cite each source, by source id."""
    cited: dict[str, list[Indicator]] = {}
    for ind in data.indicators:
        for source_id in _unique(s for o in ind.observations for s in (o.source, *(r.source for r in o.revisions))):
            cited.setdefault(source_id, []).append(ind)
    return cited


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- provinces, commitments, data availability ----------------------------------------------


def places(data: Dataset, loc: Locale) -> list[dict[str, Any]]:
    """Every province with its figures (all indicators) and what it is called, in the page language's name order."""
    return [
        place | {"province": place["area"], "word": type_word(place["area"], data.site, loc)}
        for place in _places(data, loc, data.provinces)
    ]


def group_places(data: Dataset, loc: Locale) -> list[dict[str, Any]]:
    """Every group of provinces with its figures and its members (as places), in name order."""
    out = []
    for place in _places(data, loc, data.groups):
        members = [p for code in place["area"].members for p in data.provinces if p.code == code]
        out.append(place | {"group": place["area"], "members": members,
                            "members_words": members_words(members, data.site, loc)})  # fmt: skip
    return out


def _places(data: Dataset, loc: Locale, areas: Iterable[Province | Group]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    indicators = {ind.id: ind for ind in data.indicators}
    by_place: dict[str, list[Observation]] = {}
    for ind in data.indicators:  # one pass over the data, not one per province
        for obs in ind.observations:
            by_place.setdefault(obs.geography, []).append(obs)
    for area in sorted(areas, key=lambda p: loc.text(p.name)):
        own = by_place.get(area.code, [])
        rows = [
            table_row(data, ind, obs, loc) | {"indicator": ind, "rate": _rate(ind, obs, area, loc)}
            for obs in province_rows(own)
            for ind in (indicators[obs.indicator],)
        ]
        # A figure is published when a reader sees a number or "fewer than k"; not-available is none.
        figures = Counter(o.indicator for o in own if o.status != "not-available")
        counts = [(ind, figures[ind.id]) for ind in data.indicators if figures[ind.id]]
        found.append(
            {"area": area, "rows": rows, "total": len(own), "counts": counts, "figures": sum(figures.values())}
        )
    return found


def grid(places: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The tile-grid map: tiles in reading order (so Tab follows rows), and its size; None without tiles."""
    tiled = [p for p in places if p["province"].tile is not None]
    if not tiled or len(tiled) < len(places):
        return None
    tiled.sort(key=lambda p: p["province"].tile)
    return {
        "tiles": tiled,
        "rows": max(p["province"].tile[0] for p in tiled),
        "columns": max(p["province"].tile[1] for p in tiled),
    }


def _rate(ind: Indicator, obs: Observation, province: Province | Group, loc: Locale) -> str:
    """Per 100,000 people, only for a count of a calendar year with a population of that same year (a group
    has no population of its own: adding its members' would mix years and sources)."""
    if not (
        isinstance(province, Province)
        and ind.unit == "count"
        and obs.status in VALUE_STATUSES
        and not obs.qualifier
        and obs.period.is_year
        and province.population
        and province.population_year == obs.period.start_year
    ):
        return ""
    assert isinstance(obs.value, (int, float))
    return loc.number(round(obs.value * 100_000 / province.population, 1))


def availability(data: Dataset, loc: Locale) -> dict[str, Any]:
    """What is published, year by year, for every published indicator at national level."""
    periods = [o.period for ind in data.indicators for o in ind.observations]
    years = list(range(min(p.start_year for p in periods), max(p.end_year for p in periods) + 1)) if periods else []
    rows, country = [], data.site.country_code
    for ind in (i for i in data.indicators if i.published):
        national = sorted((o for o in ind.observations if o.geography == country), key=lambda o: o.period)
        others = _unique(loc.period(o.period, ind.year_kind) for o in national if not o.period.is_year)
        rows.append({"indicator": ind, "cells": [_marks(national, year) for year in years], "other_periods": others})
    return {"years": years, "matrix": rows, "wanted": [i for i in data.indicators if not i.published]}


def _marks(observations: list[Observation], year: int) -> list[str]:
    """What one year of one indicator has: published, suppressed, not-available, else partial or multi-year, else none."""
    statuses = {o.status for o in observations if o.period.is_year and o.period.start_year == year}
    if statuses & set(VALUE_STATUSES):
        return ["published"]
    marks: list[str] = [s for s in ("suppressed", "not-available") if s in statuses]
    covering = [o for o in observations if not o.period.is_year and o.period.start_year <= year <= o.period.end_year]
    # A fiscal or reporting year covers part of each calendar year it spans.
    kinds = {"partial" if o.period.kind() == "twelve-month" else o.period.kind() for o in covering}
    marks += [k for k in ("partial", "multi-year") if k in kinds]
    return marks or ["none"]


def change_words(f: Facts, loc: Locale) -> str:
    """A home card's change line (+12 on 2018, unchanged, or the year without a figure); '' for none.

    Stated only where compute found two comparable figures (scripts/compute.py), never otherwise.
    """
    if f.change is not None and f.previous is not None:
        prev = loc.period(f.previous.period, f.indicator.year_kind)
        if f.change == 0:
            return loc.t("change.same", prev=prev)
        diff = format_change(f.indicator, f.change, loc)
        return loc.t("change.up" if f.change > 0 else "change.down", diff=diff, prev=prev)
    return loc.t("change.gap", gap=loc.period(f.gap, f.indicator.year_kind)) if f.gap else ""
