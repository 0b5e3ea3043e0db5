"""An indicator's own file: its id is its file name, its pillar exists, its chart can draw its unit,
categories for a category, why and who for a wanted figure, and breakdowns named apart from columns."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import babel.numbers

from scripts.checks import place
from scripts.checks.references import named, unique_ids
from scripts.checks.tables import PERSONAL_COLUMNS
from scripts.load import YamlDoc
from scripts.model import CHART_UNITS, Indicator
from scripts.problems import Problem, problem
from scripts.records import OBSERVATION_COLUMNS

RATES = ("percent", "rate-per-100000")  # the units a derived_from applies to


def indicator_problems(doc: YamlDoc, ind: Indicator, stem: str, pillars: set[str]) -> Iterator[Problem]:
    """Everything wrong in the metadata of one indicator (its schema already passed)."""
    if ind.id != stem:
        yield problem("id-mismatch", place.key(doc, ("id",)), ind.id, stem=stem)
    yield from named(doc, ("pillar",), "pillar", ind.pillar, pillars)
    if ind.unit == "category" and not ind.categories:
        yield problem("missing-key/categories", place.key(doc, ("unit",)))
    if not ind.published and not ind.wanted_why.default:
        yield problem("missing-key/wanted", place.key(doc, ("published",)))
    if "derived_from" in doc.data and ind.unit not in RATES:
        yield problem("not-allowed/derived-from", place.key(doc, ("derived_from",)))
    yield from chart_unit(doc, ind)
    yield from unit_keys(doc, ind)
    yield from unique_ids(doc, "series", ("series",))
    yield from unique_ids(doc, "dimension", ("dimensions",)) if ind.dimensions else iter(())
    for i, dim in enumerate(ind.dimensions):
        if dim.id in PERSONAL_COLUMNS:
            yield problem("reserved-column/personal", place.key(doc, ("dimensions", i, "id")), id=dim.id)
        elif dim.id in OBSERVATION_COLUMNS:
            yield problem("reserved-column", place.key(doc, ("dimensions", i, "id")), id=dim.id)


def chart_unit(doc: YamlDoc, ind: Indicator) -> Iterator[Problem]:
    """A chart kind the YAML names that cannot draw the indicator's unit (a step chart of a count would be bars)."""
    if "chart" in doc.data and ind.unit not in CHART_UNITS.get(ind.chart, (ind.unit,)):
        kinds = " or ".join(kind for kind, units in CHART_UNITS.items() if ind.unit in units)
        yield problem("chart-unit", place.key(doc, ("chart",)), chart=ind.chart, unit=ind.unit, kinds=kinds)


def unit_keys(doc: YamlDoc, ind: Indicator) -> Iterator[Problem]:
    """A currency that is not an ISO 4217 code CLDR knows; currency or percent_of on a unit they do not describe."""
    if "currency" in doc.data and ind.unit != "currency":
        yield problem("not-allowed/currency-unit", place.key(doc, ("currency",)), unit=ind.unit)
    elif ind.currency and ind.currency not in currencies():
        yield problem("unknown-currency", place.key(doc, ("currency",)), ind.currency)
    if "percent_of" in doc.data and ind.unit != "percent":
        yield problem("not-allowed/percent-of", place.key(doc, ("percent_of",)), unit=ind.unit)


@cache
def currencies() -> frozenset[str]:
    """Every ISO 4217 code in CLDR (Babel's copy): codes of currencies in use and of historic ones."""
    return frozenset(babel.numbers.list_currencies())
