"""Judge the loaded documents: schemas, references, duplicates, numbers, disclosure control.

Every check yields located problems rather than stopping at the first, so an editor sees
everything that is wrong in one run. Only a problem-free folder becomes a typed Dataset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from scripts import schema
from scripts.address import source_address, web_address
from scripts.dates import period_problem, yaml_date_problems
from scripts.disclosure import disclosure, published, rules
from scripts.escape import FORMULA_STARTS
from scripts.guard import internal_error
from scripts.load import CsvDoc, RawData, YamlDoc
from scripts.model import (
    NO_VALUE_STATUSES,
    QUALIFIERS,
    STATUSES,
    VALUE_STATUSES,
    Category,
    Commitment,
    ContextFact,
    Dataset,
    Dimension,
    DimensionValue,
    Event,
    Indicator,
    Observation,
    Period,
    Pillar,
    Population,
    Province,
    Series,
    Site,
    Source,
    StatusChange,
    Text,
    Where,
    default_chart,
    parse_period,
)
from scripts.problems import Problem
from scripts.release import build_date

OBSERVATION_COLUMNS = ("period", "geography", "series", "value", "qualifier", "status", "source", "locator", "note")
PROVINCE_COLUMNS = (
    "code", "name_en", "name_km", "borders", "border_basis", "border_source", "population",
    "population_year", "population_status", "population_source", "tile_row", "tile_col", "note",
)  # fmt: skip
# Columns an older provinces.csv may lack: the tile-grid map's position of each province, and the
# source of borders (needed only where a border is stated).
TILE_COLUMNS = ("tile_row", "tile_col")
PROVINCE_OPTIONAL = (*TILE_COLUMNS, "border_source")
# Columns that would carry personal data: rejected in any data file, whatever their content.
# Names are compared after lower-casing and turning spaces and hyphens into underscores.
PERSONAL_COLUMNS = {
    "name", "names", "full_name", "first_name", "last_name", "surname", "family_name", "given_name",
    "victim", "victim_name", "victim_id", "person", "person_id", "suspect", "suspect_name", "offender",
    "id", "id_number", "id_no", "national_id", "nid", "passport", "passport_number", "passport_no",
    "case_number", "case_no", "case_id", "file_number", "court_case",
    "date_of_birth", "dob", "birth_date", "birthdate", "birthday", "place_of_birth", "age",
    "address", "home_address", "street", "house", "house_number", "village", "commune", "sangkat",
    "district", "khan", "gps", "latitude", "longitude", "lat", "lon", "lng", "coordinates",
    "phone", "phone_number", "telephone", "mobile", "email", "e_mail",
    "shelter", "shelter_name", "shelter_location", "shelter_address", "story", "testimony", "statement",
    "photo", "picture",
}  # fmt: skip
# Columns that describe one person: a header with several of these and no value column is a
# list of people, not a table of counts.
PERSON_ATTRIBUTES = {"age", "sex", "gender", "nationality", "date", "date_of_birth", "dob", "occupation", "ethnicity"}
MISSING_MARKERS = ("N/A", "NA", "N.A.", "-", "--", "—", "–", "?", "..", "...", "NULL", "NONE", "NIL", "X", "NAN")
# Free text longer than this is not a note: stories about people are never published.
MAX_NOTE = 500
MAX_TEXT = 1000
# The largest number accepted: no count of cases or persons, and no population, comes near it.
MAX_VALUE = 10**12
MAX_TILE = 50  # rows and columns of the tile-grid map
MAX_PERIODS = 500  # different periods of one indicator: its chart draws one mark per period
# Titles, labels, names and ids are shown on one line (headings, legends, chart text).
SINGLE_LINE = {
    "id", "title", "label", "unit_label", "name", "tagline", "organisation", "subdivision", "subdivision_plural",
    "publisher", "author", "reporter", "made_by", "owner", "url", "repository", "email", "source", "published",
    "date", "kind", "language", "pillar", "unit", "code", "status",
}  # fmt: skip
LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029")
NOTE_KEYS = {"note", "notes", "evidence", "locator"}
# Text that looks like facts about one person: exact dates, ages, case, ID or phone numbers.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
PERSONAL_TEXT = (
    (re.compile(rf"\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}\b|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b", re.I),
     "an exact date", "dates of events concerning a person are never published; a publication's date belongs in sources.yml"),
    (re.compile(r"\baged? \d{1,2}\b|\b\d{1,2}[- ]years?[- ]old\b", re.I),
     "the age of a person", "publish counts by age group instead"),
    (re.compile(r"\b(?:case|file|passport|id|identity card|national id)\s*(?:no\.?|number|num|#)\s*:?\s*[A-Z]*\d", re.I),
     "a case, file or ID number", "remove it: case and ID numbers identify people"),
    (re.compile(r"(?<!\w)\+\d{3}[\s\d-]{7,}\d|\b0\d{2}[ -]\d{3}[ -]\d{3,4}\b"),
     "a phone number", "remove it"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "an e-mail address", "put contact addresses in site.yml only"),
)  # fmt: skip


def validate(raw: RawData, today: dt.date | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Check every document; return the typed Dataset, or None and every problem found.

    `today` is the build date (scripts/release.py), the last day any date or period may reach.
    No input raises: an error no check foresaw becomes a problem naming the file it was checking.
    """
    try:
        return _validate(raw, today or build_date())
    except Exception as err:  # noqa: BLE001 (the catch-all is the point)
        return None, [internal_error(err, raw.root)]


