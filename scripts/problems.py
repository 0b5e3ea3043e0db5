"""What editors are told: located problems with stable codes, collected and reported at once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of a data file, with a hint of what would be right."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.column:
            where += f":{self.column}"
        text = f"{where}: {self.message} [{self.code}]"
        return f"{text}. Hint: {self.hint}" if self.hint else text


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
    return '"' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def report(problems: list[Problem]) -> str:
    """The text an editor reads in the terminal: every problem, then a count."""
    lines = [str(p) for p in sorted(set(problems))]
    lines.append(f"{len(lines)} problem(s) found; nothing was built. Fix them and run again.")
    return "\n".join(lines)


def github_annotations(problems: list[Problem], limit: int = 10) -> str:
    """Workflow commands that GitHub shows inline on the pull request (at most `limit`)."""
    ordered = sorted(set(problems))
    out = []
    for p in ordered[:limit]:
        props = f"file={_escape_property(p.path)},line={p.line or 1}"
        if p.column:
            props += f",col={p.column}"
        props += f",title={_escape_property(p.code)}"
        body = p.message + (f". Hint: {p.hint}" if p.hint else "")
        out.append(f"::error {props}::{_escape_data(body)}")
    if len(ordered) > limit:
        out[-1] += _escape_data(f" (and {len(ordered) - limit} more problems: see the job summary)")
    return "\n".join(out)


def step_summary(problems: list[Problem]) -> str:
    """A Markdown table of every problem for $GITHUB_STEP_SUMMARY."""
    rows = ["| file | line | problem | hint |", "| --- | --- | --- | --- |"]
    for p in sorted(set(problems)):
        cells = [p.path, str(p.line or ""), f"{p.message} (`{p.code}`)", p.hint]
        rows.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return f"## {len(problems)} problem(s) in the data\n\n" + "\n".join(rows) + "\n"


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


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
