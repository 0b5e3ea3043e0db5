"""Build the typed records (scripts/model.py) from documents the checks have passed.

Nothing here judges: every function trusts the shape the schemas and checks have vouched for,
and a value a check refused (a population that is not a number, a half-given tile) is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from sys import intern
from typing import Any

from scripts.checks.numbers import whole_number
from scripts.load import CsvDoc, RawData, YamlDoc
from scripts.model import (
    Category,
    Commitment,
    ContextFact,
    Dimension,
    DimensionValue,
    Event,
    Group,
    Indicator,
    Observation,
    ObservationKey,
    Period,
    Pillar,
    Population,
    Province,
    Revision,
    Series,
    Site,
    Source,
    StatusChange,
    Text,
    Where,
    default_chart,
    parse_period,
)

OBSERVATION_COLUMNS = ("period", "geography", "series", "value", "qualifier", "status", "source", "locator", "note")
# Columns an observations file may have besides: for an assessment filed under its edition, the
# period the edition covers.
OBSERVATION_OPTIONAL = ("covers",)
# revisions/<id>.csv: the key of the figure revised (its dimensions after series), then the earlier
# value with its status, source and date; qualifier, locator and note may be left out.
REVISION_COLUMNS = ("period", "geography", "series", "value", "status", "source", "date")
REVISION_OPTIONAL = ("qualifier", "locator", "note")
# After "code", a name column for each of the site's languages (name_columns).
PROVINCE_COLUMNS: tuple[str, ...] = ("code", "type", "borders", "border_basis", "border_source", "population")
PROVINCE_COLUMNS += ("population_year", "population_status", "population_source", "tile_row", "tile_col", "note")
# Columns of provinces.csv whose text a Province keeps as it is.
PROVINCE_TEXT_COLUMNS = ("type", "border_basis", "border_source", "population_status", "population_source", "note")
# Columns an older provinces.csv may lack: the tile-grid map's position of each province, the
# source of borders (needed only where a border is stated) and the type of each row (without it,
# every row is what site.yml's country.subdivision calls it).
TILE_COLUMNS = ("tile_row", "tile_col")
PROVINCE_OPTIONAL = (*TILE_COLUMNS, "border_source", "type")
MAX_TILE = 50  # rows and columns of the tile-grid map


def name_columns(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The provinces' name columns, one per language: name_<lang>."""
    return tuple(f"name_{lang}" for lang in languages)


