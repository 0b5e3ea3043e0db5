"""Derive what readers are told from the numbers: latest value, change, a plain summary.

A change is only stated between two comparable figures: the same series, both whole
calendar years, one year apart, both exact. Never across a gap, never a partial year
against a full one, never from a bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scripts.i18n import Locale, machine_locale, site_locales
from scripts.model import VALUE_STATUSES, Dataset, Indicator, Observation


@dataclass(frozen=True)
class Facts:
    """What the site says about one indicator: headline figures and a sentence per language."""

    indicator: Indicator
    latest: Observation | None
    previous: Observation | None
    change: float | None
    gap_year: int | None
    summaries: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The summary sentence in the first language it was written in (the site's first)."""
        return next(iter(self.summaries.values()))


def compute(data: Dataset) -> dict[str, Facts]:
    """Facts for every indicator, by id."""
    locales = site_locales(data.site)
    return {ind.id: facts(ind, data.site.country_code, locales) for ind in data.indicators}


def facts(ind: Indicator, country: str, locales: list[Locale] | None = None) -> Facts:
    """The latest comparable figures of one indicator and a sentence saying what they show."""
    locales = locales or [machine_locale()]
    rows = headline_rows(ind, country)
    years = [o for o in rows if o.period.is_year]
    with_value = [o for o in years if o.status in VALUE_STATUSES]
    if not with_value:
        others = [o for o in rows if o.status in VALUE_STATUSES]
        latest = max(others, key=lambda o: (o.period.end_year, o.period.end_month), default=None)
        result = Facts(ind, latest, None, None, None)
    else:
        latest = max(with_value, key=lambda o: o.period.start_year)
        year = latest.period.start_year
        before = next((o for o in years if o.period.start_year == year - 1), None)
        previous = before if before is not None and before.status in VALUE_STATUSES else None
        gap_year = year - 1 if previous is None and any(o.period.start_year < year for o in with_value) else None
        result = Facts(ind, latest, previous, _change(ind, latest, previous), gap_year)
    result.summaries.update({loc.lang: _capital(summary(result, loc)) for loc in locales})
    return result


def headline_rows(ind: Indicator, country: str) -> list[Observation]:
    """The headline series at national level with no breakdown, in period order."""
    if not ind.series:
        return []
    series = ind.series[0].id
    return sorted(
        (o for o in ind.observations if o.series == series and o.geography == country and not o.is_breakdown),
        key=lambda o: o.period,
    )


def format_value(ind: Indicator, obs: Observation, loc: Locale | None = None) -> str:
    """A value as readers see it: separators, bound words, category labels."""
    loc = loc or machine_locale()
    if obs.value is None:
        return ""
    if ind.unit == "category":
        return loc.text(ind.category_label(str(obs.value)))
    number = loc.number(float(obs.value))
    return loc.t(f"qualifier.{obs.qualifier}", value=number) if obs.qualifier else number


def summary(f: Facts, loc: Locale) -> str:
    """One plain sentence on the latest figure and its change, in the locale's language."""
    ind, latest, previous = f.indicator, f.latest, f.previous
    if latest is None:
        return loc.t("summary.unpublished" if not ind.published else "summary.no_national")
    value = format_value(ind, latest, loc)
    if not latest.period.is_year:
        return loc.t("summary.period", value=value, unit=loc.text(ind.unit_label), period=loc.period(latest.period))
    words = {"value": value, "unit": loc.text(ind.unit_label), "year": loc.year(latest.period.start_year)}
    if previous is not None:
        words |= {"prev": loc.year(previous.period.start_year), "prev_value": format_value(ind, previous, loc)}
    if ind.unit == "category":
        if previous is None:
            return loc.t("summary.category", **words)
        if previous.value == latest.value:
            return loc.t("summary.category_same", **words)
        order = [c.id for c in ind.categories]
        down = order.index(str(latest.value)) > order.index(str(previous.value))
        return loc.t("summary.category_down" if down else "summary.category_up", **words)
    if f.change is not None:
        if f.change == 0:
            return loc.t("summary.same", **words)
        if ind.unit == "count":
            key = "summary.more" if f.change > 0 else "summary.fewer"
        else:
            key = "summary.higher" if f.change > 0 else "summary.lower"
        return loc.t(key, diff=loc.number(abs(f.change)), **words)
    if previous is not None:
        return loc.t("summary.against", **words)
    if f.gap_year is not None:
        return loc.t("summary.gap", gap=loc.year(f.gap_year), **words)
    return loc.t("summary.plain", **words)


def _change(ind: Indicator, latest: Observation, previous: Observation | None) -> float | None:
    if previous is None or ind.unit == "category" or latest.qualifier or previous.qualifier:
        return None
    assert isinstance(latest.value, (int, float)) and isinstance(previous.value, (int, float))
    return latest.value - previous.value


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
