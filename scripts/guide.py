"""The editors' guide, "How to update the data", written from the schemas and problem codes.

Every key an editor may write comes from the JSON Schemas in scripts/schemas/ (its meaning
is the schema's description, its example the schema's example), every CSV column from the
column lists below, and every error from the problem codes; so the guide cannot drift from
what the build checks. tests/test_guide.py fails when a key has no description or example.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml
from markupsafe import Markup

from scripts.escape import markdown_cell
from scripts.paths import SCHEMAS
from scripts.problems import CODES

# The YAML files in the order an editor meets them, each with the schema it follows.
YAML_FILES = (
    ("site.yml", "site"),
    ("sources.yml", "sources"),
    ("indicators/<id>.yml", "indicator"),
    ("events.yml", "events"),
    ("commitments.yml", "commitments"),
    ("changelog.yml", "changelog"),
)
# CSV columns: (name, required, meaning, example). Tests hold these to validate.py's lists.
OBSERVATION_COLUMNS = (
    ("period", True, "A year (2018); two years joined by / for a total over both (2017/2018); or months "
                     "(2018-01/2018-10 for January to October 2018).", "2018"),
    ("geography", True, "The country code from site.yml for national figures, or a province code from "
                        "geography/provinces.csv.", "KH"),
    ("series", True, "Who reported the figure: an id from the series of the indicator's file.", "example-committee"),
    ("<dimension>", False, "One column per breakdown the indicator declares (e.g. age_group), holding one of its "
                           "value ids; empty means all.", "0-14"),
    ("value", True, "The number, digits only with a point for decimals; empty only when status is suppressed or "
                    "not-available.", "1234"),
    ("qualifier", False, "Empty, or at-least, more-than or approx when the source gives a bound or a round figure.",
     "at-least"),
    ("status", True, "reported (as published), derived (computed from published figures: say how in note), estimate, "
                     "suppressed (a small count of persons, never written down) or not-available.", "reported"),
    ("source", True, "An id from sources.yml.", "example-news-2019-cases"),
    ("locator", True, "Where in the source, in your own words: page, section, or what the passage reports.",
     "Example: paragraph on cases in 2018"),
    ("note", False, "Anything a reader must know about this figure, short (at most 500 characters), never about a "
                    "person.", "Example: 1250 (2019) minus 16 = 1234"),
)  # fmt: skip
PROVINCE_COLUMNS = (
    ("code", True, "ISO 3166-2 code of the province.", "KH-12"),
    ("name_<lang>", True, "The name in one of the site's languages: a column for each (name_en, name_km). "
     "The first language's is required; the others may be empty.", "Phnom Penh"),
    ("borders", False, "Neighbouring countries the province borders, as ISO codes separated by ;.", "TH;LA"),
    ("border_basis", False, "stated (a source says so) or derived (from map geometry); empty when there is no border.",
     "stated"),
    ("border_source", False, "When border_basis is stated: the id in sources.yml of the source that states the "
                             "border (a reliable publication, not a travel site or a wiki); empty otherwise.",
     "example-news-2019-cases"),
    ("population", False, "Exact population count, digits only; leave empty when only a rounded figure is known.",
     "123456"),
    ("population_year", False, "Year of the population count.", "2019"),
    ("population_status", False, "final, provisional or estimate.", "final"),
    ("population_source", False, "An id from sources.yml.", "example-census-2019"),
    ("tile_row", False, "Row of the province's square on the tile-grid map, from 1 at the top; every province "
                        "needs its own tile (or leave the column out).", "4"),
    ("tile_col", False, "Column of that square, from 1 at the left.", "3"),
    ("note", False, "Anything a reader should know about the province's figures.", "Capital"),
)  # fmt: skip


def sections() -> dict[str, Any]:
    """The guide's tables, for guide.md.j2: each schema's keys, the texts, each CSV's columns, the problem codes.

    Every cell is Markdown made here from the schemas (our own, with its syntax kept), so the
    template writes it as it is.
    """
    return {
        "schemas": [
            _schema_section(file, name) for file, name in YAML_FILES if (SCHEMAS / f"{name}.schema.json").exists()
        ],
        "text": {"intro": Markup(markdown_cell(_load("text")["description"], markup=True)), "rows": _key_rows("text")},
        "csv": [
            _csv_section("observations/<id>.csv", "guide.observations_intro", OBSERVATION_COLUMNS),
            _csv_section("geography/provinces.csv", "guide.provinces_intro", PROVINCE_COLUMNS),
        ],
        "codes": [(code, Markup(markdown_cell(text, markup=True))) for code, text in CODES.items()],
    }


def keys(name: str) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every key of schema `name` as (dotted path, its schema, required), in file order."""
    yield from _walk(_load(name), "", True)


# --- sections -----------------------------------------------------------------------------

Row = tuple[Markup, bool, Markup, Markup]  # a key or column, whether required, its meaning and example


def _schema_section(file: str, name: str) -> dict[str, Any]:
    schema = _load(name)
    return {
        "file": Markup(file),
        "intro": Markup(markdown_cell(schema.get("description", schema.get("title", "")), markup=True)),
        "list": schema.get("type") == "array",
        "rows": _key_rows(name),
    }


def _key_rows(name: str) -> list[Row]:
    return [
        (Markup(path), required, Markup(markdown_cell(_meaning(node), markup=True)), Markup(_example(path, node)))
        for path, node, required in keys(name)
    ]


def _csv_section(file: str, intro: str, columns: tuple[tuple[str, bool, str, str], ...]) -> dict[str, Any]:
    rows = [(Markup(n), required, Markup(markdown_cell(meaning, markup=True)), Markup(f"`{example}`"))
            for n, required, meaning, example in columns]  # fmt: skip
    return {"file": Markup(file), "intro": intro, "rows": rows}  # intro: the key of its prose in the locale


# --- schema walking -----------------------------------------------------------------------


def _load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


def _walk(node: dict[str, Any], path: str, required: bool) -> Iterator[tuple[str, dict[str, Any], bool]]:
    if path:
        yield path, node, required
    items = node.get("items")
    if node.get("type") == "array" and isinstance(items, dict) and "properties" in items:
        node, path = items, f"{path}[]" if path else ""
    for key, sub in node.get("properties", {}).items():
        yield from _walk(sub, f"{path}.{key}" if path else key, key in node.get("required", []))


def _meaning(node: dict[str, Any]) -> str:
    text = str(node.get("description", ""))
    if node.get("$ref") == "text.schema.json":
        text = f"*text* (en, and optionally km). {text}"
    elif "enum" in node:
        text += f" One of: {', '.join(str(v) for v in node['enum'])}."
    if "default" in node:
        text += f" Default: {json.dumps(node['default'])}."
    return text


def _example(path: str, node: dict[str, Any]) -> str:
    examples = node.get("examples")
    if not examples:
        return "(a block: see the keys below)" if "properties" in node or node.get("type") == "array" else ""
    key = path.rsplit(".", 1)[-1].removesuffix("[]")
    value: Any = examples[0]
    text = str(yaml.safe_dump({key: value}, default_flow_style=True, allow_unicode=True, width=10_000)).strip()
    return f"`{text.removeprefix('{').removesuffix('}')}`".replace("|", "\\|")