def province_optional(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The columns provinces.csv may leave out: the names in the site's other languages, the tiles, the border source."""
    return (*name_columns(languages[1:]), *PROVINCE_OPTIONAL)


def province_columns(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of provinces.csv for a site in these languages."""
    return (PROVINCE_COLUMNS[0], *name_columns(languages), *PROVINCE_COLUMNS[1:])


def site(doc: YamlDoc) -> Site:
    """site.yml as a Site."""
    d = doc.data
    text = partial(Text.of, languages=tuple(d["languages"]))
    country = d["country"]
    population = d.get("population")
    contact = d.get("contact", {})
    return Site(
        title=text(d["title"]),
        tagline=text(d["tagline"]),
        country_code=country["code"],
        country_name=text(country["name"]),
        subdivision=text(country["subdivision"]),
        subdivision_plural=text(country["subdivision_plural"]),
        languages=tuple(d["languages"]),
        organisation=text(d["organisation"]),
        licence_data=d["licence"]["data"],
        licence_code=d["licence"]["code"],
        disclosure_threshold=d.get("disclosure_threshold", 10),
        pillars=tuple(Pillar(p["id"], text(p["title"]), text(p["description"])) for p in d["pillars"]),
        context=tuple(ContextFact(text(c["text"]), tuple(c["sources"])) for c in d.get("context", [])),
        population=Population(**population) if population else None,
        contact_email=contact.get("email", ""),
        contact_url=contact.get("url", ""),
        repository=d.get("repository", ""),
        url=d.get("url", ""),
        native_digits=tuple(lang for lang, digits in d.get("numerals", {}).items() if digits == "native"),
        synthetic=d.get("synthetic", False),
        where=Where(doc.path),
    )


def sources(doc: YamlDoc) -> tuple[Source, ...]:
    """sources.yml as Sources, each knowing its line."""
    return tuple(_source(item, Where(doc.path, doc.mark((i,)).line)) for i, item in enumerate(doc.data))


def table_rows(table: CsvDoc, optional: tuple[str, ...] = ()) -> Iterator[tuple[int, int, dict[str, str]]]:
    """(row, line, cells by column name) for each row with one cell per column; optional columns default to ""."""
    index = {name.strip(): i for i, name in enumerate(table.header)}
    for row, (line, cells) in enumerate(table.rows):
        if len(cells) == len(table.header):
            yield row, line, dict.fromkeys(optional, "") | {name: cells[i] for name, i in index.items()}


def provinces(table: CsvDoc, languages: tuple[str, ...]) -> tuple[Province, ...]:
    """provinces.csv as Provinces."""
    rows = table_rows(table, province_optional(languages))
    return tuple(_province(Where(table.path, line), cell, languages) for _, line, cell in rows)


def groups(doc: YamlDoc | None, languages: tuple[str, ...]) -> tuple[Group, ...]:
    """geography/groups.yml as Groups (none when the file is absent or empty)."""
    text = partial(Text.of, languages=languages)
    return tuple(
        Group(
            g["id"],
            text(g["name"]),
            tuple(g["members"]),
            text(g.get("description")),
            g.get("source", ""),
            Where(doc.path, doc.mark((i,)).line) if doc else Where(""),
        )  # fmt: skip
        for i, g in enumerate(_items(doc))
    )


def tile(cell: dict[str, str]) -> tuple[int, int] | None:
    """A province's (row, column) on the tile-grid map; None when it has none or it is not one."""
    row, column = (whole_number(cell[c]) for c in TILE_COLUMNS)
    return (row, column) if row and column and max(row, column) <= MAX_TILE else None  # 0 is no tile


def indicator(doc: YamlDoc, languages: tuple[str, ...]) -> Indicator:
    """indicators/<id>.yml as an Indicator, without its observations."""
    text = partial(Text.of, languages=languages)
    d = doc.data
    wanted = d.get("wanted", {})
    # Keys copied as they are, and texts.
    fields: dict[str, Any] = {key: d[key] for key in ("id", "pillar", "unit", "higher_is", "sensitive")}
    fields |= {key: text(d[key]) for key in ("title", "description", "unit_label", "measure")}
    return Indicator(
        **fields,
        published=d.get("published", True),
        chart=d.get("chart") or default_chart(d["unit"]),
        series=tuple(Series(s["id"], text(s["label"]), text(s.get("note"))) for s in d["series"]),
        dimensions=tuple(_dimension(text, x) for x in d.get("dimensions", [])),
        categories=tuple(Category(c["id"], text(c["label"])) for c in d.get("categories", [])),
        notes=tuple(text(n) for n in d.get("notes", [])),
        wanted_why=text(wanted.get("why")),
        wanted_who=text(wanted.get("who")),
        references=tuple(d.get("references", [])),
        update_frequency=d.get("update_frequency", ""),
        release_lag_months=d.get("release_lag_months"),
        counts=d.get("counts", ""),
        sensitive_exception=d.get("sensitive_exception", {}).get("reason", ""),
        part_of=d.get("part_of", ""),
        derived_from=d.get("derived_from", ""),
        currency=d.get("currency", ""),
        percent_of=text(d.get("percent_of")),
        year_kind=d.get("twelve_month_year", {}).get("kind", ""),
        year_starts=d.get("twelve_month_year", {}).get("starts", 0),
        where=Where(doc.path),
    )


def note_columns(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The optional columns of an observations or revisions file with the note in the site's other languages:
    note_<lang> (the note in the first language is the column note)."""
    return tuple(f"note_{lang}" for lang in languages[1:])


def observation(ind: Indicator, where: Where, cell: dict[str, str], languages: tuple[str, ...] = ()) -> Observation:
    """One row of an observations file, its cells already checked; notes in the site's other
    `languages` from their note_<lang> columns."""
    translations = tuple((lang, note) for lang in languages[1:] if (note := cell.get(f"note_{lang}", "").strip()))
    period = parse_period(cell["period"])
    assert period is not None
    # The cells that repeat from row to row are kept once (sys.intern), not once per row: at
    # 100,000 observations that is tens of megabytes the rest of the build holds.
    return Observation(
        indicator=ind.id,
        period=period,
        geography=intern(cell["geography"].strip()),
        series=intern(cell["series"].strip()),
        dimensions=_breakdown(tuple((d.id, intern(cell[d.id].strip())) for d in ind.dimensions)),
        value=_value(cell["value"].strip(), ind.unit),
        qualifier=intern(cell["qualifier"].strip()),
        status=intern(cell["status"].strip()),
        source=intern(cell["source"].strip()),
        locator=intern(cell["locator"].strip()),
        note=cell["note"].strip(),
        where=where,
        note_translations=translations,
        covers=parse_period(cell["covers"]) if cell.get("covers", "").strip() else None,
    )


# A breakdown (its dimensions' groups) is one of a few per indicator: each kept once, as the cells are.
_BREAKDOWNS: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}


def _breakdown(dimensions: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The one copy of a breakdown: at 100,000 observations its three tuples a row were some 18 MB."""
    return _BREAKDOWNS.setdefault(dimensions, dimensions)


def revision(
    ind: Indicator, where: Where, cell: dict[str, str], languages: tuple[str, ...] = ()
) -> tuple[ObservationKey, Revision]:
    """One row of a revisions file, its cells already checked: the key of the figure it revises, and
    the earlier value; its note in the site's other `languages` from their note_<lang> columns."""
    period = parse_period(cell["period"])
    assert period is not None
    dims = tuple((d.id, cell[d.id].strip()) for d in ind.dimensions)
    key = (period, cell["geography"].strip(), cell["series"].strip(), dims)
    text = {name: cell.get(name, "").strip() for name in (*REVISION_COLUMNS, *REVISION_OPTIONAL)}
    return key, Revision(
        value=_value(text["value"], ind.unit),
        qualifier=text["qualifier"],
        status=text["status"],
        source=text["source"],
        date=text["date"],
        locator=text["locator"],
        note=text["note"],
        where=where,
        note_translations=tuple((lang, n) for lang in languages[1:] if (n := cell.get(f"note_{lang}", "").strip())),
    )


def with_revisions(
    observations: list[Observation], revisions: list[tuple[ObservationKey, Revision]]
) -> list[Observation]:
    """Each observation with its earlier values, oldest first (a revision whose key no observation has is left out)."""
    earlier: dict[ObservationKey, list[Revision]] = {}
    for key, rev in revisions:
        earlier.setdefault(key, []).append(rev)
    return [
        replace(o, revisions=tuple(sorted(earlier[o.key], key=lambda r: r.date))) if o.key in earlier else o
        for o in observations
    ]


def with_observations(ind: Indicator, observations: list[Observation]) -> Indicator:
    """The indicator with its observations, in the order of its series, then period, place and breakdown."""
    order = {s.id: i for i, s in enumerate(ind.series)}
    # A Period orders by its fields in turn (dataclass order): compared as a tuple, in C, not by Period.__lt__.
    ordered = sorted(
        observations, key=lambda o: (order.get(o.series, 99), _fields(o.period), o.geography, o.dimensions)
    )
    return replace(ind, observations=tuple(ordered))


def _fields(period: Period) -> tuple[int, int, int, int]:
    return period.start_year, period.start_month, period.end_year, period.end_month


def events(doc: YamlDoc | None, languages: tuple[str, ...]) -> tuple[Event, ...]:
    """events.yml as Events (none when the file is absent or empty)."""
    text = partial(Text.of, languages=languages)
    return tuple(
        Event(e["id"], e["date"], text(e["title"]), text(e.get("description")), e["source"]) for e in _items(doc)
    )


def commitments(doc: YamlDoc | None, languages: tuple[str, ...]) -> tuple[Commitment, ...]:
    """commitments.yml as Commitments, each with its dated status history."""
    text = partial(Text.of, languages=languages)
    return tuple(
        Commitment(
            id=c["id"],
            title=text(c["title"]),
            pillar=c["pillar"],
            owner=text(c.get("owner")),
            made_by=c["made_by"],
            history=tuple(
                StatusChange(h["date"], h["status"], text(h["evidence"]), h["source"], h.get("confirmed", True))
                for h in c["history"]
            ),
        )
        for c in _items(doc)
    )


def files(raw: RawData) -> tuple[str, ...]:
    """Every file of the data folder, relative to it, in order."""
    return tuple(sorted(p.relative_to(raw.root).as_posix() for p in raw.files))


def _source(item: dict[str, Any], where: Where) -> Source:
    fields = {k: item[k] for k in ("id", "title", "publisher", "published", "url", "kind")}
    optional = {k: item.get(k, "") for k in ("author", "reporter", "language", "licence", "note")}
    return Source(**fields, **optional, where=where, date_approximate=bool(item.get("date_approximate", False)))


def _province(where: Where, raw: dict[str, str], languages: tuple[str, ...]) -> Province:
    cell = {name: value.strip() for name, value in raw.items()}
    # Names in other languages are copied from the official list of provinces, not translated
    # here: a given name counts as reviewed.
    others = tuple((lang, cell[f"name_{lang}"]) for lang in languages[1:] if cell[f"name_{lang}"])
    copied: dict[str, Any] = {key: cell[key] for key in PROVINCE_TEXT_COLUMNS}
    return Province(
        code=cell["code"],
        name=Text(cell[f"name_{languages[0]}"], others, frozenset(lang for lang, _ in others)),
        borders=tuple(b.strip() for b in cell["borders"].split(";") if b.strip()),
        **copied,
        population=whole_number(cell["population"]),
        population_year=whole_number(cell["population_year"]),
        where=where,
        tile=tile(cell),
    )


def _dimension(text: Callable[[dict[str, Any] | None], Text], raw: dict[str, Any]) -> Dimension:
    values = tuple(DimensionValue(v["id"], text(v["label"])) for v in raw["values"])
    return Dimension(raw["id"], text(raw["title"]), values, raw.get("complete", True))


def _value(text: str, unit: str) -> float | str | None:
    if not text:
        return None
    if unit == "category":
        return text
    # A count is kept exact, whatever its size; an amount or a percentage written without a point
    # stays whole too, so that downloads give 18000 as the source did, not 18000.0.
    return int(text) if unit == "count" or text.isdigit() else float(text)


def _items(doc: YamlDoc | None) -> list[Any]:
    return doc.data if doc is not None and doc.data else []
