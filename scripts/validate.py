"""Judge the loaded documents: schemas, references, duplicates, numbers, disclosure control.

Every check (scripts/checks/) yields located problems rather than stopping at the first, so an
editor sees everything that is wrong in one run. Only a problem-free folder becomes a typed
Dataset (scripts/records.py builds it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from scripts import records, schema
from scripts.checks import addresses, groups, indicators, observations, provinces, references, revisions, tables, text
from scripts.dates import yaml_date_problems
from scripts.disclosure import disclosure, published, rules
from scripts.guard import internal_error
from scripts.load import CsvDoc, RawData, YamlDoc
from scripts.model import Commitment, Dataset, Event, Group, Indicator, Observation, Province, Site, Source, Where
from scripts.problems import Problem
from scripts.release import build_date
from scripts.vintages import earlier_states

# The documents without which nothing else can be judged, and the others that are read alone.
REQUIRED = (("site", "site.yml"), ("sources", "sources.yml"), ("provinces", "geography/provinces.csv"))
SIDE_FILES = ("events", "commitments")


def validate(raw: RawData, today: dt.date | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Check every document; return the typed Dataset, or None and every problem found.

    `today` is the build date (scripts/release.py), the last day any date or period may reach.
    No input raises: an error no check foresaw becomes a problem naming the file it was checking.
    """
    try:
        today = today or build_date()
        if unknown := list(references.languages(raw.site)):
            return None, unknown  # every text is judged in the site's languages: settle them first
        checked = _schemas(raw)
        problems = [*_missing(raw), *(p for found in checked.values() for p in found), *_each_document(raw, today)]
        if raw.site is None or raw.sources is None or raw.provinces is None or _refused(checked, raw.site, raw.sources):
            return None, problems  # site settings, sources and provinces are needed to judge anything else
        site, sources = records.site(raw.site), records.sources(raw.sources)
        source_ids = {s.id for s in sources}
        areas, found = _provinces(raw.provinces, site, source_ids)
        problems += [*found, *_site_and_sources(raw.site, raw.sources, site, source_ids)]
        named, found = _groups(raw.groups, checked, site, areas, source_ids)
        problems += found
        refused = _refused(checked, *raw.indicators.values())
        problems += [*references.observation_files(raw, refused), *references.revision_files(raw, refused)]
        places = {site.country_code} | {p.code for p in areas} | {g.code for g in named}
        known = observations.Known(source_ids, places, site.country_code, today)
        by_source = {s.id: s for s in sources}
        figures, at, found = _indicators(raw, refused, site, (areas, named), known, by_source)
        problems += found
        if not problems:  # disclosure control over everything published, across indicators of the same persons
            problems += published(figures, site, areas, at, named)
        if not problems:  # and over the data as it stood before each revision (scripts/vintages.py)
            problems += earlier_states(figures, site, areas, at, by_source, raw.revisions, named)
        events, commitments, found = _side_files(raw, checked, source_ids, site)
        if problems or found:
            return None, problems + found
        dataset = Dataset(site, sources, areas, tuple(figures), events, commitments, records.files(raw), groups=named)
        return dataset, []
    except Exception as err:  # noqa: BLE001 (the catch-all is the point)
        return None, [internal_error(err, raw.root)]


def _schemas(raw: RawData) -> dict[str, list[Problem]]:
    """Each YAML document's schema problems, by its path (an empty events or commitments file has none)."""
    side = [(name, doc) for name in (*SIDE_FILES, "groups") if (doc := getattr(raw, name)) is not None
            and doc.data is not None]  # fmt: skip
    docs = [("site", raw.site), ("sources", raw.sources), *side, *(("indicator", d) for d in raw.indicators.values())]
    languages = schema.site_languages(raw.site)
    return {doc.path: schema.check(doc, name, languages) for name, doc in docs if doc is not None}


