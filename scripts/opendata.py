"""All the data in one place, described for programs: data/all.csv, datapackage.json and index.json.

scripts/downloads.py writes each indicator as data/<id>.csv and data/<id>.json; this module
adds, beside them, every observation in one tidy table, a Frictionless data package whose
Table Schemas describe every CSV file (types, allowed values, licence, sources), and an index
of the site's stable addresses. Same data, same bytes: keys are sorted and rows keep the order
of the data files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import babel

# The per-indicator CSV files are written by downloads.py: reuse its columns and rows so that
# the schemas here always describe exactly what it writes.
from scripts.downloads import (
    NOMINAL,
    REVISION_COLUMNS,
    extra_columns,
    name_columns,
    observation_columns,
    observation_records,
    revision_columns,
    text_columns,
)
from scripts.i18n import Locale, language_name, machine_locale
from scripts.model import PERIOD_KINDS, QUALIFIERS, REVISION_STATUSES, STATUSES, Dataset, Indicator, Source
from scripts.tabular import Stream, csv_pieces, json_document

PERIOD_PATTERN = r"^\d{4}$|^\d{4}/\d{4}$|^\d{4}-\d{2}/\d{4}-\d{2}$"
REQUIRED = {"indicator", "period", "period_kind", "geography", "series", "unit", "status", "source"}
LICENCES = {
    "CC-BY-4.0": ("https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0"),
    "CC-BY-SA-4.0": ("https://creativecommons.org/licenses/by-sa/4.0/", "Creative Commons Attribution-ShareAlike 4.0"),
    "CC0-1.0": ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0 Public Domain Dedication"),
    "ODbL-1.0": ("https://opendatacommons.org/licenses/odbl/1-0/", "Open Data Commons Open Database License 1.0"),
    "PDDL-1.0": ("https://opendatacommons.org/licenses/pddl/1-0/", "Open Data Commons Public Domain Dedication 1.0"),
}


def opendata(data: Dataset) -> dict[str, str | Stream]:
    """data/all.csv, data/datapackage.json and data/index.json, by path under the site."""
    published = [ind for ind in data.indicators if ind.published]
    return {
        "data/all.csv": Stream(partial(_all_csv, data, published)),  # made as it is written: 50 MB at 100,000
        "data/datapackage.json": json_document(_package(data, published)),
        "data/index.json": json_document(_index(data)),
    }


# --- all.csv: one tidy table ---


def all_columns(published: list[Indicator], languages: tuple[str, ...]) -> list[str]:
    """The columns of all.csv: those of every indicator's file, with `unit`, and categories in their own column."""
    dims = list(dict.fromkeys(d.id for ind in published for d in ind.dimensions))
    categories = name_columns("category", languages) if any(i.unit == "category" for i in published) else []
    return ["indicator", "period", "period_kind", *extra_columns(published, "covers"), "geography",
            *name_columns("geography", languages), "series", *name_columns("series", languages),
            *(c for d in dims for c in (d, *name_columns(d, languages))), "unit", "value",
            *extra_columns(published, "currency"), "category", *categories, "qualifier", "status", "source",
            "source_url", "locator", *text_columns("note", languages), *revision_columns(languages)]  # fmt: skip


# The download columns of texts given per language: <column> in the first, <column>_<lang> in each other.
TRANSLATED = ("note", "revision_history")

# Every column of the downloads as the use-data page lists them, in the order of all.csv:
# <dimension> stands for each breakdown's column; value_name is in category indicators' own files.
# covers and currency are only in the files whose figures need them (extra_columns).
DOCUMENTED_COLUMNS = ("indicator", "period", "period_kind", "covers", "geography", "geography_name", "series",
                      "series_name", "<dimension>", "<dimension>_name", "unit", "value", "value_name", "currency",
                      "category", "category_name", "qualifier", "status", "source", "source_url", "locator", "note",
                      *REVISION_COLUMNS)  # fmt: skip


def documented_columns(languages: tuple[str, ...], loc: Locale) -> list[tuple[str, str]]:
    """The use-data page's table of columns: each column (as a pattern) and what it holds, in `loc`'s language."""
    rows = [(name, column_description(name.strip("<>").replace(">", ""), {"dimension"}, languages, loc))
            for name in DOCUMENTED_COLUMNS]  # fmt: skip
    if len(languages) > 1:
        examples = ", ".join(f"geography_name_{lang}" for lang in languages[1:])
        pattern = ", ".join(f"…_name_{lang}" for lang in languages[1:])
        rows.append((pattern, loc.t("usedata.column.other_languages", columns=examples)))
        # The texts given per language have a column each, after the first language's.
        for base in TRANSLATED:
            at = next(i for i, (name, _) in enumerate(rows) if name == base) + 1
            rows[at:at] = [(column, column_description(column, set(), languages, loc))
                           for column in text_columns(base, languages)[1:]]  # fmt: skip
    return rows


