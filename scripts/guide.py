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

from scripts.escape import markdown_cell
from scripts.paths import SCHEMAS
from scripts.problems import CODES

GENERATED = "<!-- Generated from scripts/schemas/ by scripts/guide.py: edit the schemas, not this file. -->"
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
    ("name_en", True, "Name in English.", "Phnom Penh"),
    ("name_km", False, "Name in Khmer.", "រាជធានីភ្នំពេញ"),
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


def guide() -> str:
    """The "How to update the data" page as Markdown, for docs/guide.md."""
    out = [GENERATED, "", "# How to update the data", "", _INTRO]
    out += ["## The files", "", _FILES, "## Common tasks", "", _TASKS]
    for file, name in YAML_FILES:
        if (SCHEMAS / f"{name}.schema.json").exists():
            out += list(_schema_section(file, name))
    out += list(_text_section())
    out += list(_csv_section("observations/<id>.csv", _OBSERVATIONS_INTRO, OBSERVATION_COLUMNS))
    out += list(_csv_section("geography/provinces.csv", "One row per province.", PROVINCE_COLUMNS))
    out += [_DISCLOSURE, _PERSONAL, _TRAPS]
    out += ["## Common errors and how to fix them", "", _ERRORS_INTRO, "", "| code | what it means |", "| --- | --- |"]
    out += [f"| `{code}` | {markdown_cell(text, markup=True)} |" for code, text in CODES.items()]
    return "\n".join(out).rstrip() + "\n"


def keys(name: str) -> Iterator[tuple[str, dict, bool]]:
    """Every key of schema `name` as (dotted path, its schema, required), in file order."""
    yield from _walk(_load(name), "", True)


# --- sections -----------------------------------------------------------------------------


def _schema_section(file: str, name: str) -> Iterator[str]:
    schema = _load(name)
    yield f"## `{file}`"
    yield ""
    yield markdown_cell(schema.get("description", schema.get("title", "")), markup=True)
    if schema.get("type") == "array":
        yield ""
        yield "The file is a list: each item starts with `- ` and has the keys below."
    yield ""
    yield "| key | required | what it is | made-up example |"
    yield "| --- | --- | --- | --- |"
    for path, node, required in keys(name):
        yield f"| `{path}` | {'yes' if required else ''} | {markdown_cell(_meaning(node), markup=True)} | {_example(path, node)} |"
    yield ""


def _text_section() -> Iterator[str]:
    yield "## Texts in English and Khmer"
    yield ""
    yield (
        markdown_cell(_load("text")["description"], markup=True)
        + " Every key marked *text* above is written like this:"
    )
    yield ""
    yield "```yaml\ntitle:\n  en: Victims rescued\n  km: ជនរងគ្រោះដែលបានជួយសង្គ្រោះ\n  km_reviewed: false\n```"
    yield ""
    yield "| key | required | what it is | made-up example |"
    yield "| --- | --- | --- | --- |"
    for path, node, required in keys("text"):
        yield f"| `{path}` | {'yes' if required else ''} | {markdown_cell(_meaning(node), markup=True)} | {_example(path, node)} |"
    yield ""


def _csv_section(file: str, intro: str, columns: tuple) -> Iterator[str]:
    yield f"## `{file}`"
    yield ""
    yield intro
    yield ""
    yield "| column | required | what it holds | made-up example |"
    yield "| --- | --- | --- | --- |"
    for name, required, meaning, example in columns:
        yield f"| `{name}` | {'yes' if required else ''} | {markdown_cell(meaning, markup=True)} | `{example}` |"
    yield ""


# --- schema walking -----------------------------------------------------------------------


