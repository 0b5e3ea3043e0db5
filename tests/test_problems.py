"""What editors are told: one line per problem, GitHub annotations and the job summary."""

from __future__ import annotations

import ast
from pathlib import Path
from string import Formatter

import pytest
import yaml

from scripts import problems
from scripts.problems import (
    CATALOGUE,
    CODES,
    Place,
    Problem,
    emit,
    github_annotations,
    in_column,
    languages_of,
    languages_with_words,
    problem,
    quote,
    report,
    step_summary,
)

P = Problem("data/observations/cases.csv", 14, 18, "thousands-separator", 'column "value" has a thousands separator',
            "write numbers without separators, e.g. 1234", got="1,234")  # fmt: skip


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (P, 'data/observations/cases.csv:14:18: column "value" has a thousands separator (got "1,234"). '
            "Hint: write numbers without separators, e.g. 1234. [thousands-separator]"),
        (Problem("data/site.yml", 3, 0, "missing-key", "no title", "add title:"),
         "data/site.yml:3: no title. Hint: add title:. [missing-key]"),
        (Problem("data/sources.yml", 0, 0, "missing-file", "the data folder has no sources.yml"),
         "data/sources.yml: the data folder has no sources.yml. [missing-file]"),
        (Problem("data/x.yml", 2, 5, "unknown-key", "a key", "did you mean \"chart\"?", got=""),
         'data/x.yml:2:5: a key (got ""). Hint: did you mean "chart"? [unknown-key]'),
    ],
)  # fmt: skip
def test_str(problem: Problem, text: str) -> None:
    assert str(problem) == text


@pytest.mark.parametrize(
    ("value", "shown"),
    [("12,5", '"12,5"'), ("a\tb", '"a\\tb"'), ('say "x"', '"say \\"x\\""'), ("x" * 70, '"' + "x" * 57 + '..."'),
     ("\ufeffid", '"\\ufeffid"'), ("ខ្មែរ", '"ខ្មែរ"')],
)  # fmt: skip
def test_quote(value: str, shown: str) -> None:
    assert quote(value) == shown


def test_report_counts_each_problem_once() -> None:
    text = report([P, P, Problem("a.csv", 1, 0, "csv-empty", "empty")])
    assert text.splitlines()[0].startswith("a.csv:1: empty.")
    assert text.splitlines()[-1] == "2 problem(s) found; nothing was built. Fix them and run again."


def test_annotation_escapes_properties_and_data() -> None:
    p = Problem("data/a,b:c.csv", 2, 3, "formula", "50% of\nit", "fix: it")
    assert github_annotations([p]) == (
        "::error file=data/a%2Cb%3Ac.csv,line=2,col=3,title=formula::50%25 of%0Ait. Hint: fix: it"
    )


def test_annotations_stop_at_ten_and_say_how_many_more() -> None:
    problems = [Problem("data/a.csv", line, 0, "missing-value", "empty") for line in range(1, 14)]
    lines = github_annotations(problems).splitlines()
    assert len(lines) == 10
    assert lines[-1].endswith("(and 3 more problems: see the job summary)")
    assert "col=" not in lines[0]


def test_step_summary_is_a_safe_table() -> None:
    p = Problem("data/a.csv", 2, 0, "formula", "a | b <script> [x](javascript:y)", "x")
    summary = step_summary([p, p])
    assert summary.startswith("## 1 problem(s) in the data")
    # Markdown that GitHub renders as the text itself: no column break, no markup, no link.
    assert "| `data/a.csv:2` | a \\| b &lt;script&gt; \\[x\\](javascript:y). Hint: x | `formula` |" in summary


def test_emit_in_github_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    text = emit([P])
    assert text.startswith("::error file=data/observations/cases.csv,line=14,col=18,title=thousands-separator::")
    assert str(P) in text
    assert "thousands-separator" in summary.read_text()


def test_emit_outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert "::error" not in emit([P])


def test_codes_are_explained() -> None:
    assert all(text.endswith(".") for text in CODES.values())