def _validate(raw: RawData, today: dt.date) -> tuple[Dataset | None, list[Problem]]:
    # Site settings, sources and provinces are needed to judge anything else.
    blocking: list[Problem] = []
    for name in ("site", "sources"):
        doc = getattr(raw, name)
        if doc is None:
            blocking.append(_missing_file(raw, f"{name}.yml"))
        else:
            blocking += schema.check(doc, name)
    if raw.provinces is None:
        blocking.append(_missing_file(raw, "geography/provinces.csv"))
    # A file that exists but could not be read already has its problem from the load stage.
    blocking = [p for p in blocking if p.code != "missing-file" or not (raw.root.parent / p.path).exists()]
    side = {name: _side_file(getattr(raw, name), name) for name in ("events", "commitments")}
    indicator_schema = {stem: schema.check(doc, "indicator") for stem, doc in raw.indicators.items()}
    problems = blocking + [p for found in (*side.values(), *indicator_schema.values()) for p in found]
    for doc in (raw.site, raw.sources, raw.events, raw.commitments):
        problems += list(_text_problems(doc, personal=False))
    for doc in raw.indicators.values():
        problems += list(_text_problems(doc, personal=True))
    for name in ("sources", "events", "commitments"):
        problems += list(yaml_date_problems(getattr(raw, name), name, today))
    for doc in (raw.site, raw.sources, raw.events, raw.commitments, *raw.indicators.values()):
        problems += list(_line_breaks(doc))
    if blocking or raw.site is None or raw.sources is None or raw.provinces is None:
        return None, problems

    assert raw.site and raw.sources and raw.provinces
    site = _site(raw.site)
    sources = tuple(_source(item, raw.sources, i) for i, item in enumerate(raw.sources.data))
    problems += list(_unique_ids(raw.sources, "id", "source"))
    source_ids = {s.id for s in sources}
    provinces, province_problems = _provinces(raw.provinces, site, source_ids)
    problems += province_problems
    pillar_ids = {p.id for p in site.pillars}
    geographies = {site.country_code} | {p.code for p in provinces}

    problems += list(_site_references(raw.site, site, source_ids))
    problems += list(_site_addresses(raw.site))
    problems += list(_source_addresses(raw.sources))
    for fact_source in (site.population.source,) if site.population else ():
        if fact_source not in source_ids:
            problems.append(_unknown(raw.site, ("population", "source"), "source", fact_source, "sources.yml"))

    indicators = []
    stems: dict[str, str] = {}  # indicator id -> file name, which differ only in a reported problem
    tables: dict[str, CsvDoc] = {}
    for stem, doc in sorted(raw.indicators.items()):
        if indicator_schema[stem]:
            continue  # its own problems are reported; its observations cannot be judged without it
        indicator = _indicator(doc)
        problems += list(_indicator_problems(doc, indicator, stem, pillar_ids))
        table = raw.observations.get(stem)
        if table is None:
            if indicator.published and not _has_file(raw, "observations", stem):
                problems.append(
                    Problem(
                        doc.path,
                        1,
                        0,
                        "missing-observations",
                        f'the indicator "{stem}" has no observations file',
                        f"add data/observations/{stem}.csv, or set published: false if no figure exists yet",
                    )  # fmt: skip
                )
        elif not indicator.published:
            problems.append(
                Problem(
                    table.path,
                    1,
                    0,
                    "unpublished-with-data",
                    f'the indicator "{stem}" says published: false but has observations',
                    "remove published: false, or remove the observations file",
                )  # fmt: skip
            )
        else:
            observations, obs_problems = _observations(
                table, indicator, source_ids, geographies, site.country_code, today
            )
            problems += obs_problems
            problems += list(disclosure(indicator, observations, site, provinces, _value_at(table)))
            indicator = _with_observations(indicator, observations)
            tables[indicator.id] = table
        stems[indicator.id] = stem
        indicators.append(indicator)
    for stem, table in sorted(raw.observations.items()):
        if not _has_file(raw, "indicators", stem):
            problems.append(
                Problem(
                    table.path,
                    1,
                    0,
                    "orphan-observations",
                    f'there is no indicator "{stem}" for these observations',
                    f"add data/indicators/{stem}.yml describing them, or rename the file to match an indicator",
                )  # fmt: skip
            )
    by_id = {ind.id: ind for ind in indicators}
    for ind in indicators:
        doc = raw.indicators[stems[ind.id]]
        problems += list(rules(doc, ind, by_id, site))
        base = doc.data.get("derived_from")
        if base is None or base in indicator_schema and base not in by_id:
            continue  # nothing to check, or the base indicator has problems of its own
        if base not in by_id:
            problems.append(_unknown(doc, ("derived_from",), "indicator", base, "indicators/"))
    # Disclosure control over everything published, across the indicators that count the same persons.
    if not problems:
        problems += list(published(indicators, site, provinces, {i: _value_at(t) for i, t in tables.items()}))

    if not any(side.values()):
        events = _events(raw.events)
        commitments = _commitments(raw.commitments)
        problems += list(_event_references(raw.events, events, source_ids))
        problems += list(_commitment_references(raw.commitments, commitments, source_ids, pillar_ids))
    if problems:
        return None, problems
    files = tuple(sorted(p.relative_to(raw.root).as_posix() for p in raw.files))
    return Dataset(site, sources, provinces, tuple(indicators), events, commitments, files), []


def _side_file(doc: YamlDoc | None, name: str) -> list[Problem]:
    return schema.check(doc, name) if doc is not None and doc.data is not None else []


def _has_file(raw: RawData, folder: str, stem: str) -> bool:
    # A file that exists but could not be read has its own problem; do not call it missing.
    return any(p.parent.name == folder and p.stem == stem for p in raw.files)


# --- text anywhere in YAML ----------------------------------------------------------------


