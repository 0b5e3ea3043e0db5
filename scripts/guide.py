"""The editors' guide, "How to update the data", written from the schemas, and its page of problems.

Every key an editor may write comes from the JSON Schemas in scripts/schemas/ (its meaning
is the schema's description, its example the schema's example), every CSV column from the
column lists below, and every error from the problem codes; so the guide cannot drift from
what the build checks. tests/test_guide.py fails when a key has no description or example.
The problem codes have a page of their own (/guide/problems/, `problems`), which the guide
links to: the catalogue is long, and the guide stays light enough for a phone.

The guide is written in every language of the site. Its prose is interface strings
(guide.* in scripts/locale/<lang>.yml); the schemas' descriptions and the columns' meanings
in another language than English are in scripts/locale/schemas/<lang>.yml, each beside the
English it translates, so that a description changed since is shown in English, marked,
until it is translated again; the problem codes' meanings come from the problem words
(scripts/locale/codes/<lang>.yml).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import yaml
from markupsafe import Markup

from scripts.escape import html_text, markdown_cell
from scripts.i18n import FALLBACK, Locale, language_name, machine_locale
from scripts.model import SUBDIVISION_TYPES, Text
from scripts.paths import LOCALES, SCHEMAS
from scripts.problems import CODES, words
from scripts.schema import text_schema

# The guide's tables in other languages than English: {schema or csv file: {key or column: {en, <lang>}}}.
SCHEMA_WORDS = LOCALES / "schemas"
INTRO = "_description"  # the entry of a schema's own description

# The YAML files in the order an editor meets them, each with the schema it follows.
YAML_FILES = (
    ("site.yml", "site"),
    ("sources.yml", "sources"),
    ("indicators/<id>.yml", "indicator"),
    ("events.yml", "events"),
    ("commitments.yml", "commitments"),
    ("changelog.yml", "changelog"),
    ("geography/groups.yml", "groups"),
)
# CSV columns: (name, required, meaning, example). Tests hold these to validate.py's lists.
OBSERVATION_COLUMNS = (
    ("period", True, "A year (2018); two years joined by / for a total over both (2017/2018); or months "
                     "(2018-01/2018-10 for January to October 2018). A fiscal or reporting year is its twelve "
                     "months (2023-04/2024-03 for April 2023 to March 2024), with twelve_month_year in the "
                     "indicator's file. A period the source gives only roughly (the past four years, mid-2018) "
                     "is refused: write the months it names, or describe the figure in the indicator's notes.",
     "2018"),
    ("covers", False, "For an assessment filed under the year of its edition (a report's tier): the period that "
                      "edition covers, written as period is; the page shows both. Empty when the source does not "
                      "say.", "2023-04/2024-03"),
    ("geography", True, "The country code from site.yml for national figures, a province code from "
                        "geography/provinces.csv, or the id of a group of provinces from geography/groups.yml.", "ZZ"),
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
                    "person, in the site's first language.", "Example: 1250 (2019) minus 16 = 1234"),
    ("note_<lang>", False, "The note in another of the site's languages, one column per language (note_fr for "
                           "French); a page in a language without its note shows the first language's, marked. The "
                           "downloads give it in a column of the same name.",
     "Example: 1250 (2019) moins 16 = 1234"),
)  # fmt: skip
REVISION_COLUMNS = (
    ("period", True, "The period of the revised figure, as in its row of observations/<id>.csv.", "2018"),
    ("geography", True, "Its geography, as in that row.", "ZZ"),
    ("series", True, "Its series, as in that row.", "example-committee"),
    ("<dimension>", False, "Its breakdown, as in that row: one column per dimension the indicator declares; "
                           "empty means all.", "0-14"),
    ("value", True, "The earlier value as it was published; empty only when status is suppressed (an earlier "
                    "count of persons from 1 to k-1 below national level is never written down).", "1250"),
    ("qualifier", False, "Empty, or at-least, more-than or approx, as the earlier value was published.", "approx"),
    ("status", True, "The earlier value's status: reported, derived, estimate or suppressed.", "reported"),
    ("source", True, "The id in sources.yml of the publication that gave the earlier value.",
     "example-news-2019-cases"),
    ("date", True, "When the earlier value was published: YYYY, YYYY-MM or YYYY-MM-DD; not before its source's "
                   "date, and not after the date of the source of the current figure.", "2019-01-15"),
    ("locator", False, "Where in its source the earlier value is, in your own words.",
     "Example: paragraph on cases in 2018"),
    ("note", False, "Anything a reader must know about the earlier value, short, never about a person; for a "
                    "derived value, how it was computed.",
     "Example: a preliminary figure"),
    ("note_<lang>", False, "The earlier value's note in another of the site's languages, one column per language "
                           "(note_fr for French), as in observations/<id>.csv; the JSON download gives it under the "
                           "same name in each earlier value.",
     "Example: un chiffre provisoire"),
)  # fmt: skip
PROVINCE_COLUMNS = (
    ("code", True, "ISO 3166-2 code of the province: the country's code from site.yml, a hyphen, then letters or "
                   "digits.", "ZZ-12"),
    ("type", False, "What the row is: " + ", ".join(SUBDIVISION_TYPES) + "; each has its word in every language of "
     "the site. Empty: what site.yml's country.subdivision calls a subdivision. Where the rows are not all of one "
     "type, pages say which each is (a capital among provinces). Its page stays at /provinces/<code>/.", "capital"),
    ("name_<lang>", True, "The name in one of the site's languages, a column for each (name_en, name_fr): only the "
                          "first language's column is required, and in it every row needs a name; the others may be "
                          "left out or empty.", "Example Province"),
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

# The CSV files in the order of the guide, each with the locale key of its introduction.
CSV_FILES = (
    ("observations/<id>.csv", "guide.observations_intro", OBSERVATION_COLUMNS),
    ("revisions/<id>.csv", "guide.revisions_intro", REVISION_COLUMNS),
    ("geography/provinces.csv", "guide.provinces_intro", PROVINCE_COLUMNS),
)


def sections(
    loc: Locale | None = None, languages: tuple[str, ...] = ("en",), example: Text | None = None
) -> dict[str, Any]:
    """The guide's tables in the language of `loc` (English unless given), for guide.md.j2:
    each schema's keys, the texts, each CSV's columns (the problem codes are `problems`).

    Every cell is Markdown made here from the schemas (our own, with its syntax kept), so the
    template writes it as it is. A cell this language has no words for is in English, marked.
    Texts are shown in the site's own `languages` (the first the default), with `example`, a text
    of the data being built, as their example.
    """
    say = _Words(loc or machine_locale(), languages)
    example = example or Text("Example title")
    return {
        "schemas": [
            _schema_section(file, name, say) for file, name in YAML_FILES if (SCHEMAS / f"{name}.schema.json").exists()
        ],
        "text": {
            "intro": say.cell("text", INTRO, _intro("text")),
            "rows": _text_rows(languages, example, say),
            "example": _text_example(languages, example),
        },
        "csv": [
            *(_csv_section(file, intro, columns, say) for file, intro, columns in CSV_FILES),
        ],
    }


def problems(loc: Locale | None = None) -> list[tuple[str, Markup]]:
    """Every problem code with what it means, in the language of `loc` (English unless given), for
    problems.md.j2: the catalogue an editor looks a code up in, in codes.yml's order."""
    say = _Words(loc or machine_locale())
    return [(code, say.meaning(code, meaning)) for code, meaning in CODES.items()]


