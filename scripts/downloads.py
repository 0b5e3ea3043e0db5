"""Open-data files: every indicator as CSV and JSON, every chart as CSV, SVG and PNG.

The formats themselves (formula-safe CSV, sorted JSON) are scripts/tabular.py's.
"""

from __future__ import annotations

from typing import Any

from scripts.charts import Chart, render_all, render_png
from scripts.i18n import file_suffix, machine_locale
from scripts.model import Dataset, Indicator, Observation
from scripts.tables import revision_words
from scripts.tabular import csv_table, json_document

# What an amount of money is, for every reader of a download: the source's own, of its own year.
NOMINAL = (
    "Amounts as the source gives them, each in money of its own year: not adjusted for inflation, never converted."
)
CHART_COLUMNS = ["period", "label", "kind", "series", "category", "value", "qualifier", "status", "text"]


def downloads(data: Dataset, figures: dict[str, dict[str, list[Chart]]]) -> dict[str, str | bytes]:
    """Download files by path under docs/: data/<id>.csv|json, charts/<chart-id>.csv|svg|png.

    Chart images exist in every language (charts/<id>.<lang>.svg is served at /<lang>/charts/<id>.svg);
    data files are language-neutral.
    """
    out: dict[str, str | bytes] = {}
    default = data.site.languages[0]
    drawn = [(lang, c) for lang, by_indicator in figures.items() for cs in by_indicator.values() for c in cs]
    pictures = render_all(render_png, [chart.spec for _, chart in drawn])  # on every core, in order
    for (lang, chart), png in zip(drawn, pictures, strict=True):
        suffix = file_suffix(lang, default)
        if not suffix:
            out[f"charts/{chart.id}.csv"] = csv_table(chart.rows, CHART_COLUMNS)
        out[f"charts/{chart.id}{suffix}.svg"] = chart.svg
        out[f"charts/{chart.id}{suffix}.png"] = png
    for ind in data.indicators:
        if not ind.published:
            continue
        columns = observation_columns(ind)
        # The JSON has the CSV's fields: covers and currency only where the indicator has them; and
        # each earlier value in full under "revisions".
        rows = [{k: v for k, v in observation_record(data, ind, o).items() if k in columns} for o in ind.observations]
        out[f"data/{ind.id}.csv"] = csv_table(rows, columns)
        entries = [row | {"revisions": revision_records(o)} for row, o in zip(rows, ind.observations, strict=True)]
        out[f"data/{ind.id}.json"] = json_document(_json(data, ind, entries))
    return out


def observation_columns(ind: Indicator) -> list[str]:
    """The columns of data/<id>.csv: one per field of an observation, its dimensions included."""
    dims = [d.id for d in ind.dimensions]
    return ["indicator", "period", "period_kind", *extra_columns([ind], "covers"), "geography", "geography_name",
            "series", *dims, "value", *extra_columns([ind], "currency"), "qualifier", "status", "source", "source_url",
            "locator", "note", *REVISION_COLUMNS]  # fmt: skip


def extra_columns(indicators: list[Indicator], name: str) -> list[str]:
    """`covers` where an observation gives the period an edition covers, `currency` where an indicator is
    money: columns only the files that need them have, so that no other download changes."""
    if name == "covers":
        return [name] if any(o.covers for ind in indicators for o in ind.observations) else []
    return [name] if any(ind.currency for ind in indicators) else []


# The earlier value a figure was revised from (the most recent, when there are several), and every
# earlier value in words; data/<id>.json gives each earlier value in full under "revisions".
REVISION_COLUMNS = ["revised_from", "revised_from_status", "revised_from_source", "revised_from_date", "revision_history"]


def observation_record(data: Dataset, ind: Indicator, obs: Observation) -> dict[str, Any]:
    """One observation as a row of data/<id>.csv and an entry of data/<id>.json."""
    province = data.place(obs.geography)
    source = data.source(obs.source)
    return {
        "indicator": ind.id,
        "period": obs.period.code(),
        "period_kind": obs.period.kind(),
        "covers": obs.covers.code() if obs.covers else "",
        "geography": obs.geography,
        "geography_name": province.name.default if province else data.site.country_name.default,
        "series": obs.series,
        **dict(obs.dimensions),
        "value": obs.value,
        "currency": ind.currency,
        "qualifier": obs.qualifier,
        "status": obs.status,
        "source": obs.source,
        "source_url": source.url if source else "",
        "locator": obs.locator,
        "note": obs.note,
        **_revised(data, ind, obs),
    }


def revision_records(obs: Observation) -> list[dict[str, Any]]:
    """Each earlier value of a figure, oldest first, as data/<id>.json gives it: with the figure's key,
    so that each record says on its own what it is the earlier value of."""
    key = {"period": obs.period.code(), "geography": obs.geography, "series": obs.series, **dict(obs.dimensions)}
    return [key | {"value": r.value, "qualifier": r.qualifier, "status": r.status, "source": r.source,
                   "date": r.date, "locator": r.locator, "note": r.note} for r in obs.revisions]  # fmt: skip


def _revised(data: Dataset, ind: Indicator, obs: Observation) -> dict[str, Any]:
    if not obs.revisions:
        return dict.fromkeys(REVISION_COLUMNS)
    last = obs.revisions[-1]
    words = revision_words(data, ind, obs, machine_locale(), cite=lambda rev: rev.source)
    return {"revised_from": last.value, "revised_from_status": last.status, "revised_from_source": last.source,
            "revised_from_date": last.date, "revision_history": "; ".join(words)}  # fmt: skip


def _json(data: Dataset, ind: Indicator, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": ind.id,
        "title": ind.title.default,
        "description": ind.description.default,
        "unit": ind.unit,
        "unit_label": ind.unit_label.default,
        **({"currency": ind.currency, "prices": NOMINAL} if ind.currency else {}),
        **({"percent_of": ind.percent_of.default} if ind.percent_of.default else {}),
        "measure": ind.measure.default,
        "sensitive": ind.sensitive,
        "disclosure_threshold": data.site.disclosure_threshold if ind.sensitive else None,
        "series": [{"id": s.id, "label": s.label.default, "note": s.note.default} for s in ind.series],
        "licence": data.site.licence_data,
        "observations": rows,
    }