def _line_breaks(doc: YamlDoc | None) -> Iterator[Problem]:
    """A line break in a text shown on one line: it would break a heading, a legend or a chart's text."""
    if doc is None or doc.data is None:
        return
    for path, text in _strings(doc.data, ()):
        keys = [p for p in path if isinstance(p, str) and p not in ("en", "km")]
        if keys and keys[-1] in SINGLE_LINE and any(c in text for c in LINE_BREAKS):
            mark = doc.mark(path)
            yield Problem(doc.path, mark.line, mark.column, "line-break",
                          f"{schema.dotted(path)} has a line break, but it is shown on one line",
                          "write it on one line (in quotes, a \\n is a line break)", got=text)  # fmt: skip


def _text_problems(doc: YamlDoc | None, personal: bool) -> Iterator[Problem]:
    """Long free text in any YAML value; with `personal`, notes that look like facts about a person.

    Sources, events and commitments are about publications and public acts, whose dates and
    numbers are public, so only the indicators' notes are read for personal details.
    """
    if doc is None or doc.data is None:
        return
    for path, text in _strings(doc.data, ()):
        keys = {p for p in path if isinstance(p, str)}
        is_note = bool(keys & NOTE_KEYS)
        limit = MAX_NOTE if is_note else MAX_TEXT
        mark = doc.mark(path)
        if len(text) > limit:
            yield Problem(doc.path, mark.line, mark.column, "long-text",
                          f"{schema.dotted(path)} is {len(text)} characters long; the most allowed here is {limit}",
                          "keep notes short and factual; never write about an individual person")  # fmt: skip
        if is_note and personal:
            yield from _personal_text(doc.path, mark.line, mark.column, schema.dotted(path), text)