def _refused(checked: dict[str, list[Problem]], *docs: YamlDoc) -> set[str]:
    """The names (file stems) of the documents whose schema problems keep them from being read further."""
    return {Path(doc.path).stem for doc in docs if checked.get(doc.path)}


def _missing(raw: RawData) -> Iterator[Problem]:
    """Site settings, sources or provinces missing (a file that exists but could not be read already
    has its problem from the load stage)."""
    for name, file in REQUIRED:
        if getattr(raw, name) is None and not (raw.root / file).exists():
            yield references.missing_file(raw, file)


def _each_document(raw: RawData, today: dt.date) -> Iterator[Problem]:
    """What each YAML document shows on its own, beyond its schema: its text and its dates."""
    for doc in _present(raw.site, raw.sources, raw.events, raw.commitments, raw.groups):
        yield from text.long_or_personal(doc, personal=False)
    for doc in raw.indicators.values():
        yield from text.long_or_personal(doc, personal=True)
    for name in ("sources", *SIDE_FILES):
        yield from yaml_date_problems(getattr(raw, name), name, today)
    for doc in _present(raw.site, raw.sources, raw.events, raw.commitments, raw.groups, *raw.indicators.values()):
        yield from text.line_breaks(doc)


def _provinces(table: CsvDoc, site: Site, sources: set[str]) -> tuple[tuple[Province, ...], list[Problem]]:
    """The provinces and their problems; none when the header is wrong."""
    if header := provinces.header(table, site.languages):
        return (), header
    problems = [*tables.cell_count(table), *provinces.row_problems(table, site.country_code, sources, site.languages)]
    return records.provinces(table, site.languages), problems


def _groups(
    doc: YamlDoc | None, checked: dict[str, list[Problem]], site: Site, areas: tuple[Province, ...], sources: set[str]
) -> tuple[tuple[Group, ...], list[Problem]]:
    """The groups of provinces and their problems; none when there is no groups file or its schema failed."""
    if doc is None or doc.data is None or checked.get(doc.path):
        return (), []
    found = records.groups(doc, site.languages)
    if not areas:  # provinces.csv could not be read: its problems say why, and no member can be judged
        return found, []
    return found, list(groups.group_problems(doc, found, areas, site.country_code, sources))


def _site_and_sources(doc: YamlDoc, sources_doc: YamlDoc, site: Site, sources: set[str]) -> Iterator[Problem]:
    """Ids and addresses of site.yml and sources.yml, and the sources site.yml names."""
    yield from references.unique_ids(sources_doc, "source")
    yield from references.site(doc, site, sources)
    yield from references.numerals(doc, site)
    yield from addresses.site(doc)
    yield from addresses.sources(sources_doc)


def _indicators(
    raw: RawData,
    refused: set[str],
    site: Site,
    areas: Areas,
    known: observations.Known,
    sources: dict[str, Source],
) -> tuple[list[Indicator], dict[str, ValueAt], list[Problem]]:
    """The indicators whose schemas passed, with their observations, where each one's values are, and their problems."""
    built: list[tuple[YamlDoc, Indicator]] = []
    at: dict[str, ValueAt] = {}
    problems: list[Problem] = []
    for stem, doc in sorted(raw.indicators.items()):
        if stem not in refused:  # else its observations cannot be judged without it
            ind, value_at, found = _indicator(doc, raw.observations.get(stem), site, areas, known)
            if (table := raw.revisions.get(stem)) is not None and ind.observations and not found:
                ind, more = _revisions(table, ind, site, known, sources)
                found += more
            built.append((doc, ind))
            at.update({ind.id: value_at} if value_at else {})
            problems += found
    by_id = {ind.id: ind for _, ind in built}
    for doc, ind in built:
        problems += [*rules(doc, ind, by_id, site), *references.derived_from(doc, set(by_id) | set(raw.indicators))]
    return [ind for _, ind in built], at, problems


