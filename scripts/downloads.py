"""Open-data files: every indicator as CSV and JSON, every chart as CSV, SVG and PNG.

The formats themselves (formula-safe CSV, sorted JSON) are scripts/tabular.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from typing import Any

from scripts.charts import Chart, render_pngs
from scripts.i18n import Locale, file_suffix, site_locales
from scripts.model import Dataset, Indicator, Observation, Period, Revision, Text
from scripts.tables import revision_words
from scripts.tabular import File, Stream, csv_pieces, csv_table, json_pieces

# What an amount of money is, for every reader of a download: the source's own, of its own year.
NOMINAL = (
    "Amounts as the source gives them, each in money of its own year: not adjusted for inflation, never converted."
)
CHART_COLUMNS = ["period", "label", "kind", "series", "category", "value", "qualifier", "status", "text"]


def downloads(
    data: Dataset, figures: dict[str, dict[str, list[Chart]]], pngs: list[bytes] | None = None
) -> dict[str, File]:
    """Download files by path under docs/: data/<id>.csv|json, charts/<chart-id>.csv|svg|png.

    Charts exist in every language, their data with its labels too (charts/<id>.<lang>.csv|svg|png is
    served at /<lang>/charts/<id>.csv|svg|png); data files are language-neutral. `pngs` are the charts' `pictures`, when made beforehand.
    """
    out: dict[str, File] = {}
    default = data.site.languages[0]
    drawn = _drawn(figures)
    for (lang, chart), png in zip(drawn, pictures(figures) if pngs is None else pngs, strict=True):
        suffix = file_suffix(lang, default)
        out[f"charts/{chart.id}{suffix}.csv"] = csv_table(chart.rows, CHART_COLUMNS)
        out[f"charts/{chart.id}{suffix}.svg"] = chart.svg
        out[f"charts/{chart.id}{suffix}.png"] = png
    for ind in data.indicators:
        if ind.published:  # made as they are written (tabular.Stream): at 100,000 observations, 200 MB of text
            out[f"data/{ind.id}.csv"] = Stream(partial(_csv, data, ind))
            out[f"data/{ind.id}.json"] = Stream(partial(_json_file, data, ind))
    return out


def pictures(figures: dict[str, dict[str, list[Chart]]]) -> list[bytes]:
    """Every chart's PNG, in the order `downloads` lists the charts: a build has them made while it
    renders the pages (by a process apart when there are many: charts.render_pngs)."""
    return render_pngs([chart.spec for _, chart in _drawn(figures)])


def _drawn(figures: dict[str, dict[str, list[Chart]]]) -> list[tuple[str, Chart]]:
    """Every chart with its language, in the figures' order."""
    return [(lang, c) for lang, by_indicator in figures.items() for cs in by_indicator.values() for c in cs]


def _rows(data: Dataset, ind: Indicator) -> Iterator[dict[str, Any]]:
    """The rows of data/<id>.csv, one per observation."""
    columns = set(observation_columns(ind, data.site.languages))
    record = observation_records(data, ind)
    return ({k: v for k, v in record(o).items() if k in columns} for o in ind.observations)


def _csv(data: Dataset, ind: Indicator) -> Iterable[str]:
    # The records whole: the CSV writer takes only the file's columns from each (_rows' copies are the JSON's).
    return csv_pieces(
        map(observation_records(data, ind), ind.observations), observation_columns(ind, data.site.languages)
    )


def _json_file(data: Dataset, ind: Indicator) -> Iterable[str]:
    # The JSON has the CSV's fields: covers and currency only where the indicator has them; and
    # each earlier value in full under "revisions".
    entries = [
        row | {"revisions": revision_records(o, data.site.languages)}
        for row, o in zip(_rows(data, ind), ind.observations, strict=True)
    ]
    return json_pieces(_json(data, ind, entries))


def observation_columns(ind: Indicator, languages: tuple[str, ...]) -> list[str]:
    """The columns of data/<id>.csv: one per field of an observation, its dimensions included, each
    id followed by its name in each of the site's languages (name_columns)."""
    dims = [column for d in ind.dimensions for column in (d.id, *name_columns(d.id, languages))]
    category = name_columns("value", languages) if ind.unit == "category" else []
    return ["indicator", "period", "period_kind", *extra_columns([ind], "covers"), "geography",
            *name_columns("geography", languages), "series", *name_columns("series", languages), *dims, "value",
            *category, *extra_columns([ind], "currency"), "qualifier", "status", "source", "source_url", "locator",
            *text_columns("note", languages), *revision_columns(languages)]  # fmt: skip


def extra_columns(indicators: list[Indicator], name: str) -> list[str]:
    """`covers` where an observation gives the period an edition covers, `currency` where an indicator is
    money: columns only the files that need them have, so that no other download changes."""
    if name == "covers":
        return [name] if any(o.covers for ind in indicators for o in ind.observations) else []
    return [name] if any(ind.currency for ind in indicators) else []


