"""geography/provinces.csv: a code of the country per area, once each, a name, a type from the
vocabulary, a population with its year and source, a border stated only with its source, and a
tile of its own on the map."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from scripts.checks import place
from scripts.checks.numbers import whole_number, whole_number_problem
from scripts.checks.tables import column_index, free_text, header_problems
from scripts.checks.text import LINE_BREAKS
from scripts.i18n import interface_languages, language_name
from scripts.load import CsvDoc
from scripts.model import SUBDIVISION_TYPES
from scripts.problems import Place, Problem, problem
from scripts.records import MAX_TILE, TILE_COLUMNS, name_columns, province_columns, province_optional, table_rows, tile


def header(table: CsvDoc, languages: tuple[str, ...]) -> list[Problem]:
    """The columns of provinces.csv: with any of these problems, no row can be read. Only the
    name in the site's first language is required; names in its other languages, or in a language
    the interface knows but the site does not show yet, may be given too."""
    optional = province_optional(languages)
    required = tuple(c for c in province_columns(languages) if c not in optional)
    spare = name_columns(tuple(lang for lang in interface_languages() if lang not in languages))
    return list(header_problems(table, required, (), (*optional, *spare)))


def row_problems(table: CsvDoc, country: str, sources: set[str], languages: tuple[str, ...]) -> Iterator[Problem]:
    """Every row's problems, then areas listed twice, tiles shared, and tiles given to only some."""
    index = column_index(table)
    seen: dict[str, int] = {}
    tiles: dict[tuple[int, int], str] = {}  # tile -> the province on it
    rows = list(table_rows(table, province_optional(languages)))
    for row, line, raw in rows:
        cell = {name: value.strip() for name, value in raw.items()}

        def at(column: str, row: int = row) -> Place:
            return place.cell(table, row, index[column], column)

        yield from free_text(table, row, index, table.rows[row][1])
        yield from _row(cell, at, country, sources, place.line(table, line), languages)
        if cell["code"] in seen:
            yield problem("duplicate-id/area", at("code"), cell["code"])
        seen.setdefault(cell["code"], line)
        spot = tile(cell)
        if spot is not None and spot in tiles:
            yield problem(
                "duplicate-tile", at("tile_col"), f"{spot[0]},{spot[1]}", code=cell["code"], other=tiles[spot]
            )
        elif spot is not None:
            tiles[spot] = cell["code"]
    if tiles and len(tiles) < len(rows):
        yield problem("missing-tile", place.line(table, 1), missing=len(rows) - len(tiles), total=len(rows))


def _row(
    cell: dict[str, str],
    at: Callable[[str], Place],
    country: str,
    sources: set[str],
    line: Place,
    languages: tuple[str, ...],
) -> Iterator[Problem]:
    names = name_columns(languages)
    if not re.match(rf"^{re.escape(country)}-[A-Z0-9]+$", cell["code"]):
        yield problem("bad-format/area", at("code"), cell["code"], country=country)
    if not cell[names[0]]:
        yield problem("empty-value/name", at(names[0]), language=language_name(languages[0]))
    for column in names:
        if any(c in cell[column] for c in LINE_BREAKS):
            yield problem("line-break/name", at(column), cell[column])
    population = whole_number(cell["population"])
    if cell["population"] and population is None:
        yield whole_number_problem(at("population"), cell["population"])
    if population is not None and (whole_number(cell["population_year"]) is None or not cell["population_source"]):
        yield problem("missing-value/population", line)
    if cell["population_source"] and cell["population_source"] not in sources:
        yield problem("unknown-source/column", at("population_source"), cell["population_source"])
    if cell["type"] not in ("", *SUBDIVISION_TYPES):
        yield problem("not-allowed/subdivision-type", at("type"), cell["type"], allowed=", ".join(SUBDIVISION_TYPES))
    if cell["border_basis"] not in ("", "stated", "derived"):
        yield problem("not-allowed/border-basis", at("border_basis"), cell["border_basis"])
    yield from _border_source(cell, at, sources)
    yield from _tile(cell, at)


def _border_source(cell: dict[str, str], at: Callable[[str], Place], sources: set[str]) -> Iterator[Problem]:
    """A border stated as fact names the source that states it; a border derived from the map names none."""
    basis, source = cell["border_basis"], cell["border_source"]
    if basis == "stated" and not source:
        yield problem("missing-value/border", at("border_basis"), basis)
    elif source and source not in sources:
        yield problem("unknown-source/column", at("border_source"), source)
    elif source and basis != "stated":
        yield problem("not-allowed/border-source", at("border_source"), source)


def _tile(cell: dict[str, str], at: Callable[[str], Place]) -> Iterator[Problem]:
    """Both tile columns or neither, each a whole number from 1 to MAX_TILE."""
    if not cell["tile_row"] and not cell["tile_col"]:
        return
    for column in TILE_COLUMNS:
        number = whole_number(cell[column])
        if not cell[column]:
            yield problem("missing-value/tile", at(column))
        elif number is None or not 1 <= number <= MAX_TILE:
            yield problem("not-a-whole-number/tile", at(column), cell[column], most=MAX_TILE)
