"""CSV tables: a header of the expected columns and none that would hold personal data, one cell
per column in every row, and no cell a spreadsheet would run or that reads like a story."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from scripts.checks import place
from scripts.checks.text import MAX_NOTE, PERSONAL_TEXT, personal_details
from scripts.escape import FORMULA_STARTS
from scripts.load import CsvDoc
from scripts.problems import Place, Problem, problem

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
# Columns of free text, read for personal details.
TEXT_COLUMNS = ("note", "locator")


def header_problems(
    table: CsvDoc, required: tuple[str, ...], dims: tuple[str, ...] = (), optional: tuple[str, ...] = ()
) -> Iterator[Problem]:
    """Columns missing, unknown, repeated, spaced or personal; or a header that lists people."""
    names = [h.strip() for h in table.header]
    at = [Place(table.path, *spot) for spot in table.header_cells] + [Place(table.path, 1)] * len(names)
    if "value" in required and "value" not in names and len(PERSON_ATTRIBUTES & {_normal(n) for n in names}) >= 2:
        yield problem("person-level-rows", place.line(table, 1))
        return
    for i, raw_name in enumerate(table.header):
        if raw_name != raw_name.strip():
            yield problem("header-space", at[i], raw_name, name=raw_name.strip())
        if _normal(raw_name) in PERSONAL_COLUMNS:
            yield problem("personal-data-column", at[i], name=raw_name.strip())
    header = ",".join((*required[:3], *dims, *required[3:]))
    for name in (*required, *dims):
        if name not in names:
            close = [n for n in names if _normal(n) == name]
            key = "missing-column/rename" if close else "missing-column"
            yield problem(key, place.line(table, 1), name=name, close=close[0] if close else "", header=header)
    for i, name in enumerate(names):
        if name not in (*required, *dims, *optional) and _normal(name) not in PERSONAL_COLUMNS:
            yield problem("unknown-column/dimensions" if dims else "unknown-column", at[i], name=name)
        if name in names[:i]:
            yield problem("duplicate-column", at[i], name=name)


def cell_count(table: CsvDoc) -> Iterator[Problem]:
    """Rows with more or fewer cells than the header (often an unquoted comma)."""
    for line, cells in table.rows:
        if len(cells) != len(table.header):
            yield problem("wrong-cell-count", place.line(table, line), cells=len(cells), columns=len(table.header))


def free_text(table: CsvDoc, row: int, index: dict[str, int], cells: list[str]) -> Iterator[Problem]:
    """Formulas, long text and personal details, in any cell of a row (located only when found)."""
    if not any(map(_suspect_cell, map(cells.__getitem__, index.values()), index)):
        return  # most rows: each of their cells was judged before, in C's loop rather than Python's
    for name, i in index.items():
        text = cells[i].strip()
        if not _suspect(text, name):
            continue
        at = place.cell(table, row, i, name)
        if formula(text, name):
            yield problem("formula", at, text, first=text[0])
        if len(text) > MAX_NOTE:
            yield problem("long-text/cell", at, length=len(text), most=MAX_NOTE)
        if _is_text(name):
            yield from personal_details(at, text)


def formula(text: str, name: str) -> bool:
    """A cell a spreadsheet would run; a lone "-" (a missing-value marker) and a negative value
    (a negative-count problem) are not formulas."""
    return text.startswith(FORMULA_STARTS) and not (text == "-" or (name == "value" and text.startswith("-")))


def column_index(table: CsvDoc) -> dict[str, int]:
    """Each column's position, by its name without surrounding spaces."""
    return _index(tuple(table.header))


@lru_cache(maxsize=256)
def _index(header: tuple[str, ...]) -> dict[str, int]:
    return {name.strip(): i for i, name in enumerate(header)}


def _is_text(name: str) -> bool:
    """A column of free text: a note (in any language, note_<lang>) or a locator."""
    return name in TEXT_COLUMNS or name.startswith("note_")


def _normal(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


@lru_cache(maxsize=65536)
def _suspect_cell(cell: str, name: str) -> bool:
    """_suspect of a cell as written (with its spaces)."""
    return _suspect(cell.strip(), name)


@lru_cache(maxsize=65536)
def _suspect(text: str, name: str) -> bool:
    """Whether a cell could hold a formula, long text or personal details: most cells repeat, so asked once each."""
    if formula(text, name) or len(text) > MAX_NOTE:
        return True
    return _is_text(name) and any(pattern.search(text) for pattern in PERSONAL_TEXT.values())
