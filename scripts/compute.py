"""Derive what readers are told from the numbers: latest value, change, a plain summary.

A change is only stated between two comparable figures: the same series, both of one kind of
year (calendar years, or twelve-month years that start in the same month: Period.family), one
year apart, both exact. Never across a gap, never a partial year against a full one, never a
fiscal year against a calendar year, never from a bound. An indicator whose figures switch from
calendar to fiscal years (as a ministry's reports may) keeps both, apart: the summary speaks of
the kind of the latest figure only, and its charts draw each kind in a panel of its own.

Amounts of money are never added: a change between two years is stated as amounts of each
year, not adjusted for inflation, and the sentence says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from scripts.i18n import Locale, machine_locale, site_locales
from scripts.model import VALUE_STATUSES, Dataset, Indicator, Observation, Period


@dataclass(frozen=True)
class Facts:
    """What the site says about one indicator: headline figures and a sentence per language."""

    indicator: Indicator
    latest: Observation | None
    previous: Observation | None
    change: float | None
    gap_year: int | None
    summaries: dict[str, str] = field(default_factory=dict)
    gap: Period | None = None  # the year (calendar or twelve-month) before the latest that has no figure

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
    years = [o for o in rows if o.period.family() is not None]
    with_value = [o for o in years if o.status in VALUE_STATUSES]
    if not with_value:
        others = [o for o in rows if o.status in VALUE_STATUSES]
        latest = max(others, key=lambda o: (o.period.end_year, o.period.end_month), default=None)
        result = Facts(ind, latest, None, None, None)
    else:
        latest = max(with_value, key=lambda o: (o.period.end_year, o.period.end_month))
        family, year = latest.period.family(), latest.period.start_year
        alike = [o for o in years if o.period.family() == family]
        before = next((o for o in alike if o.period == latest.period.year_before()), None)
        previous = before if before is not None and before.status in VALUE_STATUSES else None
        earlier = any(o.period.start_year < year for o in with_value if o.period.family() == family)
        gap = latest.period.year_before() if previous is None and earlier else None
        result = Facts(ind, latest, previous, _change(ind, latest, previous), gap.start_year if gap else None, gap=gap)
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
    number = format_amount(ind, float(obs.value), loc)
    if ind.percent_of.default:  # the base goes with the number, so a bound reads "at least 40% of victims identified"
        number = loc.t("percent_of", value=number, base=loc.text(ind.percent_of))
    return loc.t(f"qualifier.{obs.qualifier}", value=number) if obs.qualifier else number


def format_amount(ind: Indicator, value: float, loc: Locale) -> str:
    """A number in the indicator's unit without its words: an amount of money in its currency
    (CLDR), a percentage of a named base with its sign, else the number."""
    if ind.unit == "currency":
        return loc.money(value, ind.currency)
    if ind.percent_of.default:
        return loc.t("percent", value=loc.number(value))
    return loc.number(value)


def format_change(ind: Indicator, change: float, loc: Locale) -> str:
    """The size of a change, without its sign: an amount of money, percentage points for a percentage
    of a named base (a change of a percentage is not a per cent), else the number."""
    if ind.percent_of.default:
        return loc.t("points", value=loc.number(abs(change)))
    return format_amount(ind, abs(change), loc)


def self_describing(ind: Indicator) -> bool:
    """True where the value names its own unit (an amount with its currency, a percentage with its base):
    the unit's words are not repeated after it."""
    return ind.unit == "currency" or bool(ind.percent_of.default)


def summary(f: Facts, loc: Locale) -> str:
    """One plain sentence on the latest figure and its change, in the locale's language; for an
    assessment filed under its edition, a second saying which period the edition covers."""
    sentence = _summary(f, loc)
    if f.latest is not None and f.latest.covers is not None:
        edition = loc.period(f.latest.period, f.indicator.year_kind)
        sentence += " " + _capital(loc.t("summary.covers", edition=edition, covers=loc.period(f.latest.covers)))
    return sentence


def _summary(f: Facts, loc: Locale) -> str:
    ind, latest, previous = f.indicator, f.latest, f.previous
    if latest is None:
        return loc.t("summary.unpublished" if not ind.published else "summary.no_national")
    value = format_value(ind, latest, loc)
    unit = "" if self_describing(ind) else loc.text(ind.unit_label)
    if latest.period.family() is None:
        sentence = loc.t("summary.period", value=value, unit=unit, period=loc.period(latest.period, ind.year_kind))
        return _tidy(sentence)
    words = {"value": value, "unit": unit, "year": loc.period(latest.period, ind.year_kind)}
    if previous is not None:
        words |= {"prev": loc.period(previous.period, ind.year_kind), "prev_value": format_value(ind, previous, loc)}
    if ind.unit == "category":
        if previous is None:
            return loc.t("summary.category", **words)
        if previous.value == latest.value:
            return loc.t("summary.category_same", **words)
        order = [c.id for c in ind.categories]
        down = order.index(str(latest.value)) > order.index(str(previous.value))
        return loc.t("summary.category_down" if down else "summary.category_up", **words)
    return _tidy(_numeric_summary(f, words, loc))


def _numeric_summary(f: Facts, words: dict[str, str], loc: Locale) -> str:
    """The sentence for a number: its change where there is one, else what it stands against."""
    ind = f.indicator
    if f.change is not None:
        if f.change == 0:
            return loc.t("summary.same", **words)
        if ind.unit == "currency":  # amounts of two years: say they are each year's money
            key = "summary.money_more" if f.change > 0 else "summary.money_less"
        elif ind.unit == "count":
            key = "summary.more" if f.change > 0 else "summary.fewer"
        else:
            key = "summary.higher" if f.change > 0 else "summary.lower"
        return loc.t(key, diff=format_change(ind, f.change, loc), **words)
    if f.previous is not None:
        return loc.t("summary.against", **words)
    if f.gap is not None:
        return loc.t("summary.gap", gap=loc.period(f.gap, ind.year_kind), **words)
    return loc.t("summary.plain", **words)


def _tidy(sentence: str) -> str:
    """A sentence without the doubled space an empty unit leaves ("$1,200  in 2023")."""
    return re.sub(r" {2,}", " ", sentence)


def _change(ind: Indicator, latest: Observation, previous: Observation | None) -> float | None:
    if previous is None or ind.unit == "category" or latest.qualifier or previous.qualifier:
        return None
    assert isinstance(latest.value, (int, float)) and isinstance(previous.value, (int, float))
    if isinstance(latest.value, int) and isinstance(previous.value, int):
        return latest.value - previous.value
    # In decimal, as the figures were written: 0.3 - 0.1 is 0.2, not 0.19999999999999998, which
    # would be shown to the cent and beyond.
    difference = Decimal(repr(latest.value)) - Decimal(repr(previous.value))
    return int(difference) if difference == difference.to_integral_value() else float(difference)


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
