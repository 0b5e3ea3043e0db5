"""What editors are told: located problems with stable codes, collected and reported at once.

Every problem reads `path:line[:column]: what is wrong (got "value"). Hint: what would be
right. [code]`. The code is stable: tests assert on it and the editors' page of problems
(/guide/problems/#<code>) explains it.

Editors who read another of the site's languages are told in it too: the same words in
scripts/locale/codes/<lang>.yml (shaped like codes.yml) give each problem a second line,
`  <lang>: ...`, under the English one, which stays as it is. A problem whose words a language
lacks has no line in it; one raised with a text of its own gets its code's meaning.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from scripts.escape import actions_data, actions_line, actions_property, markdown_cell, markdown_code
from scripts.i18n import locale
from scripts.model import Text
from scripts.paths import LOCALES


@dataclass(frozen=True)
class Code:
    """What a problem code means in an editor's words, and what each check that raises it says."""

    meaning: str
    says: dict[str, tuple[str, str]] = field(default_factory=dict)  # variant ("" or a name) -> (message, hint)

    @classmethod
    def of(cls, entry: dict[str, Any]) -> Code:
        """Read one entry of codes.yml: its meaning, message and hint, and variants with their own."""
        variants = {"": entry, **{k: v for k, v in entry.items() if isinstance(v, dict)}}
        return cls(
            str(entry.get("meaning", "")),
            {k: (v["message"], v.get("hint", "")) for k, v in variants.items() if "message" in v},
        )


# Every problem code, its meaning and its words, from codes.yml: the editors' page of problems
# (/guide/problems/, beside the guide) lists the meanings; a test fails when code raises a code, or a variant, missing there.
CATALOGUE_FILE = Path(__file__).with_name("codes.yml")
# libyaml's parser where PyYAML has it: the same document, read in a tenth of the time.
_CATALOGUE = yaml.load(CATALOGUE_FILE.read_text(encoding="utf-8"), getattr(yaml, "CSafeLoader", yaml.SafeLoader))
CATALOGUE: dict[str, Code] = {code: Code.of(entry) for code, entry in _CATALOGUE.items() if not code.startswith("_")}
# Parts of a message that a check puts together from what it found (which lines add up to a
# count, what else to suppress): templates by name, filled in as Phrase values (codes.yml's _phrases).
PHRASES: dict[str, str] = {str(k): str(v) for k, v in _CATALOGUE.get("_phrases", {}).items()}
CODES: dict[str, str] = {code: entry.meaning for code, entry in CATALOGUE.items()}
# The same words in other languages, one file each; keys starting with "_" are its settings
# (_reviewed, and how a line says "got" and "Hint:").
WORDS = LOCALES / "codes"


@dataclass(frozen=True)
class Words:
    """The problem words of one language other than English: any code may be missing."""

    lang: str
    codes: dict[str, Code]
    reviewed: bool = False
    got: str = "got"
    hint: str = "Hint:"
    stop: str = "."  # how a sentence ends
    # Values that checks fill in as English words ("a whole number", a key's description), by
    # the name of the value: {name: {English: this language}}. Others are shown as they are.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    phrases: dict[str, str] = field(default_factory=dict)  # codes.yml's _phrases in this language


@dataclass(frozen=True)
class Phrase:
    """A part of a problem's words that a check puts together (the total on line 2 minus the sex
    values on line 3): a template of codes.yml's _phrases, filled in with values that may be
    phrases or tuples (a list, joined as each language joins one), and said in each language."""

    name: str
    values: tuple[tuple[str, object], ...] = ()

    def said(self, lang: str = "en") -> str:
        """The phrase in `lang`, in English where its words lack it."""
        own = words(lang) if lang != "en" else None
        template = (own.phrases.get(self.name) if own else None) or PHRASES[self.name]
        table = own.values if own else {}
        return template.format(**{n: _said(v, lang, table.get(n, {})) for n, v in self.values})

    def __str__(self) -> str:
        return self.said()