def column_description(name: str, dims: set[str], languages: tuple[str, ...], loc: Locale | None = None) -> str:
    """What a download column holds, in the words of the use-data page (usedata.column.*) in `loc`'s language.

    A name column (<base>_name, <base>_name_<lang>) and, on a site in several languages, a text
    given per language (note, note_<lang>) say which language they are in.
    """
    loc = loc or machine_locale()
    for base in TRANSLATED if len(languages) > 1 else ():
        if name in (columns := text_columns(base, languages)):
            lang = languages[columns.index(name)]
            key = "usedata.column.in_default" if lang == languages[0] else "usedata.column.in_language"
            return f"{loc.t(f'usedata.column.{base}')} {loc.t(key, language=_language(lang, loc))}"
    if match := re.fullmatch(r"(.+)_name(?:_([a-z]{2,3}(?:-[A-Za-z0-9]+)*))?", name):
        base, lang = match[1], match[2] or languages[0]
        if base in dims or base == "dimension":
            base = "dimension"
        words = loc.t(f"usedata.column.{base}_name")
        key = "usedata.column.in_default" if lang == languages[0] else "usedata.column.in_language"
        return f"{words} {loc.t(key, language=_language(lang, loc))}"
    return loc.t(f"usedata.column.{'dimension' if name in dims else name}")


def _language(lang: str, loc: Locale) -> str:
    try:
        return str(babel.Locale.parse(lang).get_display_name(loc.lang))
    except (ValueError, babel.UnknownLocaleError):
        return language_name(lang)


def _all_csv(data: Dataset, published: list[Indicator]) -> Iterable[str]:
    rows = (_all_row(data, ind, record(obs)) for ind in published for record in [observation_records(data, ind)]
            for obs in ind.observations)  # fmt: skip
    return csv_pieces(rows, all_columns(published, data.site.languages))


def _all_row(data: Dataset, ind: Indicator, record: dict[str, Any]) -> dict[str, Any]:
    # One type per column: numbers in `value`, the category of a category indicator (e.g. a
    # tier) in `category` (its names in category_name...), and `unit` to say which numbers may
    # be compared with which.
    row = record | {"unit": ind.unit}
    if ind.unit == "category":
        row["category"], row["value"] = row["value"], None
        names = zip(
            name_columns("value", data.site.languages), name_columns("category", data.site.languages), strict=True
        )
        row |= {category: row.pop(value) for value, category in names}
    return row


# --- datapackage.json: Frictionless Data Package with a Table Schema per file ---


def _package(data: Dataset, published: list[Indicator]) -> dict[str, Any]:
    site = data.site
    package = {
        "profile": "tabular-data-package",
        "name": _slug(site.title.default) or "data",
        "title": site.title.default,
        "description": site.tagline.default.strip(),
        "licenses": [_licence(site.licence_data)],
        "sources": [_source(s) for s in data.sources],
        "resources": [_indicator_resource(data, ind) for ind in published] + [_all_resource(data, published)],
        "homepage": site.address,
    }
    return package


def _indicator_resource(data: Dataset, ind: Indicator) -> dict[str, Any]:
    return _resource(
        name=ind.id,
        path=f"{ind.id}.csv",
        title=ind.title.default,
        description=ind.description.default.strip(),
        fields=[_field(data, [ind], name) for name in observation_columns(ind, data.site.languages)],
        primary_key=["period", "geography", "series", *(d.id for d in ind.dimensions)],
        sources=[s for s in data.sources if s.id in _cited(ind)],
    )


def _all_resource(data: Dataset, published: list[Indicator]) -> dict[str, Any]:
    dims = list(dict.fromkeys(d.id for ind in published for d in ind.dimensions))
    fields = [_field(data, published, name, in_all=True) for name in all_columns(published, data.site.languages)]
    return _resource(
        name="all",
        path="all.csv",
        title="All data",
        description="Every observation of every published indicator, one row each; the indicator column says which.",
        fields=fields,
        primary_key=["indicator", "period", "geography", "series", *dims],
        sources=[s for s in data.sources if any(s.id in _cited(ind) for ind in published)],
    )


def _cited(ind: Indicator) -> set[str]:
    """The sources an indicator's file cites: of its figures and of their earlier values."""
    return {o.source for o in ind.observations} | {r.source for o in ind.observations for r in o.revisions}


def _resource(
    name: str,
    path: str,
    title: str,
    description: str,
    fields: list[dict[str, Any]],
    primary_key: list[str],
    sources: list[Source],
) -> dict[str, Any]:
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "path": path,
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "sources": [_source(s) for s in sources],
        "schema": {
            "fields": fields,
            # A dimension column left empty means "all": empty cells are missing values, and the
            # key holds across the filled ones.
            "missingValues": [""],
            "primaryKey": primary_key,
        },
    }


