"""References between files: every id named is defined (a source, a pillar, an indicator), every
id is defined once, and every indicator and its observations file come as a pair."""

from __future__ import annotations

from collections.abc import Iterator

from scripts.checks import place
from scripts.i18n import LATIN_DIGITS, cldr_knows, has_strings, locale
from scripts.load import RawData, YamlDoc, YamlPath
from scripts.model import Commitment, Event, Site
from scripts.problems import Place, Problem, problem
from scripts.schema import LANGUAGE_CODE


def unique_ids(doc: YamlDoc, what: str, within: YamlPath = ()) -> Iterator[Problem]:
    """Each `id` of the list at `within` (the file itself by default) used once."""
    items = doc.data
    for part in within:
        items = items[part]
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        value = item["id"]
        if value in first:
            line = doc.mark((*within, first[value], "id")).line
            yield problem("duplicate-id", place.key(doc, (*within, i, "id")), what=what, id=value, first=line)
        first.setdefault(value, i)


def named(doc: YamlDoc, path: YamlPath, what: str, value: str, known: set[str]) -> Iterator[Problem]:
    """The id at `path` names a `what` (source, pillar, indicator) that is `known`."""
    if value not in known:
        yield problem(f"unknown-{what}", place.key(doc, path), value)


def site(doc: YamlDoc, site: Site, sources: set[str]) -> Iterator[Problem]:
    """The pillars' ids once each; the sources of the context facts and of the population known."""
    yield from unique_ids(doc, "pillar", ("pillars",))
    for i, fact in enumerate(site.context):
        for j, source in enumerate(fact.sources):
            yield from named(doc, ("context", i, "sources", j), "source", source, sources)
    if site.population:
        yield from named(doc, ("population", "source"), "source", site.population.source, sources)


def languages(doc: YamlDoc | None) -> Iterator[Problem]:
    """Each language site.yml lists has its interface strings (scripts/locale/<lang>.yml) and CLDR's data.

    Read from the document as written, before its schema: every text is checked against these
    languages, so a first language without strings would otherwise hide among a problem per text.
    """
    if doc is None or not isinstance(doc.data, dict):
        return  # no site.yml to read: its own problem says so
    listed = doc.data.get("languages")
    seen: set[str] = set()
    for i, lang in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(lang, str) or not LANGUAGE_CODE.match(lang) or lang in seen:
            continue  # the schema's problem says what is wrong with it
        seen.add(lang)
        if not cldr_knows(lang):
            yield problem("missing-locale/cldr", place.key(doc, ("languages", i)), lang, lang=lang)
        elif not has_strings(lang):
            yield problem("missing-locale", place.key(doc, ("languages", i)), lang, lang=lang)


def numerals(doc: YamlDoc, site: Site) -> Iterator[Problem]:
    """Each language given its own digits (numerals: {<lang>: native}) is a site language that writes some."""
    for lang in site.native_digits:
        if lang not in site.languages:
            yield problem(
                "unknown-language", place.key(doc, ("numerals", lang)), lang, languages=", ".join(site.languages)
            )
        elif has_strings(lang) and locale(lang, native_digits=True).numerals == LATIN_DIGITS:
            yield problem("no-numerals", place.key(doc, ("numerals", lang)), lang, lang=lang)


def events(doc: YamlDoc, events: tuple[Event, ...], sources: set[str]) -> Iterator[Problem]:
    """Each event's id once, its source known."""
    yield from unique_ids(doc, "event") if events else iter(())
    for i, event in enumerate(events):
        yield from named(doc, (i, "source"), "source", event.source, sources)


def commitments(doc: YamlDoc, items: tuple[Commitment, ...], sources: set[str], pillars: set[str]) -> Iterator[Problem]:
    """Each commitment's id once, its pillar known, its history oldest first and each status's source known."""
    yield from unique_ids(doc, "commitment") if items else iter(())
    for i, item in enumerate(items):
        yield from named(doc, (i, "pillar"), "pillar", item.pillar, pillars)
        dates = [h.date for h in item.history]
        if dates != sorted(dates):
            yield problem("history-order", place.key(doc, (i, "history")))
        for j, change in enumerate(item.history):
            yield from named(doc, (i, "history", j, "source"), "source", change.source, sources)


def derived_from(doc: YamlDoc, indicators: set[str]) -> Iterator[Problem]:
    """The indicator a rate is derived from exists: an id, or a file whose own problems are reported."""
    if (base := doc.data.get("derived_from")) is not None:
        yield from named(doc, ("derived_from",), "indicator", base, indicators)


def observation_files(raw: RawData, refused: set[str]) -> Iterator[Problem]:
    """An observations file for each published indicator, none for an unpublished one, and none without one.

    An indicator `refused` by its schema cannot say whether it is published; a file that exists
    but could not be read has a problem of its own and is not called missing.
    """
    for stem, doc in sorted(raw.indicators.items()):
        published = doc.data.get("published", True) if stem not in refused else None
        if published and stem not in raw.observations and not _has_file(raw, "observations", stem):
            yield problem("missing-observations", Place(doc.path, 1), stem=stem)
        if published is False and stem in raw.observations:
            yield problem("unpublished-with-data", Place(raw.observations[stem].path, 1), stem=stem)
    for stem, table in sorted(raw.observations.items()):
        if not _has_file(raw, "indicators", stem):
            yield problem("orphan-observations", Place(table.path, 1), stem=stem)


def revision_files(raw: RawData, refused: set[str]) -> Iterator[Problem]:
    """A revisions file beside the observations file of a published indicator of the same name."""
    for stem, table in sorted(raw.revisions.items()):
        doc = raw.indicators.get(stem)
        published = doc is not None and (stem in refused or doc.data.get("published", True) is not False)
        if not published or stem not in raw.observations and not _has_file(raw, "observations", stem):
            yield problem("orphan-revisions", Place(table.path, 1), stem=stem)


def missing_file(raw: RawData, name: str) -> Problem:
    """A file every data folder needs (site.yml, sources.yml, geography/provinces.csv) is not there."""
    return problem("missing-file", Place(f"{raw.root.name}/{name}"), file=name)


def _has_file(raw: RawData, folder: str, stem: str) -> bool:
    return any(p.parent.name == folder and p.stem == stem for p in raw.files)
