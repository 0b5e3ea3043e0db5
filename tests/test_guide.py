"""The editors' guide documents every key and column, its page of problems every problem code, and both render cleanly."""

from __future__ import annotations

import functools
import re

import markdown
import pytest

from scripts import guide as guide_module
from scripts import records, schema
from scripts.build import check
from scripts.guide import keys
from scripts.pages import page
from scripts.problems import CODES
from tests.conftest import DATA, KESTRIA

SCHEMAS = sorted(p.name.removesuffix(".schema.json") for p in schema.SCHEMAS.glob("*.schema.json"))
KEYS = [(name, path, node) for name in SCHEMAS for path, node, _ in keys(name)]


@functools.cache
def guide() -> str:
    """The guide page (guide.md.j2, its tables from scripts/guide.py) as the build writes it."""
    return page("guide.md", check(DATA))


@functools.cache
def problems(lang: str = "") -> str:
    """The page of problems (problems.md.j2, at /guide/problems/) as the build writes it."""
    return page("guide/problems.md", check(DATA), lang)


def _row(code: str) -> str:
    """How a code's row starts on the page of problems: the code, its own anchor."""
    return f'| <code id="{code}">{code}</code> |'


@pytest.mark.parametrize(("name", "path", "node"), KEYS, ids=[f"{n}:{p}" for n, p, _ in KEYS])
def test_every_key_is_documented(name: str, path: str, node: dict) -> None:
    assert node.get("description", "").strip(), f"{name}.schema.json: {path} has no description"
    container = "properties" in node or "properties" in node.get("items", {})
    assert container or node.get("examples"), f"{name}.schema.json: {path} has no example"


def test_every_key_is_in_the_guide() -> None:
    text = guide()
    for name, path, _ in KEYS:
        assert f"| `{path}` |" in text, f"{name}: {path} is missing from the guide"


@pytest.mark.parametrize(
    ("documented", "checked"),
    [
        (
            guide_module.OBSERVATION_COLUMNS,
            (*records.OBSERVATION_COLUMNS, *records.OBSERVATION_OPTIONAL, "<dimension>", "note_<lang>"),
        ),
        (
            guide_module.REVISION_COLUMNS,
            (*records.REVISION_COLUMNS, *records.REVISION_OPTIONAL, "<dimension>", "note_<lang>"),
        ),
        (guide_module.PROVINCE_COLUMNS, (*records.PROVINCE_COLUMNS, "name_<lang>")),
    ],
)
def test_every_column_is_documented(documented: tuple, checked: tuple) -> None:
    assert sorted(name for name, *_ in documented) == sorted(checked)


def test_every_problem_code_is_explained_on_the_page_of_problems() -> None:
    text = problems()
    assert [code for code in CODES if _row(code) not in text] == []
    assert f"{_row('thousands-separator')} {CODES['thousands-separator']} |" in text  # with what it means
    body = markdown.markdown(text, extensions=["tables", "fenced_code", "meta"])
    assert body.count("<table>") == 1 and body.count("<tr>") == len(CODES) + 1


def test_the_guide_sends_editors_to_the_page_of_problems() -> None:
    """The catalogue moved to a page of its own: the guide's section of it stays, under its old heading
    (so its old anchor still leads there), and links to that page."""
    section = guide().split("## Common errors and how to fix them\n", 1)[1]
    assert "[Problems the build reports](guide/problems.md)" in section
    assert "| `thousands-separator` |" not in guide()  # the catalogue is no longer on the guide itself
    assert "[How to update the data](../guide.md)" in problems()  # and its page links back


def test_guide_renders_without_stray_html() -> None:
    body = markdown.markdown(guide(), extensions=["tables", "fenced_code"])
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", body))
    assert tags <= {"h1", "h2", "p", "pre", "code", "table", "thead", "tbody", "tr", "th", "td", "em", "strong", "ul", "ol",
                    "li", "a"}, tags  # fmt: skip
    assert body.count("<table>") == len(guide_module.YAML_FILES) + 5


# --- in the site's other languages -----------------------------------------------------------


@functools.cache
def khmer_guide() -> str:
    """The guide page in Khmer, as the build writes guide.km.md."""
    return page("guide.md", check(DATA), "km")


def test_the_khmer_guide_is_written_in_khmer() -> None:
    text = khmer_guide()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# របៀបធ្វើបច្ចុប្បន្នភាពទិន្នន័យ"
    prose = [h for h in headings if "`" not in h]  # the others name a file
    assert len(prose) >= 7 and all(re.search("[\u1780-\u17ff]", h) and "untranslated" not in h for h in prose), prose
    assert "| `title` | បាទ/ចាស | *text* (en ហើយ km ប្រសិនបើមាន)។ ឈ្មោះគេហទំព័រ" in text  # a schema's description
    assert "| `status` | បាទ/ចាស | reported (ដូចដែលបានផ្សព្វផ្សាយ)" in text  # a column's meaning
    assert '  km: ជួរឈរ "value" មានសញ្ញាបំបែកខ្ទង់ពាន់' in text  # the example shows the Khmer line