def _field(data: Dataset, indicators: list[Indicator], name: str, in_all: bool = False) -> dict[str, Any]:
    """The Table Schema of one column, with the values it may hold."""
    if name == "value":
        return _value_field(indicators, in_all)
    dims = {d.id: d for ind in indicators for d in ind.dimensions}
    description = column_description(name, set(dims), data.site.languages)
    if name == "revised_from":
        field = _value_field(indicators, in_all) if not in_all else _described(name, "string", "", {})
        return field | {"name": name, "description": description}
    if name.endswith("_name") or "_name_" in name:
        return _described(name, "string", description, {})
    if name in dims:
        values = list(dict.fromkeys(v.id for i in indicators for d in i.dimensions if d.id == name for v in d.values))
        title = dims[name].title.default
        return _described(name, "string", f"{title}; empty means all.", _enum(values), title=title)
    # Each column's values, worked out for that column only: the sources are read from every observation.
    allowed: dict[str, Callable[[], list[str]]] = {
        "indicator": lambda: [i.id for i in indicators],
        "period_kind": lambda: list(PERIOD_KINDS),
        "geography": lambda: [
            data.site.country_code,
            *(p.code for p in data.provinces),
            *(g.code for g in data.groups),
        ],
        "series": lambda: list(dict.fromkeys(s.id for i in indicators for s in i.series)),
        "unit": lambda: sorted({i.unit for i in indicators}),
        "category": lambda: list(dict.fromkeys(c.id for i in indicators for c in i.categories)),
        "qualifier": lambda: [q for q in QUALIFIERS if q],
        "status": lambda: list(STATUSES),
        "currency": lambda: sorted({i.currency for i in indicators if i.currency}),
        "revised_from_status": lambda: list(REVISION_STATUSES),
        "revised_from_source": lambda: sorted(
            {r.source for i in indicators for o in i.observations for r in o.revisions}
        ),
        "source": lambda: sorted({o.source for i in indicators for o in i.observations}),
    }
    constraints = _enum(allowed[name]() if name in allowed else [])
    if name in REQUIRED:
        constraints = {"required": True} | constraints
    if name in ("period", "covers"):
        constraints["pattern"] = PERIOD_PATTERN
    return _described(name, "string", description, constraints)


def _value_field(indicators: list[Indicator], in_all: bool) -> dict[str, Any]:
    empty = "Empty when the status is suppressed or not-available."
    if in_all:
        return _described("value", "number", f"The figure, in the unit of the unit column. {empty}", {"minimum": 0})
    ind = indicators[0]
    if ind.unit == "count":
        return _described(
            "value", "integer", f"A whole number of {ind.unit_label.default or 'items'}. {empty}", {"minimum": 0}
        )
    if ind.unit == "percent":
        return _described("value", "number", f"A percentage. {empty}", {"minimum": 0, "maximum": 100})
    if ind.unit == "currency":
        return _described(
            "value", "number", f"An amount in {ind.currency} (ISO 4217). {NOMINAL} {empty}", {"minimum": 0}
        )
    if ind.unit == "category":
        categories = [c.id for c in ind.categories]
        return _described("value", "string", f"One of the indicator's categories. {empty}", _enum(categories))
    return _described("value", "number", f"{ind.unit_label.default or ind.unit}. {empty}", {"minimum": 0})


def _described(name: str, kind: str, description: str, constraints: dict[str, Any], title: str = "") -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if title:
        field["title"] = title
    if name == "source_url":
        field["format"] = "uri"
    if constraints:
        field["constraints"] = constraints
    return field


def _enum(values: list[str]) -> dict[str, Any]:
    return {"enum": values} if values else {}


def _licence(spdx: str) -> dict[str, Any]:
    path, title = LICENCES.get(spdx, ("", ""))
    return {"name": spdx} | ({"path": path, "title": title} if path else {})


def _source(source: Source) -> dict[str, Any]:
    out = {"title": source.title}
    if source.url:
        out["path"] = source.url
    return out


# --- index.json: the stable addresses ---


def _index(data: Dataset) -> dict[str, Any]:
    base = data.site.address
    index = {
        "title": data.site.title.default,
        "licence": data.site.licence_data,
        "base_url": base,
        "about": "Every address is absolute, under base_url, the site's address. They stay the same from one data "
        "update to the next.",
        "all_csv": f"{base}data/all.csv",
        "datapackage": f"{base}data/datapackage.json",
        "indicators": [_index_entry(ind, base) for ind in data.indicators],
    }
    if data.groups:  # what a group id in the geography column stands for: its members, by their codes
        index["groups"] = [{"id": g.code, "name": g.name.default, "members": list(g.members),
                            "page": f"{base}provinces/{g.code.lower()}/"} for g in data.groups]  # fmt: skip
    return index


def _index_entry(ind: Indicator, base: str) -> dict[str, Any]:
    entry = {"id": ind.id, "title": ind.title.default, "pillar": ind.pillar, "unit": ind.unit,
             "published": ind.published, "page": f"{base}indicators/{ind.id}/"}  # fmt: skip
    if ind.published:
        entry |= {"csv": f"{base}data/{ind.id}.csv", "json": f"{base}data/{ind.id}.json"}
    return entry


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