def _indicator(
    doc: YamlDoc, table: CsvDoc | None, site: Site, areas: Areas, known: observations.Known
) -> tuple[Indicator, ValueAt | None, list[Problem]]:
    """One indicator, with its observations when it is published and has them, and its problems."""
    ind = records.indicator(doc, site.languages)
    problems = list(indicators.indicator_problems(doc, ind, Path(doc.path).stem, {p.id for p in site.pillars}))
    if table is None or not ind.published:
        return ind, None, problems
    found, more = _observations(table, ind, known, site.languages)
    at = _value_at(table)
    provinces_, groups_ = areas
    more += groups.figure_problems(ind, found, groups_, site.country_code, at)
    return records.with_observations(ind, found), at, [*problems, *more, *disclosure(ind, found, site, provinces_, at)]


def _revisions(
    table: CsvDoc, ind: Indicator, site: Site, known: observations.Known, sources: dict[str, Source]
) -> tuple[Indicator, list[Problem]]:
    """The indicator with the earlier values of its figures from revisions/<id>.csv, and that file's problems."""
    figures = {o.key: o for o in ind.observations}
    ctx = revisions.Context(ind, figures, sources, known, site.country_code, site.disclosure_threshold, site.languages)
    kept, problems = revisions.revisions(table, ctx)
    return replace(ind, observations=tuple(records.with_revisions(list(ind.observations), kept))), problems


def _observations(
    table: CsvDoc, ind: Indicator, known: observations.Known, languages: tuple[str, ...]
) -> tuple[list[Observation], list[Problem]]:
    """The observations of one file that pass every check (the first of any repeated), and the
    problems; notes in the site's other `languages` come from their note_<lang> columns."""
    if problems := list(
        tables.header_problems(
            table,
            records.OBSERVATION_COLUMNS,
            tuple(d.id for d in ind.dimensions),
            (*records.OBSERVATION_OPTIONAL, *records.note_columns(languages)),
        )
    ):
        return [], problems
    problems = list(tables.cell_count(table))
    passed = []
    row_problems = observations.row_checker(table, ind, known)
    for row, line, cell in records.table_rows(table, (*records.OBSERVATION_OPTIONAL, *records.note_columns(languages))):
        found = row_problems(row)
        problems += found
        if not found:
            passed.append(records.observation(ind, Where(table.path, line), cell, languages))
    kept, repeats = observations.duplicates(table, passed)
    return kept, [*problems, *repeats, *observations.period_count(table, kept)]


def _side_files(
    raw: RawData, checked: dict[str, list[Problem]], sources: set[str], site: Site
) -> tuple[tuple[Event, ...], tuple[Commitment, ...], list[Problem]]:
    """Events and commitments, when their schemas passed, and the sources and pillars they name."""
    if _refused(checked, *_present(raw.events, raw.commitments)):
        return (), (), []
    events, commitments = (
        records.events(raw.events, site.languages),
        records.commitments(raw.commitments, site.languages),
    )
    problems = list(references.events(raw.events, events, sources)) if raw.events else []
    if raw.commitments:
        problems += references.commitments(raw.commitments, commitments, sources, {p.id for p in site.pillars})
    return events, commitments, problems


ValueAt = Callable[..., tuple[int, int]]
Areas = tuple[tuple[Province, ...], tuple[Group, ...]]  # the provinces and the groups of them


def _value_at(table: CsvDoc) -> ValueAt:
    """Where the value cell (or another named cell) of an observation is, for problems about that cell."""
    names = [h.strip() for h in table.header]
    rows = {line: row for row, (line, _) in enumerate(table.rows)}

    def at(obs: Observation, name: str = "value") -> tuple[int, int]:
        column = names.index(name) if name in names else 0
        return table.at(rows[obs.where.line], column) if obs.where.line in rows else (obs.where.line, 0)

    return at


def _present(*docs: YamlDoc | None) -> list[YamlDoc]:
    return [doc for doc in docs if doc is not None]
