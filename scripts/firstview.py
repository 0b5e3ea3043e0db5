"""Which figures a page's table shows, so that a page stays light at any size of the data.

Up to PAGE_ROWS figures a table shows them all. Beyond, an indicator page shows the whole
country's figures in every period, then, for the latest period, the country's breakdowns and
each area's total; a province page shows each indicator's latest total there. Every figure
stays one click away, in the CSV and JSON downloads.
"""

from __future__ import annotations

from collections.abc import Sequence

from scripts.model import Observation

PAGE_ROWS = 300  # about 30 KB of compressed HTML: the page-weight budget holds with the charts and fonts


def indicator_rows(observations: Sequence[Observation], country: str) -> list[Observation]:
    """An indicator page's figures: all, or the national totals in every period and then the latest period's."""
    if len(observations) <= PAGE_ROWS:
        return list(observations)
    latest = max(_end(o) for o in observations)
    national = [o for o in observations if o.geography == country and not o.is_breakdown]
    rest = [
        o
        for o in observations
        if _end(o) == latest and (o.geography == country) != (not o.is_breakdown)  # national parts, areas' wholes
    ]
    return (national + rest)[:PAGE_ROWS]


def province_rows(observations: Sequence[Observation]) -> list[Observation]:
    """A province page's figures (of all indicators): all, or each indicator's latest total there."""
    if len(observations) <= PAGE_ROWS:
        return list(observations)
    wholes = [o for o in observations if not o.is_breakdown]
    latest: dict[str, tuple[int, int]] = {}
    for o in wholes:
        latest[o.indicator] = max(latest.get(o.indicator, _end(o)), _end(o))
    return [o for o in wholes if _end(o) == latest[o.indicator]][:PAGE_ROWS]


def _end(obs: Observation) -> tuple[int, int]:
    """When a figure's period ends: figures ending last are the latest, whatever their length."""
    return obs.period.end_year, obs.period.end_month