def phrase(name: str, /, **values: object) -> Phrase:
    """The phrase `name` of codes.yml's _phrases, to be filled in with `values` in each language."""
    return Phrase(name, tuple(values.items()))


def in_column(name: str) -> Phrase:
    """A CSV column as a problem names it: column "value", colonne "value" ..."""
    return phrase("in-column", name=name)


@cache
def words(lang: str) -> Words | None:
    """The problem words of `lang` (scripts/locale/codes/<lang>.yml), None when it has none."""
    loaded = _yaml(WORDS / f"{lang}.yml")
    if not loaded:
        return None
    codes = {code: Code.of(entry) for code, entry in loaded.items() if not code.startswith("_") and code in CATALOGUE}
    values = {
        str(name): {str(k): str(v) for k, v in table.items()} for name, table in loaded.get("_values", {}).items()
    }
    values["about"] = _descriptions(lang) | values.get("about", {})
    phrases = {str(k): str(v) for k, v in loaded.get("_phrases", {}).items() if k in PHRASES}
    return Words(lang, codes, bool(loaded.get("_reviewed")), str(loaded.get("_got", "got")),
                 str(loaded.get("_hint", "Hint:")), str(loaded.get("_stop", ".")), values, phrases)  # fmt: skip


def coverage(lang: str) -> tuple[int, int, int]:
    """(texts, translated, reviewed) of the problem words in `lang`: every meaning, message, hint
    and phrase of codes.yml, for the translations page."""
    own = words(lang)
    texts = translated = 0
    for code, entry in CATALOGUE.items():
        theirs = own.codes.get(code) if own else None
        texts += 1
        translated += bool(theirs and theirs.meaning)
        for variant, said in entry.says.items():
            for i, english in enumerate(said):
                texts += bool(english)
                translated += bool(english and theirs and variant in theirs.says and theirs.says[variant][i])
    texts += len(PHRASES)
    translated += sum(bool(own and own.phrases.get(name)) for name in PHRASES)
    return texts, translated, translated if own and own.reviewed else 0


def untranslated(lang: str) -> list[str]:
    """Every meaning, message and hint of codes.yml that `lang` has no words for, as
    code[/variant]:part, so that a test names what a translator still has to write."""
    own = words(lang)
    missing = []
    for code, entry in CATALOGUE.items():
        theirs = own.codes.get(code) if own else None
        if not (theirs and theirs.meaning):
            missing.append(f"{code}:meaning")
        for variant, said in entry.says.items():
            key = f"{code}/{variant}".removesuffix("/")
            for part, english in zip(("message", "hint"), said, strict=True):
                if english and not (theirs and variant in theirs.says and theirs.says[variant][part == "hint"]):
                    missing.append(f"{key}:{part}")
    missing += [f"_phrases/{name}" for name in PHRASES if not (own and own.phrases.get(name))]
    return missing


def languages_with_words() -> tuple[str, ...]:
    """Every language that has problem words besides English."""
    return tuple(sorted(path.stem for path in WORDS.glob("*.yml")))


def languages_of(data_dir: Path) -> tuple[str, ...]:
    """The languages other than English to tell a data folder's editors in: its site's, read
    leniently from site.yml, that have problem words. When site.yml cannot be read (the very
    problem to explain, perhaps), every language that has them."""
    try:
        site = yaml.safe_load((data_dir / "site.yml").read_text(encoding="utf-8-sig"))
        listed = site["languages"]
        if not isinstance(listed, list):
            raise TypeError(listed)
    except (OSError, UnicodeError, yaml.YAMLError, TypeError, KeyError):
        return languages_with_words()
    return tuple(lang for lang in dict.fromkeys(str(x) for x in listed) if lang in languages_with_words())