def _load(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def _walk(node: dict, path: str, required: bool) -> Iterator[tuple[str, dict, bool]]:
    if path:
        yield path, node, required
    items = node.get("items")
    if node.get("type") == "array" and isinstance(items, dict) and "properties" in items:
        node, path = items, f"{path}[]" if path else ""
    for key, sub in node.get("properties", {}).items():
        yield from _walk(sub, f"{path}.{key}" if path else key, key in node.get("required", []))


def _meaning(node: dict) -> str:
    text = node.get("description", "")
    if node.get("$ref") == "text.schema.json":
        text = f"*text* (en, and optionally km). {text}"
    elif "enum" in node:
        text += f" One of: {', '.join(str(v) for v in node['enum'])}."
    if "default" in node:
        text += f" Default: {json.dumps(node['default'])}."
    return text


def _example(path: str, node: dict) -> str:
    examples = node.get("examples")
    if not examples:
        return "(a block: see the keys below)" if "properties" in node or node.get("type") == "array" else ""
    key = path.rsplit(".", 1)[-1].removesuffix("[]")
    value: Any = examples[0]
    text = yaml.safe_dump({key: value}, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return f"`{text.removeprefix('{').removesuffix('}')}`".replace("|", "\\|")


# --- fixed prose --------------------------------------------------------------------------

_INTRO = """\
The figures on this site come from files in the `data/` folder of the public repository.
To add or correct a figure, edit one of those files on GitHub (or on your computer), and
open a pull request. Before anything is published, the build checks every file and lists
**every** problem at once, each with the file, the line and what to write instead, e.g.

```
data/observations/example-victims-found.csv:14:18: column "value" has a thousands separator (got "1,234"). Hint: write numbers without separators, e.g. 1234. [thousands-separator]
```

On GitHub the problems also appear on the lines of the pull request. On your computer,
`make validate` runs the same checks in a few seconds. Nothing is published while a
problem remains, and the site already online stays as it was.

Editing in Visual Studio Code with the YAML extension gives autocompletion and marks
mistakes while you type: each YAML file starts with a line naming its schema.

Every example on this page is made up, so that none can be mistaken for a real record: ids
start with `example-`, the publisher is *Example Daily*, and the numbers are invented. Never
copy an example into the data; write what your source says.
"""

_FILES = """\
| file | what it holds |
| --- | --- |
| `site.yml` | site-wide settings: title, country, languages, organisation, licence, disclosure-control threshold |
| `sources.yml` | every publication a figure is read from |
| `geography/provinces.csv` | provinces: codes, names in English and Khmer, borders, population |
| `indicators/<id>.yml` | what one indicator measures (one file per indicator) |
| `observations/<id>.csv` | the figures of that indicator, one row per figure |
| `events.yml` | dated events that charts may mark |
| `commitments.yml` | recommendations and commitments with their dated status |
| `changelog.yml` | the update log: what changed, when and why |

An indicator without an observations file is an error unless it says `published: false`
(then its page says what figure is wanted and who could publish it); an observations file
without an indicator file of the same name is an error too.
"""

_TASKS = """\
**Correct or add a figure.** Change or add its row in `observations/<id>.csv`, then add an
entry at the top of `changelog.yml` naming the indicator and saying what changed and why.
On a pull request, a figure changed without such an entry is reported at the changed row.
The pull request's summary lists every figure it adds, removes or changes (old and new
value, source), and its preview holds screenshots of the changed pages.

**Add an indicator.** Four edits, all under `data/`, and no code:

1. `indicators/<id>.yml`: what it measures (see the keys below); with `update_frequency:
   annual` or `half-yearly`, also `release_lag_months`, so the site knows when the next
   figures are due.
2. `observations/<id>.csv`: its figures, with the columns below.
3. `sources.yml`: the publication the figures come from, if it is not there yet.
4. `changelog.yml`: an entry naming the new indicator.

**When figures are due.** An indicator's page says which period its latest figure covers
and when the figures for the next period are due: the end of that period plus
`release_lag_months`. Once that date has passed, the page, the home page and the data
availability page flag the indicator as overdue. The site is rebuilt every week, so the
flag appears without anyone committing; no date is expected for `irregular` sources.
"""

_OBSERVATIONS_INTRO = """\
The figures of one indicator, one figure per row. The first row names the columns. Save
from Excel as **CSV UTF-8 (Comma delimited)**: other encodings and semicolons are refused
with a clear message. Two rows may not share the same period, geography, series and
breakdown.
"""

_DISCLOSURE = """\
## Disclosure control: small counts of persons

An indicator of persons (`counts: persons`: victims, suspects, people convicted) is
`sensitive: true`. Saying `sensitive: false` for one needs a `sensitive_exception` with its
reason, which every build prints so that reviewers see it. For a sensitive indicator, a count
from 1 to *k* − 1 (*k* is `disclosure_threshold` in `site.yml`: 10 unless set; it may be
raised, never lowered) for a province or in any breakdown must be entered with
`status: suppressed` and an **empty** value. The repository is public, so such a number must
never be written down, not even in a pull request or a note ("3 of them in Kep"; years,
references such as Table 2, lengths of time and published figures are fine). Only the
undisaggregated national total is exempt. Readers see "fewer than *k*".

Hiding one cell is not enough when the others give it away, and a cell marked
`not-available`, or simply left out, is treated the same as a suppressed one. The build works
out, exactly, what every published figure tells a reader: a total and its breakdown or its
provinces, shorter periods inside a longer one, an indicator that counts part of the same
persons (`part_of`), rates (which need a population for their place) and percentages of a
count (7% of 57 is 4). A suppressed cell must not be pinned to one value; any other cell
that is not published must not be shown to be from 1 to *k* − 1, not even as "at most 4".
The build names the lines that give a cell away: suppress one more of them (the smallest) or
the total, or enter the cell as suppressed. A breakdown whose values do not cover everything
its total counts (other countries) says `complete: false`. A table too intertwined to check
within a few seconds is refused, never published unchecked.
"""

_PERSONAL = """\
## No personal data

Only counts are published. The build rejects columns that would hold personal data
(names, ID, passport or case numbers, dates of birth, addresses, villages, communes,
shelters, phone numbers), files shaped like a list of people, places finer than a
province, notes longer than 500 characters, and notes that look like facts about one
person: an exact date, an age ("aged 14"), a case or phone number.
"""

_TRAPS = """\
## YAML and spreadsheet traps

- **Quote text that YAML would read as something else.** `no`, `yes`, `on`, `off` are read
  as true or false (`code: NO` is not Norway), `010` is read as the number 8, and
  `2019-03-01` as a date. Write `code: "NO"`, `id: "010"`, `published: "2019-03-01"`.
- **Indent with spaces, never tabs**, and do not repeat a key in the same block: YAML
  would silently keep only the last one.
- **Put text containing `: ` or ` #` in quotes**.
- **Numbers in CSV are digits only**: `1234`, not `1,234`; `12.5`, not `12,5`. A count is
  a whole number. For a missing figure leave `value` empty and set `status`; do not write
  `N/A` or `-`.
- **No cell may start with `=`, `+`, `-` or `@`**: spreadsheets run such cells as formulas.
"""

_ERRORS_INTRO = """\
Every problem ends with its code in brackets, e.g. `[small-count]`."""
