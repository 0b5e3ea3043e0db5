"""Derive what readers are told from the numbers: latest value, change, a plain summary.

A change is only stated between two comparable figures: the same series, both whole
calendar years, one year apart, both exact. Never across a gap, never a partial year
against a full one, never from a bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from scripts.model import Dataset, Indicator, Observation

VALUE_STATUSES = ("reported", "derived", "estimate")
QUALIFIER_WORDS = {"at-least": "at least ", "more-than": "more than ", "approx": "about ", "": ""}


@dataclass(frozen=True)
class Facts:
    """What the site says about one indicator in words and headline numbers."""

    indicator: Indicator
    latest: Observation | None
    previous: Observation | None
    change: float | None
    gap_year: int | None
    summary: str


def compute(data: Dataset) -> dict[str, Facts]:
    """Facts for every indicator, by id."""
    return {ind.id: facts(ind, data.site.country_code) for ind in data.indicators}


def facts(ind: Indicator, country: str) -> Facts:
    """The latest comparable figures of one indicator and a sentence saying what they show."""
    rows = headline_rows(ind, country)
    years = [o for o in rows if o.period.is_year]
    with_value = [o for o in years if o.status in VALUE_STATUSES]
    if not with_value:
        others = [o for o in rows if o.status in VALUE_STATUSES]
        latest_other = max(others, key=lambda o: (o.period.end_year, o.period.end_month), default=None)
        return Facts(ind, latest_other, None, None, None, _capital(_summary_without_year(ind, latest_other)))
    latest = max(with_value, key=lambda o: o.period.start_year)
    year = latest.period.start_year
    before = next((o for o in years if o.period.start_year == year - 1), None)
    previous = before if before is not None and before.status in VALUE_STATUSES else None
    gap_year = year - 1 if previous is None and any(o.period.start_year < year for o in with_value) else None
    change = _change(ind, latest, previous)
    return Facts(ind, latest, previous, change, gap_year, _capital(_summary(ind, latest, previous, change, gap_year)))


def headline_rows(ind: Indicator, country: str) -> list[Observation]:
    """The headline series at national level with no breakdown, in period order."""
    if not ind.series:
        return []
    series = ind.series[0].id
    return sorted(
        (o for o in ind.observations if o.series == series and o.geography == country and not o.is_breakdown),
        key=lambda o: o.period,
    )


def format_value(ind: Indicator, obs: Observation, lang: str = "en") -> str:
    """A value as readers see it: separators, bound words, category labels."""
    if obs.value is None:
        return ""
    if ind.unit == "category":
        return ind.category_label(str(obs.value)).get(lang)  # type: ignore[arg-type]
    return QUALIFIER_WORDS[obs.qualifier] + format_number(obs.value)


def format_number(value: float | int) -> str:
    """A number with thousands separators and no needless decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _change(ind: Indicator, latest: Observation, previous: Observation | None) -> float | None:
    if previous is None or ind.unit == "category" or latest.qualifier or previous.qualifier:
        return None
    assert isinstance(latest.value, (int, float)) and isinstance(previous.value, (int, float))
    return latest.value - previous.value


def _summary(
    ind: Indicator, latest: Observation, previous: Observation | None, change: float | None, gap_year: int | None
) -> str:
    unit = ind.unit_label.en
    year = latest.period.start_year
    if ind.unit == "category":
        now = ind.category_label(str(latest.value)).en
        if previous is None:
            return f"{now} in {year}."
        before = ind.category_label(str(previous.value)).en
        if before == now:
            return f"{now} in {year}, the same as in {year - 1}."
        order = [c.id for c in ind.categories]
        moved = "down" if order.index(str(latest.value)) > order.index(str(previous.value)) else "up"
        return f"{now} in {year}, {moved} from {before} in {year - 1}."
    head = f"{format_value(ind, latest)} {unit} in {year}"
    if change is not None:
        if change == 0:
            return f"{head}, the same as in {year - 1}."
        if ind.unit == "count":
            more = "more" if change > 0 else "fewer"
        else:
            more = "higher" if change > 0 else "lower"
        return f"{head}, {format_number(abs(change))} {more} than in {year - 1}."
    if previous is not None:
        return f"{head}, against {format_value(ind, previous)} in {year - 1}."
    if gap_year is not None:
        return f"{head}; no figure was published for {gap_year}."
    return f"{head}."


def _summary_without_year(ind: Indicator, latest: Observation | None) -> str:
    if not ind.published:
        return "No figure has been published yet."
    if latest is None:
        return "No national figure has been published yet."
    return f"{format_value(ind, latest)} {ind.unit_label.en} in {latest.period.label()}."


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