@dataclass(frozen=True)
class Place:
    """Where a problem is: file, line and column (0 when unknown), and how its message names the spot."""

    path: str
    line: int = 0
    column: int = 0
    name: str | Phrase = ""  # pillars[2].title, or a CSV column as each language says it (in_column)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of a data file, with a hint of what would be right."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    # The offending value as written, shown as (got "..."); not part of a problem's identity.
    got: str | None = field(default=None, compare=False)
    # Where its words came from (code or code/variant in codes.yml) and what filled them in, so
    # that other languages can say the same; empty for a problem raised with a text of its own.
    key: str = field(default="", compare=False)
    values: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.got is not None:
            text += f" (got {quote(self.got)})"
        if self.hint:
            text += f". Hint: {self.hint}"
        if not text.endswith((".", "?", "!")):
            text += "."
        return f"{text} [{self.code}]"

    @property
    def where(self) -> str:
        """path:line[:column], the way editors and their tools jump to a place."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}:{self.column}" if self.line and self.column else where

    @property
    def explanation(self) -> str:
        """The message with the bad value and the hint, without the location."""
        text = self.message + (f" (got {quote(self.got)})" if self.got is not None else "")
        return text + (f". Hint: {self.hint}" if self.hint else "")

    def said_in(self, lang: str) -> str | None:
        """The explanation in `lang` (message, bad value, hint), or None where its words lack this problem.

        A hint the language lacks is given in English; a problem raised with a text of its own
        (no key) is explained by its code's meaning.
        """
        own = words(lang)
        entry = own.codes.get(self.code) if own else None
        if own is None or entry is None:
            return None
        values = {name: _said(v, lang, own.values.get(name, {})) for name, v in self.values}
        if self.key:
            said = entry.says.get(self.key.partition("/")[2])
            if said is None:
                return None
            try:
                message, hint = said[0].format(**values), said[1].format(**values) if said[1] else self.hint
            except (KeyError, IndexError, ValueError):  # a translation naming a value English does not
                return None
        elif entry.meaning:
            message, hint = entry.meaning.rstrip(" ." + own.stop), ""
        else:
            return None
        text = message + (f" ({own.got} {quote(self.got)})" if self.got is not None else "")
        if hint:
            text = f"{_ended(text, own.stop)} {own.hint} {hint}"
        return _ended(text, own.stop)


def problem(key: str, place: Place, /, got: str | None = None, **values: object) -> Problem:
    """The problem `key` (a code, or code/variant) at `place`, its templates filled in with `values`."""
    code, _, variant = key.partition("/")
    message, hint = CATALOGUE[code].says[variant]
    filled = {"where": place.name, **values}
    english = {name: _said(v, "en", {}) for name, v in filled.items()}
    return Problem(place.path, place.line, place.column, code, message.format(**english), hint.format(**english), got,
                   key, tuple(filled.items()))  # fmt: skip


class DataError(Exception):
    """Raised once, after every check has run, when the data has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the data")


def relative(path: Path, root: Path) -> str:
    """Name a file the way the editor sees it in the repository (data/...)."""
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def quote(value: object) -> str:
    """Show a bad value to an editor: short, quoted, with invisible characters made visible."""
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    visible = "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)
    return '"' + visible.replace('"', '\\"') + '"'


def report(problems: list[Problem], languages: tuple[str, ...] = ()) -> str:
    """The text an editor reads in the terminal: every problem (then the same in each of
    `languages` that has words for it, on a line of its own), then a count."""
    unique = sorted(set(problems))
    lines = []
    for p in unique:
        lines.append(actions_line(str(p)))
        lines += [actions_line(f"  {lang}: {text}") for lang, text in _translations(p, languages)]
    lines.append(f"{len(unique)} problem(s) found; nothing was built. Fix them and run again.")
    return "\n".join(lines)


