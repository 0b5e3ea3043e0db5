"""What editors are told: located problems with stable codes, collected and reported at once.

Every problem reads `path:line[:column]: what is wrong (got "value"). Hint: what would be
right. [code]`. The code is stable: tests assert on it and the editors' guide explains it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scripts.escape import actions_data, actions_line, actions_property, markdown_cell, markdown_code


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
            entry["meaning"], {k: (v["message"], v.get("hint", "")) for k, v in variants.items() if "message" in v}
        )


# Every problem code, its meaning and its words, from codes.yml: the editors' guide lists the
# meanings; a test fails when code raises a code, or a variant, missing there.
CATALOGUE_FILE = Path(__file__).with_name("codes.yml")
CATALOGUE: dict[str, Code] = {
    code: Code.of(entry) for code, entry in yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8")).items()
}
CODES: dict[str, str] = {code: entry.meaning for code, entry in CATALOGUE.items()}


@dataclass(frozen=True)
class Place:
    """Where a problem is: file, line and column (0 when unknown), and how its message names the spot."""

    path: str
    line: int = 0
    column: int = 0
    name: str = ""  # e.g. column "value", or pillars[2].title


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


def problem(key: str, place: Place, /, got: str | None = None, **values: object) -> Problem:
    """The problem `key` (a code, or code/variant) at `place`, its templates filled in with `values`."""
    code, _, variant = key.partition("/")
    message, hint = CATALOGUE[code].says[variant]
    words = {"where": place.name, **values}
    return Problem(place.path, place.line, place.column, code, message.format(**words), hint.format(**words), got)


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


def report(problems: list[Problem]) -> str:
    """The text an editor reads in the terminal: every problem, then a count."""
    unique = sorted(set(problems))
    lines = [actions_line(str(p)) for p in unique]
    lines.append(f"{len(unique)} problem(s) found; nothing was built. Fix them and run again.")
    return "\n".join(lines)


def github_annotations(problems: list[Problem], limit: int = 10) -> str:
    """Workflow commands that GitHub shows inline on the pull request (at most `limit`).

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
        out.append(f"::error {props}::{actions_data(p.explanation)}")
    if len(ordered) > limit:
        out[-1] += actions_data(f" (and {len(ordered) - limit} more problems: see the job summary)")
    return "\n".join(out)


def step_summary(problems: list[Problem]) -> str:
    """A Markdown table of every problem for $GITHUB_STEP_SUMMARY."""
    unique = sorted(set(problems))
    rows = ["| where | problem | code |", "| --- | --- | --- |"]
    for p in unique:
        cells = [markdown_code(p.where), markdown_cell(p.explanation), markdown_code(p.code)]
        rows.append("| " + " | ".join(cells) + " |")
    return f"## {len(unique)} problem(s) in the data\n\nNothing was built or published.\n\n" + "\n".join(rows) + "\n"


def emit(problems: list[Problem]) -> str:
    """Everything to tell the editor, adding GitHub annotations and a summary inside Actions."""
    text = report(problems)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        text = github_annotations(problems) + "\n" + text
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(step_summary(problems))
    return text