def test_the_khmer_guide_documents_every_key_and_code_too() -> None:
    text = khmer_guide()
    assert [f"{n}:{p}" for n, p, _ in KEYS if f"| `{p}` |" not in text] == []
    body = markdown.markdown(text, extensions=["tables", "fenced_code"])
    assert body.count("<table>") == len(guide_module.YAML_FILES) + 5
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", body))
    # As in English, and span: English not yet translated, marked as such.
    allowed = {"h1", "h2", "p", "pre", "code", "table", "thead", "tbody", "tr", "th", "td", "em", "strong", "ul", "ol",
               "li", "span", "a"}  # fmt: skip
    assert tags <= allowed, tags
    # Its section on errors links to the Khmer page of problems, which lists every code in Khmer.
    assert "[បញ្ហាដែលការកសាងរាយការណ៍](guide/problems.md)" in text.split("## កំហុសទូទៅ និងរបៀបកែ\n", 1)[1]
    listed = problems("km")
    assert [code for code in CODES if _row(code) not in listed] == []
    assert f"{_row('thousands-separator')} លេខដែលសរសេរដោយមានសញ្ញាបំបែកខ្ទង់ពាន់" in listed  # a code's meaning
    assert "# បញ្ហាដែលការកសាងរាយការណ៍\n" in listed and 'class="untranslated"' not in listed


def test_a_description_changed_since_its_translation_is_shown_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """A translation written for other English would describe another contract: the English is shown, marked."""
    stale = {"site": {"title": {"en": "The site's old name.", "km": "ឈ្មោះចាស់"}}}
    monkeypatch.setattr(guide_module, "_schema_words", lambda lang: stale)
    text = page("guide.md", check(DATA), "km")
    row = next(line for line in text.splitlines() if line.startswith("| `title` |"))
    assert "ឈ្មោះចាស់" not in row
    assert '<span class="untranslated" lang="en"' in row and "The site's name, shown in the header" in row


def test_the_khmer_guide_page_is_a_khmer_page(built_site) -> None:
    html = (built_site / "km" / "guide" / "index.html").read_text(encoding="utf-8").replace("\u200b", "")
    assert re.search(r'<html[^>]* lang="km"', html)
    assert re.search(r"<h1[^>]*>របៀបធ្វើបច្ចុប្បន្នភាពទិន្នន័យ", html)
    assert "translation_pending" not in html and "មិនទាន់មានជាភាសានេះ" not in html  # no longer an English page
    english = (built_site / "guide" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]* lang="en"', english) and re.search(r"<h1[^>]*>How to update the data", english)


