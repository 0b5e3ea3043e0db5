"""Open-data files: every indicator as CSV and JSON, every chart as CSV, SVG and PNG.

The formats themselves (formula-safe CSV, sorted JSON) are scripts/tabular.py's.
"""

from __future__ import annotations

from typing import Any

from scripts.charts import Chart, render_all, render_png
from scripts.i18n import file_suffix, machine_locale
from scripts.model import Dataset, Indicator, Observation, Text
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
        columns = observation_columns(ind, data.site.languages)
        # The JSON has the CSV's fields: covers and currency only where the indicator has them; and
        # each earlier value in full under "revisions".
        rows = [{k: v for k, v in observation_record(data, ind, o).items() if k in columns} for o in ind.observations]
        out[f"data/{ind.id}.csv"] = csv_table(rows, columns)
        entries = [row | {"revisions": revision_records(o)} for row, o in zip(rows, ind.observations, strict=True)]
        out[f"data/{ind.id}.json"] = json_document(_json(data, ind, entries))
    return out


def observation_columns(ind: Indicator, languages: tuple[str, ...]) -> list[str]:
    """The columns of data/<id>.csv: one per field of an observation, its dimensions included, each
    id followed by its name in each of the site's languages (name_columns)."""
    dims = [column for d in ind.dimensions for column in (d.id, *name_columns(d.id, languages))]
    category = name_columns("value", languages) if ind.unit == "category" else []
    return ["indicator", "period", "period_kind", *extra_columns([ind], "covers"), "geography",
            *name_columns("geography", languages), "series", *name_columns("series", languages), *dims, "value",
            *category, *extra_columns([ind], "currency"), "qualifier", "status", "source", "source_url", "locator",
            "note", *REVISION_COLUMNS]  # fmt: skip


def extra_columns(indicators: list[Indicator], name: str) -> list[str]:
    """`covers` where an observation gives the period an edition covers, `currency` where an indicator is
    money: columns only the files that need them have, so that no other download changes."""
    if name == "covers":
        return [name] if any(o.covers for ind in indicators for o in ind.observations) else []
    return [name] if any(ind.currency for ind in indicators) else []


def name_columns(base: str, languages: tuple[str, ...]) -> list[str]:
    """The columns that name what column `base` holds: <base>_name in the site's first language, then
    <base>_name_<lang> in each other (empty where no translation is given)."""
    return [f"{base}_name", *(f"{base}_name_{lang}" for lang in languages[1:])]


# The earlier value a figure was revised from (the most recent, when there are several), and every
# earlier value in words; data/<id>.json gives each earlier value in full under "revisions".
REVISION_COLUMNS = [
    "revised_from",
    "revised_from_status",
    "revised_from_source",
    "revised_from_date",
    "revision_history",
]


def observation_record(data: Dataset, ind: Indicator, obs: Observation) -> dict[str, Any]:
    """One observation as a row of data/<id>.csv and an entry of data/<id>.json."""
    province = data.place(obs.geography)
    source = data.source(obs.source)
    languages = data.site.languages
    breakdown: dict[str, str] = {}
    for d in ind.dimensions:
        value = obs.dimension(d.id)
        breakdown |= {d.id: value, **_names(d.id, d.label(value) if value else None, languages)}
    category = ind.category_label(str(obs.value)) if obs.value is not None else None
    return {
        "indicator": ind.id,
        "period": obs.period.code(),
        "period_kind": obs.period.kind(),
        "covers": obs.covers.code() if obs.covers else "",
        "geography": obs.geography,
        **_names("geography", province.name if province else data.site.country_name, languages),
        "series": obs.series,
        **_names("series", ind.series_label(obs.series), languages),
        **breakdown,
        "value": obs.value,
        "currency": ind.currency,
        **(_names("value", category, languages) if ind.unit == "category" else {}),
        "qualifier": obs.qualifier,
        "status": obs.status,
        "source": obs.source,
        "source_url": source.url if source else "",
        "locator": obs.locator,
        "note": obs.note,
        **_revised(data, ind, obs),
    }


def _names(base: str, text: Text | None, languages: tuple[str, ...]) -> dict[str, str]:
    """A name in every language, as the name columns hold it ("" for none, or where not translated)."""
    versions = [text.default, *(text.translation(lang) for lang in languages[1:])] if text else [""] * len(languages)
    return dict(zip(name_columns(base, languages), versions, strict=True))


def _texts(texts: dict[str, Text], languages: tuple[str, ...]) -> dict[str, str]:
    """Texts by key in the site's first language, and as <key>_<lang> in each other ("" where not translated)."""
    out = {key: text.default for key, text in texts.items()}
    return out | {f"{key}_{lang}": text.translation(lang) for key, text in texts.items() for lang in languages[1:]}


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
    languages = data.site.languages
    texts = {"title": ind.title, "description": ind.description, "unit_label": ind.unit_label, "measure": ind.measure}
    return {
        "id": ind.id,
        **_texts(texts, languages),
        "unit": ind.unit,
        **({"currency": ind.currency, "prices": NOMINAL} if ind.currency else {}),
        **(_texts({"percent_of": ind.percent_of}, languages) if ind.percent_of.default else {}),
        "sensitive": ind.sensitive,
        "disclosure_threshold": data.site.disclosure_threshold if ind.sensitive else None,
        "series": [{"id": s.id, **_texts({"label": s.label, "note": s.note}, languages)} for s in ind.series],
        "licence": data.site.licence_data,
        "observations": rows,
    }