def _strings(data: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def _personal_text(path: str, line: int, column: int, where: str, text: str) -> Iterator[Problem]:
    for pattern, what, hint in PERSONAL_TEXT:
        if match := pattern.search(text):
            yield Problem(path, line, column, "personal-data-text", f"{where} contains what looks like {what}", hint,
                          got=match.group(0))  # fmt: skip


# --- site and sources ---------------------------------------------------------------------


def _site(doc: YamlDoc) -> Site:
    d = doc.data
    country = d["country"]
    population = d.get("population")
    contact = d.get("contact", {})
    return Site(
        title=Text.of(d["title"]),
        tagline=Text.of(d["tagline"]),
        country_code=country["code"],
        country_name=Text.of(country["name"]),
        subdivision=Text.of(country["subdivision"]),
        subdivision_plural=Text.of(country["subdivision_plural"]),
        languages=tuple(d["languages"]),
        organisation=Text.of(d["organisation"]),
        licence_data=d["licence"]["data"],
        licence_code=d["licence"]["code"],
        disclosure_threshold=d.get("disclosure_threshold", 10),
        pillars=tuple(Pillar(p["id"], Text.of(p["title"]), Text.of(p["description"])) for p in d["pillars"]),
        context=tuple(ContextFact(Text.of(c["text"]), tuple(c["sources"])) for c in d.get("context", [])),
        population=Population(**population) if population else None,
        contact_email=contact.get("email", ""),
        contact_url=contact.get("url", ""),
        repository=d.get("repository", ""),
        url=d.get("url", ""),
        khmer_digits=d.get("khmer_digits", False),
        synthetic=d.get("synthetic", False),
        where=Where(doc.path),
    )


def _site_references(doc: YamlDoc, site: Site, source_ids: set[str]) -> Iterator[Problem]:
    yield from _unique_ids(doc, "id", "pillar", ("pillars",))
    for i, fact in enumerate(site.context):
        for j, source_id in enumerate(fact.sources):
            if source_id not in source_ids:
                yield _unknown(doc, ("context", i, "sources", j), "source", source_id, "sources.yml")


def _site_addresses(doc: YamlDoc) -> Iterator[Problem]:
    """The site's, repository's and contact page's addresses reach every page's links: plain http(s) only."""
    for path, folder in ((("url",), True), (("repository",), False), (("contact", "url"), None)):
        value = doc.data.get(path[0], {}).get(path[1], "") if len(path) == 2 else doc.data.get(path[0], "")
        if not value:
            continue
        try:
            web_address(value, folder)
        except ValueError as err:
            mark = doc.mark(path)
            yield Problem(doc.path, mark.line, mark.column, "bad-address",
                          f"{schema.dotted(path)} is not a plain web address: {err}",
                          "write the address as a browser shows it, such as https://example.org/ctip/", got=value)  # fmt: skip


def _source_addresses(doc: YamlDoc) -> Iterator[Problem]:
    """Each source's address becomes a link on the sources and indicator pages: plain http(s) only."""
    for i, item in enumerate(doc.data):
        try:
            source_address(item["url"])
        except ValueError as err:
            mark = doc.mark((i, "url"))
            yield Problem(doc.path, mark.line, mark.column, "bad-address", f"{schema.dotted((i, 'url'))} is not a plain web address: {err}",
                          "copy the address from the browser's address bar; write a space as %20 and a quote as %22",
                          got=item["url"])  # fmt: skip


def _source(item: dict, doc: YamlDoc, index: int) -> Source:
    fields = {k: item[k] for k in ("id", "title", "publisher", "published", "url", "kind")}
    optional = {k: item.get(k, "") for k in ("author", "reporter", "language", "licence", "note")}
    approximate = bool(item.get("date_approximate", False))
    return Source(**fields, **optional, where=Where(doc.path, doc.mark((index,)).line), date_approximate=approximate)


def _unique_ids(doc: YamlDoc, key: str, what: str, prefix: tuple = ()) -> Iterator[Problem]:
    items = doc.data
    for part in prefix:
        items = items[part]
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = item[key]
        if value in seen:
            mark = doc.mark((*prefix, i, key))
            first = doc.mark((*prefix, seen[value], key))
            yield Problem(doc.path, mark.line, mark.column, "duplicate-id",
                          f'the {what} id "{value}" is used twice (first on line {first.line})',
                          "give each one its own id")  # fmt: skip
        seen.setdefault(value, i)


def _unknown(doc: YamlDoc, path: tuple, what: str, value: str, where: str) -> Problem:
    mark = doc.mark(path)
    return Problem(doc.path, mark.line, mark.column, f"unknown-{what}",
                   f"{schema.dotted(path)} names a {what} that is not in {where}",
                   f"use an id listed in {where}, or add this {what} there first", got=value)  # fmt: skip


def _missing_file(raw: RawData, name: str) -> Problem:
    return Problem(f"{raw.root.name}/{name}", 0, 0, "missing-file", f"the data folder has no {name}",
                   "every data folder needs it: see the editors' guide")  # fmt: skip


# --- provinces ----------------------------------------------------------------------------


def _provinces(table: CsvDoc, site: Site, source_ids: set[str]) -> tuple[tuple[Province, ...], list[Problem]]:
    required = tuple(c for c in PROVINCE_COLUMNS if c not in PROVINCE_OPTIONAL)
    problems = list(_header_problems(table, required, (), PROVINCE_OPTIONAL))
    if problems:
        return (), problems
    index = {name.strip(): i for i, name in enumerate(table.header)}
    pattern = re.compile(rf"^{re.escape(site.country_code)}-[A-Z0-9]+$")
    provinces, seen = [], set()
    tiles: dict[tuple[int, int], str] = {}  # tile -> the province on it
    for row, (line, cells) in enumerate(table.rows):
        if len(cells) != len(table.header):
            problems.append(_cell_count(table, line, cells))
            continue
        cell = dict.fromkeys(PROVINCE_OPTIONAL, "") | {name: cells[i].strip() for name, i in index.items()}

        def problem(column: str, code: str, message: str, hint: str, got: str | None = None, row: int = row) -> Problem:
            return Problem(table.path, *table.at(row, index[column]), code, f'column "{column}" {message}', hint, got)

        problems += list(_free_text_problems(table, row, index, cells))
        code = cell["code"]
        if not pattern.match(code):
            problems.append(problem("code", "bad-format", f"is not a code of {site.country_code}",
                                    f"write the ISO 3166-2 code, e.g. {site.country_code}-1", code))  # fmt: skip
        if code in seen:
            problems.append(problem("code", "duplicate-id", "lists an area twice", "list each area once", code))
        seen.add(code)
        if not cell["name_en"]:
            problems.append(problem("name_en", "empty-value", "is empty", "write the English name"))
        for column in ("name_en", "name_km"):
            if any(c in cell[column] for c in LINE_BREAKS):
                problems.append(problem(column, "line-break", "has a line break, but a name is shown on one line",
                                        "write the name on one line", cell[column]))  # fmt: skip
        population = _whole_number(cell["population"])
        if cell["population"] and population is None:
            problems.append(problem("population", *_number_words(cell["population"]), cell["population"]))
        year = _whole_number(cell["population_year"])
        if population is not None and (year is None or not cell["population_source"]):
            problems.append(
                Problem(
                    table.path,
                    line,
                    0,
                    "missing-value",
                    "a population needs its year and its source",
                    "fill in population_year and population_source",
                )  # fmt: skip
            )
        if cell["population_source"] and cell["population_source"] not in source_ids:
            problems.append(problem("population_source", "unknown-source", "names a source that is not in sources.yml",
                                    "use a source id from sources.yml, or add the source there first",
                                    cell["population_source"]))  # fmt: skip
        if cell["border_basis"] not in ("", "stated", "derived"):
            problems.append(problem("border_basis", "not-allowed", "is not an allowed value",
                                    "write stated (a source says so), derived (from map geometry), or leave it empty",
                                    cell["border_basis"]))  # fmt: skip
        problems += _border_source(cell, source_ids, problem)
        tile, tile_problems = _tile(cell, problem)
        problems += tile_problems
        if tile is not None and tile in tiles:
            problems.append(problem("tile_col", "duplicate-tile", f"puts {code} on the tile of {tiles[tile]}",
                                    "give each province its own tile_row and tile_col", f"{tile[0]},{tile[1]}"))  # fmt: skip
        elif tile is not None:
            tiles[tile] = code
        provinces.append(
            Province(
                code=code,
                # Khmer names are copied from the official list of provinces, not translated here.
                name=Text(cell["name_en"], cell["name_km"], km_reviewed=bool(cell["name_km"])),
                borders=tuple(b.strip() for b in cell["borders"].split(";") if b.strip()),
                border_basis=cell["border_basis"],
                border_source=cell["border_source"],
                population=population,
                population_year=year,
                population_status=cell["population_status"],
                population_source=cell["population_source"],
                note=cell["note"],
                where=Where(table.path, line),
                tile=tile,
            )
        )
    if tiles and len(tiles) < len(provinces):
        problems.append(Problem(table.path, 1, 0, "missing-tile",
                                f"{len(provinces) - len(tiles)} of {len(provinces)} provinces have no tile_row and tile_col",
                                "give every province a tile on the map, or leave both columns empty for all"))  # fmt: skip
    return tuple(provinces), problems


def _border_source(cell: dict[str, str], source_ids: set[str], problem: Callable[..., Problem]) -> list[Problem]:
    """A border stated as fact names the source that states it; a border derived from the map names none."""
    basis, source = cell["border_basis"], cell["border_source"]
    if basis == "stated" and not source:
        return [problem("border_basis", "missing-value", "is stated, but border_source names no source",
                        "write the id (from sources.yml) of the source that states the border in border_source, "
                        "or write derived when the border comes from map geometry", basis)]  # fmt: skip
    if source and source not in source_ids:
        return [problem("border_source", "unknown-source", "names a source that is not in sources.yml",
                        "use a source id from sources.yml, or add the source there first", source)]  # fmt: skip
    if source and basis != "stated":
        return [problem("border_source", "not-allowed", "names a source, but border_basis is not stated",
                        "write stated in border_basis when this source states the border, or leave border_source empty",
                        source)]  # fmt: skip
    return []


def _tile(cell: dict[str, str], problem: Callable[..., Problem]) -> tuple[tuple[int, int] | None, list[Problem]]:
    """A province's (row, column) on the tile-grid map; None when it has none or it is wrong."""
    if not cell["tile_row"] and not cell["tile_col"]:
        return None, []
    out = []
    for column in TILE_COLUMNS:
        number = _whole_number(cell[column])
        if not cell[column]:
            out.append(problem(column, "missing-value", "is empty but the other tile column is not",
                               "fill in both tile_row and tile_col, or neither"))  # fmt: skip
        elif number is None or not 1 <= number <= MAX_TILE:
            out.append(problem(column, "not-a-whole-number", f"is not a whole number from 1 to {MAX_TILE}",
                               "write the row or column of the province's tile, counting from 1 at the top left",
                               cell[column]))  # fmt: skip
    if out:
        return None, out
    return (int(cell["tile_row"]), int(cell["tile_col"])), []


def _number_words(text: str) -> tuple[str, str, str]:
    """Code, message and hint for a cell that should hold a whole number but does not."""
    if _too_large(text):
        return "out-of-range", f"is larger than {MAX_VALUE:,}, the largest number accepted", "check the number"
    if re.fullmatch(r"\d{1,3}([, ]\d{3})+|\d{1,3}(\.\d{3}){2,}", text):
        return "thousands-separator", "has a thousands separator", "write numbers without separators, e.g. 1234"
    return "not-a-whole-number", "is not a whole number", "write a whole number without separators, e.g. 1195547"


# --- indicators ---------------------------------------------------------------------------


def _indicator(doc: YamlDoc) -> Indicator:
    d = doc.data
    wanted = d.get("wanted", {})
    return Indicator(
        id=d["id"],
        title=Text.of(d["title"]),
        description=Text.of(d["description"]),
        pillar=d["pillar"],
        unit=d["unit"],
        unit_label=Text.of(d["unit_label"]),
        measure=Text.of(d["measure"]),
        higher_is=d["higher_is"],
        sensitive=d["sensitive"],
        published=d.get("published", True),
        chart=d.get("chart") or default_chart(d["unit"]),
        series=tuple(Series(s["id"], Text.of(s["label"]), Text.of(s.get("note"))) for s in d["series"]),
        dimensions=tuple(
            Dimension(
                x["id"],
                Text.of(x["title"]),
                tuple(DimensionValue(v["id"], Text.of(v["label"])) for v in x["values"]),
                x.get("complete", True),
            )
            for x in d.get("dimensions", [])
        ),
        categories=tuple(Category(c["id"], Text.of(c["label"])) for c in d.get("categories", [])),
        notes=tuple(Text.of(n) for n in d.get("notes", [])),
        wanted_why=Text.of(wanted.get("why")),
        wanted_who=Text.of(wanted.get("who")),
        references=tuple(d.get("references", [])),
        update_frequency=d.get("update_frequency", ""),
        release_lag_months=d.get("release_lag_months"),
        counts=d.get("counts", ""),
        sensitive_exception=d.get("sensitive_exception", {}).get("reason", ""),
        part_of=d.get("part_of", ""),
        derived_from=d.get("derived_from", ""),
        where=Where(doc.path),
    )


def _indicator_problems(doc: YamlDoc, ind: Indicator, stem: str, pillar_ids: set[str]) -> Iterator[Problem]:
    if ind.id != stem:
        mark = doc.mark(("id",))
        yield Problem(doc.path, mark.line, mark.column, "id-mismatch", f'"id" differs from the file name {stem}.yml',
                      "make the id and the file name the same: the id is part of the page's web address",
                      got=ind.id)  # fmt: skip
    if ind.pillar not in pillar_ids:
        yield _unknown(doc, ("pillar",), "pillar", ind.pillar, "the pillars of site.yml")
    if ind.unit == "category" and not ind.categories:
        mark = doc.mark(("unit",))
        yield Problem(doc.path, mark.line, mark.column, "missing-key", "unit: category needs a list of categories",
                      "add categories: with an id and label for each possible value")  # fmt: skip
    if not ind.published and not ind.wanted_why.en:
        mark = doc.mark(("published",))
        yield Problem(doc.path, mark.line, mark.column, "missing-key",
                      "an unpublished indicator must say what figure is wanted and why",
                      "add wanted: with why: and who:")  # fmt: skip
    if "derived_from" in doc.data and ind.unit not in ("percent", "rate-per-100000"):
        mark = doc.mark(("derived_from",))
        yield Problem(doc.path, mark.line, mark.column, "not-allowed", "derived_from is only for rates and percentages",
                      "remove derived_from, or set unit to percent or rate-per-100000")  # fmt: skip
    yield from _unique_ids(doc, "id", "series", ("series",))
    yield from _unique_ids(doc, "id", "dimension", ("dimensions",)) if ind.dimensions else iter(())
    reserved = set(OBSERVATION_COLUMNS) | PERSONAL_COLUMNS
    for i, dim in enumerate(ind.dimensions):
        if dim.id in reserved:
            mark = doc.mark(("dimensions", i, "id"))
            why = (
                "would hold personal data"
                if dim.id in PERSONAL_COLUMNS
                else "is already a column of every observations file"
            )
            yield Problem(doc.path, mark.line, mark.column, "reserved-column", f'the dimension "{dim.id}" {why}',
                          "choose another name for the breakdown")  # fmt: skip


def _with_observations(ind: Indicator, observations: list[Observation]) -> Indicator:
    order = {s.id: i for i, s in enumerate(ind.series)}
    ordered = sorted(observations, key=lambda o: (order.get(o.series, 99), o.period, o.geography, o.dimensions))
    return replace(ind, observations=tuple(ordered))


# --- observations -------------------------------------------------------------------------


def _observations(
    table: CsvDoc, ind: Indicator, source_ids: set[str], geographies: set[str], country: str, today: dt.date
) -> tuple[list[Observation], list[Problem]]:
    dims = tuple(d.id for d in ind.dimensions)
    problems = list(_header_problems(table, OBSERVATION_COLUMNS, dims))
    if problems:
        return [], problems
    index = {name.strip(): i for i, name in enumerate(table.header)}
    series_ids = {s.id for s in ind.series}
    seen: dict[tuple, int] = {}
    observations = []
    for row, (line, cells) in enumerate(table.rows):
        if len(cells) != len(table.header):
            problems.append(_cell_count(table, line, cells))
            continue
        cell = {name: cells[i] for name, i in index.items()}

        def problem(column: str, code: str, message: str, hint: str, got: str | None = None, row: int = row) -> Problem:
            return Problem(table.path, *table.at(row, index[column]), code, f'column "{column}" {message}', hint, got)

        row_problems = list(_free_text_problems(table, row, index, cells))
        row_problems += _cell_problems(problem, cell, ind, series_ids, source_ids, geographies, country, today)
        problems += row_problems
        if row_problems:
            continue
        period = parse_period(cell["period"])
        assert period is not None
        obs = Observation(
            indicator=ind.id,
            period=period,
            geography=cell["geography"].strip(),
            series=cell["series"].strip(),
            dimensions=tuple((d, cell[d].strip()) for d in dims),
            value=_value(cell["value"].strip(), ind.unit),
            qualifier=cell["qualifier"].strip(),
            status=cell["status"].strip(),
            source=cell["source"].strip(),
            locator=cell["locator"].strip(),
            note=cell["note"].strip(),
            where=Where(table.path, line),
        )
        if obs.key in seen:
            problems.append(
                Problem(
                    table.path,
                    line,
                    0,
                    "duplicate-observation",
                    f"this row repeats line {seen[obs.key]}: same period, geography, series and breakdown",
                    "keep one row; if two sources disagree, keep the better one and mention the other in note",
                )  # fmt: skip
            )
            continue
        seen[obs.key] = line
        observations.append(obs)
    problems += _period_count(table, observations)
    return observations, problems


def _period_count(table: CsvDoc, observations: list[Observation]) -> list[Problem]:
    """More periods than a chart can draw (Vega fails somewhere past 1,000): refused where the limit is passed."""
    first: dict[Period, int] = {}
    for obs in observations:
        first.setdefault(obs.period, obs.where.line)
    if len(first) <= MAX_PERIODS:
        return []
    line = sorted(first.values())[MAX_PERIODS]
    return [Problem(table.path, line, 0, "too-many-periods",
                    f"this row brings the indicator to more than {MAX_PERIODS} different periods, the most allowed",
                    "publish years, or years and half-years; monthly figures for more than 40 years are too many to chart")]  # fmt: skip


def _value_at(table: CsvDoc) -> Callable[..., tuple[int, int]]:
    """Where the value cell (or another named cell) of an observation is, for problems about that cell."""
    names = [h.strip() for h in table.header]
    rows = {line: row for row, (line, _) in enumerate(table.rows)}

    def at(obs: Observation, name: str = "value") -> tuple[int, int]:
        column = names.index(name) if name in names else 0
        return table.at(rows[obs.where.line], column) if obs.where.line in rows else (obs.where.line, 0)

    return at


def _header_problems(
    table: CsvDoc, required: tuple[str, ...], dims: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[Problem]:
    names = [h.strip() for h in table.header]

    def at(i: int) -> tuple[int, int]:
        return table.header_cells[i] if i < len(table.header_cells) else (1, 0)

    if "value" in required and "value" not in names and len(PERSON_ATTRIBUTES & {_normal(n) for n in names}) >= 2:
        yield Problem(table.path, 1, 0, "person-level-rows",
                      "this file looks like a list of people (one row per person), not a table of counts",
                      "publish counts only: one row per period, place and breakdown, with the number in a value column")  # fmt: skip
        return
    for i, raw_name in enumerate(table.header):
        if raw_name != raw_name.strip():
            yield Problem(table.path, *at(i), "header-space", "a column name has spaces around it",
                          f'write it as "{raw_name.strip()}"', got=raw_name)  # fmt: skip
        if _normal(raw_name) in PERSONAL_COLUMNS:
            yield Problem(table.path, *at(i), "personal-data-column",
                          f'the column "{raw_name.strip()}" would hold personal data, which is never published',
                          "remove the column: publish only counts, never details of a person")  # fmt: skip
    for name in (*required, *dims):
        if name not in names:
            close = [n for n in names if _normal(n) == name]
            hint = f'rename "{close[0]}" to "{name}"' if close else (
                f"the header must be: {','.join((*required[:3], *dims, *required[3:]))}")  # fmt: skip
            yield Problem(table.path, 1, 0, "missing-column", f'the column "{name}" is missing', hint)
    for i, name in enumerate(names):
        if name not in (*required, *dims, *optional) and _normal(name) not in PERSONAL_COLUMNS:
            hint = "declare it under dimensions in the indicator's file, or remove it" if dims else "remove it"
            yield Problem(table.path, *at(i), "unknown-column", f'the column "{name}" is not part of this file', hint)
    for i, name in enumerate(names):
        if name in names[:i]:
            yield Problem(
                table.path, *at(i), "duplicate-column", f'the column "{name}" appears twice', "keep one of them"
            )


def _normal(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _cell_count(table: CsvDoc, line: int, cells: list[str]) -> Problem:
    return Problem(table.path, line, 0, "wrong-cell-count",
                   f"this row has {len(cells)} cells but the header has {len(table.header)}",
                   "put text containing commas in double quotes, and give every row one cell per column")  # fmt: skip


def _formula(text: str, name: str) -> bool:
    """A cell a spreadsheet would run; a lone "-" (a missing-value marker) and a negative value
    (a negative-count problem) are not formulas."""
    return text.startswith(FORMULA_STARTS) and not (text == "-" or (name == "value" and text.startswith("-")))


def _free_text_problems(table: CsvDoc, row: int, index: dict[str, int], cells: list[str]) -> Iterator[Problem]:
    """Formulas, long text and personal details, in any cell of a row (located only when found)."""
    for name, i in index.items():
        text = cells[i].strip()
        if not _suspect(text, name):
            continue
        line, column = table.at(row, i)
        if _formula(text, name):
            yield Problem(table.path, line, column, "formula",
                          f'column "{name}" starts with {text[0]}, which spreadsheets run as a formula',
                          "remove the leading character, or reword the text", got=text)  # fmt: skip
        if len(text) > MAX_NOTE:
            yield Problem(table.path, line, column, "long-text",
                          f'column "{name}" is {len(text)} characters long; the most allowed is {MAX_NOTE}',
                          "keep notes short and factual; never write about an individual person")  # fmt: skip
        if name in ("note", "locator"):
            yield from _personal_text(table.path, line, column, f'column "{name}"', text)


@lru_cache(maxsize=65536)
def _suspect(text: str, name: str) -> bool:
    """Whether a cell could hold a formula, long text or personal details: most cells repeat, so asked once each."""
    if _formula(text, name) or len(text) > MAX_NOTE:
        return True
    return name in ("note", "locator") and any(pattern.search(text) for pattern, _, _ in PERSONAL_TEXT)


def _cell_problems(
    problem: Callable[..., Problem], cell: dict[str, str], ind: Indicator,
    series_ids: set[str], source_ids: set[str], geographies: set[str], country: str, today: dt.date,
) -> list[Problem]:  # fmt: skip
    out = []
    period = cell["period"].strip()
    parsed = parse_period(period)
    if parsed is None:
        out.append(problem("period", "bad-period", "is not a period",
                           "write a year (2018), two years for a total over both (2017/2018), or months (2018-01/2018-10)",
                           period))  # fmt: skip
    elif found := period_problem(parsed, today, max(0, -(ind.release_lag_months or 0))):
        out.append(problem("period", *found, period))
    geography = cell["geography"].strip()
    if geography not in geographies:
        if re.fullmatch(rf"{re.escape(country)}-[A-Za-z0-9]+[-.][A-Za-z0-9.-]+", geography):
            out.append(problem("geography", "geography-too-fine", "is finer than a province",
                               "publish figures for the whole province (or the country) only: smaller areas can identify people",
                               geography))  # fmt: skip
        else:
            out.append(problem("geography", "unknown-geography", "is not the country or a province",
                               "use the country code from site.yml, or a code from geography/provinces.csv", geography))  # fmt: skip
    if cell["series"].strip() not in series_ids:
        out.append(problem("series", "unknown-series", "is not a series of this indicator",
                           f"use one of: {', '.join(sorted(series_ids))}, or add it under series in the indicator's file",
                           cell["series"]))  # fmt: skip
    for dim in ind.dimensions:
        value = cell[dim.id].strip()
        allowed = [v.id for v in dim.values]
        if value and value not in allowed:
            out.append(problem(dim.id, "unknown-dimension-value", "is not a value of this breakdown",
                               f"use one of: {', '.join(allowed)}, or leave it empty for all", value))  # fmt: skip
    status = cell["status"].strip()
    qualifier = cell["qualifier"].strip()
    if status not in STATUSES:
        out.append(problem("status", "not-allowed", "is not a status", f"use one of: {', '.join(STATUSES)}", status))
    if qualifier not in QUALIFIERS:
        out.append(problem("qualifier", "not-allowed", "is not a qualifier",
                           "leave it empty, or write at-least, more-than or approx", qualifier))  # fmt: skip
    source = cell["source"].strip()
    if source not in source_ids:
        out.append(problem("source", "unknown-source", "is not in sources.yml",
                           "use a source id from sources.yml, or add the source there first", source))  # fmt: skip
    if status in VALUE_STATUSES and not cell["locator"].strip():
        out.append(problem("locator", "missing-value", "is empty: every figure needs a locator",
                           "say where in the source the figure is (page, section, or what the passage reports)"))  # fmt: skip
    if status == "derived" and not cell["note"].strip():
        out.append(problem("note", "missing-value", "is empty: a derived value must say how it was computed",
                           'write the computation in note, e.g. "224 (2018) minus 21 = 203"'))  # fmt: skip
    value = cell["value"].strip()
    if status in NO_VALUE_STATUSES:
        if value:
            out.append(problem("value", "value-with-status", f"is filled in but the status is {status}",
                               "leave value empty: a suppressed or unavailable figure must never be written down", value))  # fmt: skip
        return out
    if value.upper() in MISSING_MARKERS:
        out.append(problem("value", "missing-value-marker", "is not a number",
                           "leave value empty and set status to not-available (or suppressed), saying why in note", value))  # fmt: skip
    elif not value:
        out.append(problem("value", "missing-value", "is empty",
                           "write the number, or set status to not-available (or suppressed) and say why in note"))  # fmt: skip
    elif not _formula(value, "value") and not _plain_number(value, ind.unit):
        out += _value_problems(value, ind, problem)
    return out


@lru_cache(maxsize=65536)
def _plain_number(value: str, unit: str) -> bool:
    """A value of a numeric unit with nothing to report: values repeat, so each is judged once."""
    return unit != "category" and not _value_problems(value, _Unit(unit), lambda *args: args)


@dataclass(frozen=True)
class _Unit:
    """What _value_problems reads of an indicator when judging a number."""

    unit: str
    categories: tuple = ()


def _value_problems(value: str, ind: Indicator, problem: Callable[..., Problem]) -> list[Problem]:
    if ind.unit == "category":
        allowed = [c.id for c in ind.categories]
        if value not in allowed:
            return [problem("value", "unknown-category", "is not a category of this indicator",
                            f"use one of: {', '.join(allowed)}", value)]  # fmt: skip
        return []
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d{1,3}( \d{3})+", value) or (
        ind.unit == "count" and re.fullmatch(r"\d{1,3}(\.\d{3})+", value)
    ):
        return [problem("value", "thousands-separator", "has a thousands separator",
                        "write numbers without separators, e.g. 1234", value)]  # fmt: skip
    if re.fullmatch(r"-?\d+,\d+", value):
        return [problem("value", "decimal-comma", "uses a comma for decimals",
                        "write decimals with a point, e.g. 12.5" if ind.unit != "count" else "a count is a whole number",
                        value)]  # fmt: skip
    number = _number(value)
    if number is None:
        return [problem("value", "not-a-number", "is not a number",
                        "write digits only, e.g. 134" if ind.unit == "count" else "write digits with a point for decimals, e.g. 12.5",
                        value)]  # fmt: skip
    if _too_large(value):
        return [problem("value", "out-of-range", f"is larger than {MAX_VALUE:,}, the largest number accepted",
                        "check the number: no count of cases or persons comes near it", value)]  # fmt: skip
    if not _exact(value):
        return [problem("value", "too-many-digits", "has more digits than can be kept exactly",
                        "round it to at most 15 significant digits, e.g. 12.5", value)]  # fmt: skip
    if ind.unit == "count":
        if not re.fullmatch(r"-?\d+", value):
            return [problem("value", "not-a-whole-number", "is not a whole number",
                            "a count is a whole number, e.g. 134; if the source gives a rounded figure, write it and set qualifier to approx",
                            value)]  # fmt: skip
        if number < 0:
            return [problem("value", "negative-count", "is negative", "a count is zero or more", value)]
    elif number < 0 or (ind.unit == "percent" and number > 100):
        allowed = "from 0 to 100" if ind.unit == "percent" else "zero or more"
        return [problem("value", "out-of-range", "is out of range", f"a {ind.unit} is {allowed}", value)]
    return []


def _number(text: str) -> float | None:
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    return float(text)


def _whole_number(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d+", text.strip()) and not _too_large(text) else None


def _too_large(number: str) -> bool:
    """A number beyond MAX_VALUE, judged exactly however many digits it has."""
    return re.fullmatch(r"-?\d+(\.\d+)?", number.strip()) is not None and abs(Decimal(number)) > MAX_VALUE


def _exact(number: str) -> bool:
    """True when the number survives the round trip through a float unchanged (12.5 does, 0.1000000000000000001 does not)."""
    return Decimal(repr(float(number))) == Decimal(number)


def _value(text: str, unit: str) -> float | str | None:
    if not text:
        return None
    if unit == "category":
        return text
    return int(text) if unit == "count" else float(text)  # a count is kept exact, whatever its size


# --- events and commitments ---------------------------------------------------------------


def _events(doc: YamlDoc | None) -> tuple[Event, ...]:
    items = doc.data if doc is not None and doc.data else []
    return tuple(
        Event(e["id"], e["date"], Text.of(e["title"]), Text.of(e.get("description")), e["source"]) for e in items
    )


def _commitments(doc: YamlDoc | None) -> tuple[Commitment, ...]:
    items = doc.data if doc is not None and doc.data else []
    return tuple(
        Commitment(
            id=c["id"],
            title=Text.of(c["title"]),
            pillar=c["pillar"],
            owner=Text.of(c.get("owner")),
            made_by=c["made_by"],
            history=tuple(
                StatusChange(h["date"], h["status"], Text.of(h["evidence"]), h["source"], h.get("confirmed", True))
                for h in c["history"]
            ),
        )
        for c in items
    )


def _event_references(doc: YamlDoc | None, events: tuple[Event, ...], source_ids: set[str]) -> Iterator[Problem]:
    if doc is None or not events:
        return
    yield from _unique_ids(doc, "id", "event")
    for i, event in enumerate(events):
        if event.source not in source_ids:
            yield _unknown(doc, (i, "source"), "source", event.source, "sources.yml")


def _commitment_references(
    doc: YamlDoc | None, commitments: tuple[Commitment, ...], source_ids: set[str], pillar_ids: set[str]
) -> Iterator[Problem]:
    if doc is None or not commitments:
        return
    yield from _unique_ids(doc, "id", "commitment")
    for i, item in enumerate(commitments):
        if item.pillar not in pillar_ids:
            yield _unknown(doc, (i, "pillar"), "pillar", item.pillar, "the pillars of site.yml")
        dates = [h.date for h in item.history]
        if dates != sorted(dates):
            mark = doc.mark((i, "history"))
            yield Problem(doc.path, mark.line, mark.column, "history-order", "the status history is not oldest first",
                          "list the dated statuses from oldest to newest")  # fmt: skip
        for j, change in enumerate(item.history):
            if change.source not in source_ids:
                yield _unknown(doc, (i, "history", j, "source"), "source", change.source, "sources.yml")