@pytest.mark.parametrize("prefix", ["", "km/"])
def test_the_page_of_problems_is_built_beside_the_guide_in_every_language(built_site, prefix: str) -> None:
    """/guide/problems/ (and /km/guide/problems/): every code with an anchor a message's [code] can be
    looked up by, reached from the guide's section on errors, whose old anchor still leads there."""
    guide_html = (built_site / prefix / "guide" / "index.html").read_text(encoding="utf-8")
    html = (built_site / prefix / "guide" / "problems" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<html[^>]* lang="{prefix.rstrip("/") or "en"}"', html)
    assert [code for code in CODES if f'<code id="{code}">{code}</code>' not in html] == []
    last = guide_html.rsplit("<h2 ", 1)[1]  # the guide's last section: errors, with a link to the page
    assert re.search(r'<a href="problems/">', last)
    if not prefix:
        assert last.startswith('id="common-errors-and-how-to-fix-them"')


def test_the_khmer_guide_lists_the_files_in_the_sites_own_words() -> None:
    # A country whose first-level areas are districts (ស្រុក): the table of files says so, and
    # names the languages the site's names are written in, not always English and Khmer.
    from dataclasses import replace

    from scripts.model import Text

    data = check(DATA)
    data = replace(data, site=replace(data.site, subdivision_plural=Text("districts", (("km", "ស្រុក"),))))
    text = page("guide.md", data, "km")
    assert "| `geography/provinces.csv` | ស្រុក៖ កូដ ប្រភេទ ឈ្មោះជាភាសាអង់គ្លេស និង ខ្មែរ ព្រំដែន" in text
    assert "| `geography/groups.yml` | មិនចាំបាច់៖ ក្រុមស្រុកដែលមានឈ្មោះ" in text
    assert "## អត្ថបទជាភាសាអង់គ្លេស និង ខ្មែរ" in text


def test_the_khmer_guide_shows_a_problem_as_the_build_tells_it() -> None:
    """The example at the top of the Khmer guide is what --check prints, English line and Khmer line."""
    from scripts.i18n import load_strings
    from scripts.problems import Place, in_column, problem, report

    shown = load_strings("km")["guide.intro"].split("```\n")[1].rstrip("\n").splitlines()
    example = problem("thousands-separator", Place(shown[0].split(":")[0], 14, 18, in_column("value")), got="1,234")
    assert shown == report([example], ("km",)).splitlines()[:2]


# --- in French, the first language of tests/fixtures/kestria ------------------------------------


@functools.cache
def french_guide() -> str:
    """The guide page of a site in French first (its default page, at /guide/)."""
    return page("guide.md", check(KESTRIA))


def test_the_french_guide_is_written_in_french() -> None:
    text = french_guide()
    assert 'class="untranslated"' not in text  # every description, column, text key and code in French
    assert "| `title` | oui | *text* (fr, et éventuellement en). Le nom du site, affiché dans l'en-tête" in text
    assert "| `fr` | oui | Le texte en français, la première langue du site" in text  # a text's keys
    assert "| `note_<lang>` |  | La note dans une autre des langues du site" in text  # a column's meaning
    codes = page("guide/problems.md", check(KESTRIA))
    assert 'class="untranslated"' not in codes
    assert f"{_row('thousands-separator')} Un nombre écrit avec des séparateurs de milliers" in codes  # a code's
    assert '  fr: colonne "value" a un séparateur de milliers' in text  # the example shows the French line


def test_the_french_guide_lists_every_data_file() -> None:
    files = [line.split("`")[1] for line in french_guide().splitlines() if line.startswith("| `") and " | " in line]
    assert {"geography/groups.yml", "revisions/<id>.csv", "changelog.yml"} <= set(files)
    assert "| `geography/provinces.csv` | provinces : codes, type, noms en français et anglais" in french_guide()


def test_the_french_guide_gives_french_examples() -> None:
    text = french_guide()
    assert "| `title: {fr: Données d'exemple sur la lutte contre la traite}` |" in text  # a text, under fr
    assert "| `publisher: Le Quotidien d'exemple` |" in text  # a source's name
    assert "| `Exemple : paragraphe sur les affaires de 2018` |" in text  # a column
    # A note_<lang> column's example is a note in another language: in English on the French page.
    others = text.replace("`Example: 1250 (2019) minus", "").replace("`Example: a preliminary figure`", "")
    assert "Example Daily" not in text and "Example:" not in others
    # The English page of the same site: a text's example is French, the first language's key;
    # a source's name is in the page's language.
    english = page("guide.md", check(KESTRIA), "en")
    assert "| `title: {fr: Données d'exemple sur la lutte contre la traite}` |" in english
    assert "| `publisher: Example Daily` |" in english


def test_an_example_whose_english_changed_is_shown_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    stale = {"_examples": {"sources": {"publisher": {"en": "Old Daily", "fr": "Le Vieux Quotidien"}}}}
    monkeypatch.setattr(guide_module, "_schema_words", lambda lang: stale)
    assert "| `publisher: Example Daily` |" in page("guide.md", check(KESTRIA))


def test_the_french_guide_shows_a_problem_as_the_build_tells_it() -> None:
    from scripts.i18n import load_strings
    from scripts.problems import Place, in_column, problem, report

    shown = load_strings("fr")["guide.intro"].split("```\n")[1].rstrip("\n").splitlines()
    example = problem("thousands-separator", Place(shown[0].split(":")[0], 14, 18, in_column("value")), got="1,234")
    assert shown == report([example], ("fr",)).splitlines()[:2]


@pytest.mark.parametrize(("lang", "languages"), [("km", ("en", "km")), ("fr", ("fr", "en"))])
def test_every_cell_of_the_guide_is_translated(lang: str, languages: tuple[str, ...]) -> None:
    """Each schema description, column and text key has words in `lang` written for today's English:
    a description changed in English and not here would show English on that language's guide."""
    assert guide_module.untranslated(lang, languages) == []


def test_cells_whose_english_changed_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    stale = {"site": {"title": {"en": "The site's old name.", "fr": "Ancien nom"}}}
    monkeypatch.setattr(guide_module, "_schema_words", lambda lang: stale)
    missing = guide_module.untranslated("fr", ("fr", "en"))
    assert "site:title" in missing and "text:fr" in missing and "geography/provinces.csv:code" in missing