def github_annotations(problems: list[Problem], limit: int = 10, languages: tuple[str, ...] = ()) -> str:
    """Workflow commands that GitHub shows inline on the pull request (at most `limit`), each
    problem in English and then in each of `languages` that has words for it.

    GitHub shows only the first ten error annotations of a step, so the last one shown also
    says how many more there are; the job summary has them all.
    """
    ordered = sorted(set(problems))
    out = []
    for p in ordered[:limit]:
        props = f"file={actions_property(p.path)},line={p.line or 1}"
        if p.column:
            props += f",col={p.column}"
        props += f",title={actions_property(p.code)}"
        said = [p.explanation, *(f"{lang}: {text}" for lang, text in _translations(p, languages))]
        out.append(f"::error {props}::{actions_data(chr(10).join(said))}")
    if len(ordered) > limit:
        out[-1] += actions_data(f" (and {len(ordered) - limit} more problems: see the job summary)")
    return "\n".join(out)


def step_summary(problems: list[Problem], languages: tuple[str, ...] = ()) -> str:
    """A Markdown table of every problem for $GITHUB_STEP_SUMMARY: a column for English and
    one for each of `languages` that has problem words (empty where it lacks a problem's)."""
    unique = sorted(set(problems))
    shown = tuple(lang for lang in languages if words(lang))
    rows = ["| where | problem | " + "".join(f"{markdown_cell(lang)} | " for lang in shown) + "code |",
            "| --- | --- | " + "--- | " * len(shown) + "--- |"]  # fmt: skip
    for p in unique:
        said = [markdown_cell(p.said_in(lang) or "") for lang in shown]
        cells = [markdown_code(p.where), markdown_cell(p.explanation), *said, markdown_code(p.code)]
        rows.append("| " + " | ".join(cells) + " |")
    return f"## {len(unique)} problem(s) in the data\n\nNothing was built or published.\n\n" + "\n".join(rows) + "\n"


def emit(problems: list[Problem], languages: tuple[str, ...] = ()) -> str:
    """Everything to tell the editor, in English and each of `languages` (languages_of), adding
    GitHub annotations and a summary inside Actions."""
    text = report(problems, languages)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        text = github_annotations(problems, languages=languages) + "\n" + text
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(step_summary(problems, languages))
    return text


def _yaml(path: Path) -> dict[str, Any]:
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: the same document, sooner
    loaded = yaml.load(path.read_text(encoding="utf-8"), fast) if path.is_file() else None
    return loaded if isinstance(loaded, dict) else {}


def _descriptions(lang: str) -> dict[str, str]:
    """{English: `lang`} for every description of the schemas that the editors' guide has in
    `lang` (scripts/locale/schemas/<lang>.yml): many hints quote a key's description, some
    without its full stop."""
    out: dict[str, str] = {}
    for name, table in _yaml(LOCALES / "schemas" / f"{lang}.yml").items():
        if name.startswith("_"):  # _examples: the guide's examples, not descriptions
            continue
        for entry in table.values() if isinstance(table, dict) else ():
            if isinstance(entry, dict) and entry.get("en") and entry.get(lang):
                english, own = str(entry["en"]), str(entry[lang])
                out[english] = own
                out[english.rstrip(".")] = own.rstrip(".។")
    return out


def _said(value: object, lang: str, table: dict[str, str]) -> object:
    """A value as `lang` says it: a phrase in its words, a data text (a breakdown's title) as the data
    writes it in `lang` (the English line too: "sex", not a French-first site's "sexe"), else as
    first written, a tuple as its list, an English word by `table` ({English: this language});
    numbers as they are."""
    if isinstance(value, Phrase):
        return value.said(lang)
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, tuple):
        return locale(lang).join([str(_said(v, lang, table)) for v in value])
    return table.get(value, value) if isinstance(value, str) else value


def _translations(p: Problem, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """(language, explanation) for each of `languages` that has words for `p`."""
    return [(lang, text) for lang in languages if (text := p.said_in(lang))]


def _ended(text: str, stop: str) -> str:
    """A sentence with its full stop, unless it ends with one of its own."""
    return text if text.endswith((".", "?", "!", stop)) else text + stop