def translated(lang: str, languages: tuple[str, ...] = ()) -> dict[str, dict[str, dict[str, str]]]:
    """The guide's table words of `lang` that still translate the English they were written for,
    on a site in `languages` (whose texts' keys the guide explains too):
    {schema name or CSV file: {key, column or _description: {en, lang}}} (scripts/locale/schemas/)."""
    current = _english(languages)
    own = _schema_words(lang)
    return {
        name: {key: entry for key, entry in own.get(name, {}).items() if entry.get("en") == current[name].get(key)}
        for name in current
    }


def untranslated(lang: str, languages: tuple[str, ...] = ()) -> list[str]:
    """Every cell of the guide's tables that `lang` has no up-to-date words for on a site in
    `languages` (never written, or written for English that has changed since), as
    schema-or-file:key, so that a test names what a translator still has to write; the guide
    shows these in English, marked."""
    own = translated(lang, languages)
    return [f"{name}:{key}" for name, cells in _english(languages).items() for key in cells
            if not own.get(name, {}).get(key, {}).get(lang)]  # fmt: skip


def _english(languages: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """{schema name or CSV file: {key, column or _description: its English}}: every cell of the
    guide's tables, with the keys of a text on a site in `languages`."""
    current = {name: {path: _description(node) for path, node, _ in keys(name)} | {INTRO: _intro(name)}
               for name in (*(n for _, n in YAML_FILES), "text")}  # fmt: skip
    for file, _, columns in CSV_FILES:
        current[file] = {name: meaning for name, _, meaning, _ in columns}
    if languages:
        current["text"] |= _text_meanings(languages)
    return current


def coverage(lang: str) -> tuple[int, int, int]:
    """(cells, translated, reviewed) of the guide's tables in `lang`, for the translations page."""
    cells = sum(len(list(keys(n))) + 1 for _, n in (*YAML_FILES, ("", "text")))
    cells += sum(len(columns) for _, _, columns in CSV_FILES)
    done = sum(len(entries) for entries in translated(lang).values())
    return cells, done, done if _schema_words(lang).get("_reviewed") else 0


def keys(name: str) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every key of schema `name` as (dotted path, its schema, required), in file order."""
    yield from _walk(_load(name), "", True)


# --- sections -----------------------------------------------------------------------------

Row = tuple[Markup, bool, Markup, Markup]  # a key or column, whether required, its meaning and example


class _Words:
    """The guide's cells in one language: its own words where it has them, else the English, marked."""

    def __init__(self, loc: Locale, languages: tuple[str, ...] = ("en",)) -> None:
        self.loc = loc
        self.languages = languages
        self.own = {} if loc.lang == FALLBACK else translated(loc.lang, languages)
        self.codes = words(loc.lang) if loc.lang != FALLBACK else None

    def cell(self, name: str, key: str, english: str) -> Markup:
        """The Markdown of one cell: a description or meaning, `english` unless translated."""
        entry = self.own.get(name, {}).get(key)
        if self.loc.lang == FALLBACK or entry and entry.get(self.loc.lang):
            return _md(entry[self.loc.lang] if entry else english)
        return self.english(english)

    def meaning(self, code: str, english: str) -> Markup:
        """What a problem code means, in this language where its problem words say."""
        entry = self.codes.codes.get(code) if self.codes else None
        if self.loc.lang == FALLBACK or entry and entry.meaning:
            return _md(entry.meaning if entry else english)
        return self.english(english)

    def english(self, english: str) -> Markup:
        """English text on another language's page, marked as not yet translated."""
        return Markup('<span class="untranslated" lang="{}" title="{}">{}</span>').format(
            FALLBACK, self.loc.t("untranslated"), _md(english)
        )

    def kinds(self, node: dict[str, Any]) -> Markup:
        """What the schema says beyond the description, in this language: allowed values, default."""
        text = ""
        if "enum" in node and node.get("$ref") != "text.schema.json":
            text += " " + self.loc.t("guide.one_of", values=", ".join(str(v) for v in node["enum"]))
        if "default" in node:
            text += " " + self.loc.t("guide.default", value=json.dumps(node["default"]))
        return _md(text)


def _schema_section(file: str, name: str, say: _Words) -> dict[str, Any]:
    schema = _load(name)
    return {
        "file": Markup(file),
        "intro": say.cell(name, INTRO, _intro(name)),
        "list": schema.get("type") == "array",
        "rows": _key_rows(name, say),
    }


def _key_rows(name: str, say: _Words) -> list[Row]:
    rows = []
    for path, node, required in keys(name):
        text = _md(_text_kind(say) + " ") if node.get("$ref") == "text.schema.json" else Markup("")
        text += say.cell(name, path, _description(node)) + say.kinds(node)
        example = Markup(_example(name, path, node, say)) or (
            _md(say.loc.t("guide.block")) if _is_block(node) else Markup("")
        )
        rows.append((Markup(path), required, text, example))
    return rows


def _text_kind(say: _Words) -> str:
    """What a text's keys are on this site: *text* (fr, and optionally en)."""
    first, others = say.languages[0], ", ".join(say.languages[1:])
    return (
        say.loc.t("guide.text_kind", first=first, others=others)
        if others
        else say.loc.t("guide.text_kind_one", first=first)
    )


def _text_rows(languages: tuple[str, ...], example: Text, say: _Words) -> list[Row]:
    """The keys of a text in the site's languages: each language's version, then whether it was reviewed."""
    rows: list[Row] = []
    for lang, meaning in _text_meanings(languages).items():
        code = lang.removesuffix("_reviewed")
        if lang.endswith("_reviewed"):
            shown: Any = False
        elif code == languages[0]:
            shown = example.default
        else:
            shown = example.translation(code) or f"(the text in {language_name(code)})"
        rows.append((Markup(lang), lang == languages[0], say.cell("text", lang, meaning), Markup(_flow(lang, shown))))
    return rows


def _text_meanings(languages: tuple[str, ...]) -> dict[str, str]:
    """{key: its meaning in English} of a text on a site in `languages`: each language's version,
    then whether it was reviewed. They name the site's languages, so their words differ by site."""
    meanings = {}
    for lang, node in text_schema(languages)["properties"].items():
        code = lang.removesuffix("_reviewed")
        name = language_name(code)
        if lang.endswith("_reviewed"):
            meanings[lang] = f"For the {name} text: {node['description']}"
        elif code == languages[0]:
            meanings[lang] = f"The text in {name}, the site's first language: every text needs it."
        else:
            advice = str(node["description"]).removeprefix("The text in this language. ")
            meanings[lang] = f"The text in {name}. {advice}"
    return meanings


def _text_example(languages: tuple[str, ...], example: Text) -> Markup:
    """A text as an editor writes it in this site's languages (the guide's YAML example), as the
    lines of an HTML code block: each escaped, since the example is the data's own text."""
    lines = ["title:", f"  {languages[0]}: {_scalar(example.default)}"]
    for lang in languages[1:]:
        lines.append(f"  {lang}: {_scalar(example.translation(lang) or f'(the text in {language_name(lang)})')}")
        lines.append(f"  {lang}_reviewed: {'true' if lang in example.reviewed else 'false'}")
    return Markup("\n").join(html_text(line) for line in lines)


def _scalar(text: str) -> str:
    return str(yaml.safe_dump(text, allow_unicode=True, width=10_000)).removesuffix("\n...\n").strip()


def _csv_section(file: str, intro: str, columns: tuple[tuple[str, bool, str, str], ...], say: _Words) -> dict[str, Any]:
    rows = [(Markup(n), required, say.cell(file, n, meaning), Markup(f"`{_in(file, n, example, say.loc.lang)}`"))
            for n, required, meaning, example in columns]  # fmt: skip
    return {"file": Markup(file), "intro": intro, "rows": rows}  # intro: the key of its prose in the locale


@cache
def _schema_words(lang: str) -> dict[str, Any]:
    path = SCHEMA_WORDS / f"{lang}.yml"
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: the same document, sooner
    loaded = yaml.load(path.read_text(encoding="utf-8"), fast) if path.is_file() else None
    return loaded if isinstance(loaded, dict) else {}


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


def _md(text: str) -> Markup:
    """Our own Markdown (the schemas', the locale files'), as one table cell."""
    return Markup(markdown_cell(text, markup=True))


def _intro(name: str) -> str:
    schema = _load(name)
    return str(schema.get("description", schema.get("title", "")))


def _description(node: dict[str, Any]) -> str:
    return str(node.get("description", ""))


def _is_block(node: dict[str, Any]) -> bool:
    return "properties" in node or node.get("type") == "array"


def _example(name: str, path: str, node: dict[str, Any], say: _Words) -> str:
    examples = node.get("examples")
    if not examples:
        return ""
    key = path.rsplit(".", 1)[-1].removesuffix("[]")
    value: Any = examples[0]
    first = say.languages[0]
    if node.get("$ref") == "text.schema.json" and isinstance(value, dict):
        # A text's example in the site's first language, under its key, whatever the page's language.
        value = {first: _in(name, path, str(next(iter(value.values()))), first)}
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):  # a list of texts
        value = [{first: _in(name, path, str(next(iter(v.values()))), first)} for v in value]
    elif isinstance(value, str):  # a title, a name: in the page's language
        value = _in(name, path, value, say.loc.lang)
    return _flow(key, value)


def _in(name: str, key: str, english: str, lang: str) -> str:
    """An example in `lang`: its words in scripts/locale/schemas/<lang>.yml (_examples) where they
    were written for today's English example, else the English one (which stands for any)."""
    entry = _schema_words(lang).get("_examples", {}).get(name, {}).get(key) if lang != FALLBACK else None
    return str(entry[lang]) if isinstance(entry, dict) and entry.get("en") == english and entry.get(lang) else english


def _flow(key: str, value: Any) -> str:
    text = str(yaml.safe_dump({key: value}, default_flow_style=True, allow_unicode=True, width=10_000)).strip()
    return f"`{text.removeprefix('{').removesuffix('}')}`".replace("|", "\\|")