def _constants_passed(callee: str, position: int) -> set[tuple[str, str]]:
    """(file, text) for every constant string scripts/ passes to `callee` at `position` (or as code=)."""
    found = set()
    scripts = Path(__file__).resolve().parent.parent / "scripts"
    for path in sorted(scripts.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _name(node.func) != callee:
                continue
            # Problem(path, *at(...), code, ...): a starred argument stands for line and column.
            slot, candidates = 0, [kw.value for kw in node.keywords if kw.arg == "code"]
            for arg in node.args:
                if slot == position and not isinstance(arg, ast.Starred):
                    candidates.append(arg)
                slot += 2 if isinstance(arg, ast.Starred) else 1
            # A key chosen by a condition ("a" if x else "b") names both.
            while any(isinstance(arg, ast.IfExp) for arg in candidates):
                candidates = [
                    c for arg in candidates for c in ((arg.body, arg.orelse) if isinstance(arg, ast.IfExp) else (arg,))
                ]
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add((path.relative_to(scripts).as_posix(), arg.value))
    return found


def _name(func: ast.expr) -> str:
    """The name a call is made by: problem(...), or self._problem(...)."""
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def test_every_code_in_the_source_is_explained() -> None:
    # Problem(path, line, column, code, ...) where a module writes its own (OWN_TEXT), and problem("code/variant", ...).
    codes = {(f, key.partition("/")[0]) for f, key in _constants_passed("Problem", 3) | _constants_passed("problem", 0)}
    assert len(codes) > 60
    assert sorted((f, c) for f, c in codes if c not in CODES) == []


def test_every_key_raised_has_its_words() -> None:
    """A key passed to problem() ("code" or "code/variant") has a message and hint in the catalogue."""
    # problem(key, ...); load.py's own ways to raise one: self._problem(node, key, ...) and _CsvError(line, column, key).
    keys = _constants_passed("problem", 0) | _constants_passed("_problem", 1) | _constants_passed("_CsvError", 2)
    assert len(keys) > 60 and ("load.py", "csv-syntax/unclosed") in keys and ("load.py", "yaml-key") in keys
    words = {f"{code}/{variant}".removesuffix("/") for code, entry in CATALOGUE.items() for variant in entry.says}
    assert sorted((f, key) for f, key in keys if key not in words) == []


def test_templates_name_only_values_and_the_place() -> None:
    """Every template formats with the place and values alone: no stray brace, no positional field."""
    for code, entry in CATALOGUE.items():
        for variant, (message, hint) in entry.says.items():
            for template in (message, hint):
                fields = [name for _, name, _, _ in Formatter().parse(template) if name is not None]
                assert all(name.isidentifier() for name in fields), (code, variant, template)


def test_problem_fills_in_the_templates() -> None:
    p = problem("duplicate-id", Place("data/sources.yml", 11, 7, "[1].id"), what="source", id="x", first=3)
    assert (
        str(p)
        == 'data/sources.yml:11:7: the source id "x" is used twice (first on line 3). Hint: give each one its own id. [duplicate-id]'
    )
    p = problem("missing-value/locator", Place("data/a.csv", 2, 56, in_column("locator")))
    assert p.message == 'column "locator" is empty: every figure needs a locator' and p.code == "missing-value"


# --- in the site's other languages ----------------------------------------------------------

KM_SEPARATOR = problem(
    "thousands-separator", Place("data/observations/cases.csv", 14, 18, in_column("value")), got="1,234"
)


def test_a_problem_is_told_in_khmer_under_the_english_line() -> None:
    lines = report([KM_SEPARATOR], ("km",)).splitlines()
    assert lines[0] == str(KM_SEPARATOR)  # the English line as it always was, location first
    assert (
        lines[1] == '  km: ជួរឈរ "value" មានសញ្ញាបំបែកខ្ទង់ពាន់ (បានសរសេរ "1,234")។ ការណែនាំ៖ សរសេរលេខដោយគ្មានសញ្ញាបំបែក ឧ. 1234។'
    )
    assert len(lines) == 3


def test_without_words_in_a_language_only_english_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    assert report([KM_SEPARATOR], ("xx",)) == report([KM_SEPARATOR])  # a language with no words at all
    lacking = problems.Words("km", {"thousands-separator": problems.Code("ម.", {"other": ("x", "")})})
    monkeypatch.setattr(problems, "words", lambda lang: lacking)
    assert KM_SEPARATOR.said_in("km") is None  # its variant is missing: English alone, silently
    assert report([KM_SEPARATOR], ("km",)) == report([KM_SEPARATOR])


def test_a_problem_with_a_text_of_its_own_is_explained_by_its_meaning() -> None:
    p = Problem("data/observations/victims.csv", 3, 0, "small-count", "a count of 3 persons in KH-1")
    assert p.said_in("km") == "ចំនួនមនុស្សពី 1 ដល់ k-1 ក្រោមថ្នាក់ជាតិ ឬក្នុងការបែងចែកមួយ៖ សូមបញ្ចូលវាជា suppressed។"


def test_a_hint_a_language_lacks_is_given_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    lacking = problems.Words("km", {"thousands-separator": problems.Code("", {"": ("{where} ខុស", "")})}, stop="។")
    monkeypatch.setattr(problems, "words", lambda lang: lacking)
    assert KM_SEPARATOR.said_in("km") == (
        'column "value" ខុស (got "1,234")។ Hint: write numbers without separators, e.g. 1234។'
    )


def test_hostile_values_stay_escaped_in_every_language() -> None:
    hostile = problem("not-a-number", Place("data/a.csv", 2, 3, in_column("a|b<script>")), got="1\n::error::x")
    text = report([hostile], ("km",))
    assert len(text.splitlines()) == 3 and "\n::error" not in text  # no line of its own for a workflow command
    assert "  km: ជួរឈរ " in text and "\\n::error" in text
    summary = step_summary([hostile], ("km",))
    assert "| where | problem | km | code |" in summary
    assert "a\\|b&lt;script&gt;" in summary.split("មិនមែនជាលេខទេ")[0] and "<script>" not in summary
    annotation = github_annotations([hostile], languages=("km",))
    assert annotation.count("\n") == 0 and "%0Akm: " in annotation


def test_translated_words_name_only_values_the_english_ones_do() -> None:
    """A translation fills in with the values its English is given: no placeholder that the
    English message and hint of the same variant both lack."""
    for lang in languages_with_words():
        own = problems.words(lang)
        assert own is not None
        for code, entry in own.codes.items():
            assert set(entry.says) <= set(CATALOGUE[code].says), (lang, code)
            for variant, pair in entry.says.items():
                given = {"where"} | {
                    n for t in CATALOGUE[code].says[variant] for _, n, _, _ in Formatter().parse(t) if n
                }
                for template in pair:
                    fields = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
                    assert fields <= given, (lang, code, variant, template)


def test_translated_words_are_for_codes_that_exist() -> None:
    """A code or variant misspelt in a language's words would be silently never used."""
    for lang in languages_with_words():
        raw = yaml.safe_load((problems.WORDS / f"{lang}.yml").read_text(encoding="utf-8"))
        for code, entry in raw.items():
            if code.startswith("_"):
                continue
            assert code in CATALOGUE, (lang, code)
            variants = {k for k, v in entry.items() if isinstance(v, dict)}
            assert variants <= set(CATALOGUE[code].says), (lang, code, variants)


@pytest.mark.parametrize(
    ("site", "languages"),
    [("languages: [en, km]\n", ("km",)), ("languages: [en]\n", ()), ("languages: [km, en]\n", ("km",)),
     ("languages: [fr, en]\n", ("fr",)), ("title: [unclosed\n", ("fr", "km")), ("languages: 7\n", ("fr", "km"))],
)  # fmt: skip
def test_editors_are_told_in_their_site_languages(tmp_path: Path, site: str, languages: tuple[str, ...]) -> None:
    (tmp_path / "site.yml").write_text(site, encoding="utf-8")
    assert languages_of(tmp_path) == languages  # a site.yml that cannot be read: every language with words


def test_the_translations_page_counts_the_problem_words() -> None:
    from scripts.build import check
    from scripts.translations import coverage
    from tests.conftest import DATA

    rows = {row.name: row for row in coverage(check(DATA)).rows}
    words_row = rows["scripts/locale/codes/km.yml"]
    assert 0 < words_row.translated <= words_row.texts and words_row.reviewed == 0  # written here, not reviewed
    assert words_row.texts == problems.coverage("xx")[0] and problems.coverage("xx")[1] == 0
    guide_row = rows["scripts/locale/schemas/km.yml"]
    assert 0 < guide_row.translated <= guide_row.texts and guide_row.reviewed == 0


def test_english_words_a_check_fills_in_are_said_in_khmer_too() -> None:
    """ "at least" and a key's description (the hint of many schema problems) are given in Khmer."""
    from scripts.schema import schema

    about = schema("site")["properties"]["disclosure_threshold"]["description"]
    p = problem("out-of-range", Place("data/site.yml", 53, 23, '"disclosure_threshold"'), "5", words="at least",
                limit=10, about=about)  # fmt: skip
    assert p.said_in("km") == (
        '"disclosure_threshold" ត្រូវតែយ៉ាងតិច 10 (បានសរសេរ "5")។ ការណែនាំ៖ k៖ ចំនួនមនុស្សពី 1 ដល់ k-1 ក្រោមថ្នាក់ជាតិ '
        "ត្រូវតែបញ្ចូលជា suppressed។ 10 លុះត្រាតែបានកំណត់ផ្សេង។ វាអាចត្រូវបានដំឡើង ប៉ុន្តែមិនដែលបន្ថយទេ។"
    )
    unknown = problem("out-of-range", Place("data/site.yml", 1, 1, '"x"'), "5", words="at least", limit=1, about="New.")
    assert unknown.said_in("km") == '"x" ត្រូវតែយ៉ាងតិច 1 (បានសរសេរ "5")។ ការណែនាំ៖ New.'  # an untranslated value as it is


@pytest.mark.parametrize("lang", ["km", "fr"])
def test_every_code_has_words_in_each_language_that_has_them(lang: str) -> None:
    """Every meaning, message and hint of codes.yml is said in each language with problem words:
    a code added in English without them would tell that language's editors in English only."""
    assert problems.untranslated(lang) == []


def test_codes_without_words_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(problems.untranslated("xx")) == problems.coverage("xx")[0]  # a language with none: every text
    lacking = problems.Words("km", {"thousands-separator": problems.Code("ម.", {"": ("{where} x", "")})})
    monkeypatch.setattr(problems, "words", lambda lang: lacking)
    missing = problems.untranslated("km")
    assert "thousands-separator:hint" in missing and "thousands-separator:meaning" not in missing
    assert "thousands-separator:message" not in missing and "decimal-comma/count:message" in missing


# The modules whose problems are still written in English in the code (Problem(...), not
# problem("code/variant", ...) with words in codes.yml): their editors would read them in English
# only, each language's line giving only the code's meaning. None is left; the list only shrinks.
OWN_TEXT: list[str] = []


def _modules_writing_their_own_problems() -> list[str]:
    """Every module of scripts/ that writes a Problem(path, line, column, code, message, ...) itself,
    less problems.py (which fills in templates); Problem(**fields), a problem read back from the
    build cache (audit.py), writes none."""
    scripts = Path(__file__).resolve().parent.parent / "scripts"
    found = set()
    for path in sorted(scripts.rglob("*.py")):
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Problem" and n.args:
                found.add(path.relative_to(scripts).as_posix())
    return sorted(found - {"problems.py"})


def test_problems_are_written_in_english_only_where_listed() -> None:
    """A new problem in a module outside OWN_TEXT must have its words in codes.yml (and so in every
    language with problem words); a module whose problems all have theirs leaves the list."""
    assert _modules_writing_their_own_problems() == OWN_TEXT