def text_columns(base: str, languages: tuple[str, ...]) -> list[str]:
    """The columns of a text given per language, as editors write it: <base> in the site's first
    language, then <base>_<lang> in each other (note, note_km), empty where no translation is given."""
    return [base, *(f"{base}_{lang}" for lang in languages[1:])]


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


def revision_columns(languages: tuple[str, ...]) -> list[str]:
    """The revision columns of a download: the earlier value, and every earlier value in words in
    each of the site's languages (revision_history, then revision_history_<lang>)."""
    return [*REVISION_COLUMNS, *text_columns("revision_history", languages)[1:]]


def observation_record(data: Dataset, ind: Indicator, obs: Observation) -> dict[str, Any]:
    """One observation as a row of data/<id>.csv and an entry of data/<id>.json."""
    return observation_records(data, ind)(obs)


def observation_records(data: Dataset, ind: Indicator) -> Callable[[Observation], dict[str, Any]]:
    """observation_record for the observations of one indicator, each place, series, breakdown and
    source looked up and named once: at 100,000 observations, the same few hundred names each time."""
    languages = data.site.languages
    category = ind.unit == "category"
    locales = site_locales(data.site)

    @cache
    def when(period: Period) -> dict[str, str]:
        return {"period": period.code(), "period_kind": period.kind()}

    @cache
    def place(code: str) -> dict[str, str]:
        province = data.place(code)
        return {"geography": code, **_names("geography", province.name if province else data.site.country_name,
                                            languages)}  # fmt: skip

    @cache
    def series(series_id: str) -> dict[str, str]:
        return {"series": series_id, **_names("series", ind.series_label(series_id), languages)}

    @cache
    def breakdown(dimensions: tuple[tuple[str, str], ...]) -> dict[str, str]:
        found: dict[str, str] = {}
        values = dict(dimensions)
        for d in ind.dimensions:
            value = values.get(d.id, "")
            found |= {d.id: value, **_names(d.id, d.label(value) if value else None, languages)}
        return found

    @cache
    def value_names(value: object) -> dict[str, str]:
        return _names("value", ind.category_label(str(value)) if value is not None else None, languages)

    @cache
    def source_url(source_id: str) -> str:
        source = data.source(source_id)
        return source.url if source else ""

    def record(obs: Observation) -> dict[str, Any]:
        return {
            "indicator": ind.id,
            **when(obs.period),
            "covers": obs.covers.code() if obs.covers else "",
            **place(obs.geography),
            **series(obs.series),
            **breakdown(obs.dimensions),
            "value": obs.value,
            "currency": ind.currency,
            **(value_names(obs.value) if category else {}),
            "qualifier": obs.qualifier,
            "status": obs.status,
            "source": obs.source,
            "source_url": source_url(obs.source),
            "locator": obs.locator,
            **_notes(obs, languages),
            **_revised(data, ind, obs, locales),
        }

    return record


def _names(base: str, text: Text | None, languages: tuple[str, ...]) -> dict[str, str]:
    """A name in every language, as the name columns hold it ("" for none, or where not translated)."""
    versions = [text.default, *(text.translation(lang) for lang in languages[1:])] if text else [""] * len(languages)
    return dict(zip(name_columns(base, languages), versions, strict=True))


def _notes(row: Observation | Revision, languages: tuple[str, ...]) -> dict[str, str]:
    """A figure's (or an earlier value's) note in every language of the site, from its note and note_<lang> columns."""
    return _texts({"note": row.notes}, languages)


def _texts(texts: dict[str, Text], languages: tuple[str, ...]) -> dict[str, str]:
    """Texts by key in the site's first language, and as <key>_<lang> in each other ("" where not translated)."""
    out = {key: text.default for key, text in texts.items()}
    return out | {f"{key}_{lang}": text.translation(lang) for key, text in texts.items() for lang in languages[1:]}


def revision_records(obs: Observation, languages: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Each earlier value of a figure, oldest first, as data/<id>.json gives it: with the figure's key,
    so that each record says on its own what it is the earlier value of, and its note in every
    language of the site as the observations give theirs (note, note_<lang>; "" where not given)."""
    key = {"period": obs.period.code(), "geography": obs.geography, "series": obs.series, **dict(obs.dimensions)}
    return [key | {"value": r.value, "qualifier": r.qualifier, "status": r.status, "source": r.source,
                   "date": r.date, "locator": r.locator, **_notes(r, languages)}
            for r in obs.revisions]  # fmt: skip


def _revised(data: Dataset, ind: Indicator, obs: Observation, locales: list[Locale]) -> dict[str, Any]:
    """The revision columns of a figure: its history in words in each language, as that language's pages
    say it, but with each source's id and each date as written (what a program can look up)."""
    languages = data.site.languages
    if not obs.revisions:
        return dict.fromkeys(revision_columns(languages))
    last = obs.revisions[-1]
    history = ["; ".join(revision_words(data, ind, obs, loc, cite=lambda rev: rev.source)) for loc in locales]
    return {"revised_from": last.value, "revised_from_status": last.status, "revised_from_source": last.source,
            "revised_from_date": last.date,
            **dict(zip(text_columns("revision_history", languages), history, strict=True))}  # fmt: skip


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
