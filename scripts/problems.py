"""What editors are told: located problems with stable codes, collected and reported at once.

Every problem reads `path:line[:column]: what is wrong (got "value"). Hint: what would be
right. [code]`. The code is stable: tests assert on it and the editors' guide explains it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scripts.escape import actions_data, actions_line, actions_property, markdown_cell, markdown_code

# Every problem code, with what it means in an editor's words. The editors' guide lists them
# as "common errors and their fixes"; a test fails when code uses a code missing here.
CODES: dict[str, str] = {
    # Reading files
    "encoding": "The file is not saved as UTF-8 (Excel: Save As > CSV UTF-8 (Comma delimited)).",
    "csv-delimiter": "The columns are separated by semicolons or tabs instead of commas.",
    "csv-syntax": "A quote is not closed, or text follows a closing quote.",
    "csv-empty": "The file is empty: it needs at least the header row.",
    "control-character": "The file contains an invisible control character, often from copy and paste.",
    "invisible-character": "An invisible formatting character (such as a right-to-left override) that can make text show other than it reads.",
    "yaml-tab": "A tab is used in a YAML file; YAML needs spaces.",
    "yaml-syntax": "The YAML cannot be read: usually indentation, or text with ': ' or '#' not in quotes.",
    "yaml-duplicate-key": "The same key appears twice in one block; YAML would silently keep only the last.",
    "yaml-alias": "Anchors and aliases (& and *) are not used in data files: write each value out.",
    "yaml-key": "A key must be plain text.",
    "yaml-value": "YAML could not read a value (e.g. an impossible date such as 2019-02-30).",
    "yaml-boolean": "yes, no, on, off, true and false are read as true/false by YAML: quote text.",
    "yaml-number": "A value is read as a number (010 is even read as 8): quote text and codes.",
    "yaml-date": "An unquoted date is read as a date: quote it where text is expected.",
    "unknown-file": "A file in the data folder that the build does not read (e.g. a spreadsheet).",
    "missing-file": "A file every data folder needs is missing.",
    "empty-file": "The file is empty.",
    "link-outside": "A link (symlink) in the data folder that leads outside it: put the file itself there.",
    "unreadable-file": "Something in the data folder that is not a plain file that can be read (a folder, a device, a broken link).",
    "file-too-large": "A data file larger than 10 MB.",
    "too-many-rows": "A CSV file with more than 20,000 rows: the most one file may have.",
    "too-many-periods": "An indicator with more than 500 different periods: the most a chart can show.",
    "yaml-too-deep": "Blocks and lists nested more than 32 levels deep: data files need only a few.",
    "internal-error": "The build failed on this file in a way no check foresaw: please report it, with the message.",
    # Schemas
    "wrong-type": "A value has the wrong kind (text, number, list or block of keys).",
    "missing-key": "A required key is missing.",
    "unknown-key": "A key this file does not use (often a typo).",
    "not-allowed": "A value that is not one of the allowed values.",
    "bad-format": "A value that is not in the expected form (ids, dates, codes, web addresses).",
    "bad-date": "A date that does not exist, such as 2017-02-30 or month 13.",
    "date-out-of-range": "A date or period before 1945 or after the day the site is built (a period must have ended).",
    "line-break": "A line break in a text shown on one line: a title, a label, a name or an id.",
    "out-of-range": "A number outside its allowed range (a percentage above 100, a disclosure threshold below 10, any number above 10^12).",
    "empty-value": "A value that must not be empty is empty.",
    "repeated-item": "The same item is listed twice.",
    "bad-address": "A web address (the site's, its repository's, a contact page's, a source's) that is not a plain http(s) address with a host.",
    "missing-contact": "A published site names no repository and no contact address, so readers could not report an error.",
    "schema": "The file does not match its schema.",
    # CSV tables
    "header-space": "A column name has spaces around it.",
    "missing-column": "A required column is missing from the header.",
    "unknown-column": "A column that the file does not use.",
    "duplicate-column": "The same column name appears twice.",
    "wrong-cell-count": "A row has more or fewer cells than the header (often an unquoted comma).",
    "formula": "A cell starts with =, +, - or @, which spreadsheets run as a formula.",
    "bad-period": "A period is not a year (2018), two years (2017/2018) or months (2018-01/2018-10).",
    "missing-value": "A cell that must be filled in is empty.",
    "missing-value-marker": "N/A, -, ? or similar written for a missing value: leave it empty and set status.",
    "value-with-status": "A value is given although the status says there is none (suppressed, not-available).",
    "thousands-separator": "A number written with thousands separators (1,234): write 1234.",
    "decimal-comma": "A decimal written with a comma (12,5): write 12.5.",
    "not-a-whole-number": "A count that is not a whole number.",
    "not-a-number": "A value that is not a number.",
    "too-many-digits": "A number with more digits than can be kept exactly: at most 15 significant digits.",
    "negative-count": "A count below zero.",
    "unknown-category": "A value that is not one of the indicator's categories.",
    "duplicate-observation": "Two rows for the same period, place, series and breakdown.",
    "duplicate-id": "The same id is used twice.",
    "duplicate-tile": "Two provinces are put on the same tile of the map (tile_row and tile_col).",
    "missing-tile": "Some provinces have a tile on the map and others do not: give every one a tile, or none.",
    # References
    "unknown-source": "A source id that is not in sources.yml.",
    "unknown-geography": "A geography that is neither the country code nor a code in provinces.csv.",
    "unknown-series": "A series id that the indicator does not declare.",
    "unknown-dimension-value": "A breakdown value that the indicator does not declare.",
    "unknown-pillar": "A pillar id that is not in site.yml.",
    "unknown-indicator": "An indicator id that does not exist.",
    "id-mismatch": "An indicator's id differs from its file name.",
    "missing-observations": "An indicator without an observations file (and without published: false).",
    "unpublished-with-data": "An indicator marked published: false that has observations.",
    "orphan-observations": "An observations file without an indicator file of the same name.",
    "reserved-column": "A breakdown named like a built-in or personal-data column.",
    "history-order": "A status history that is not oldest first.",
    # Disclosure control and personal data
    "small-count": "A count of persons from 1 to k-1 below national level or in a breakdown: enter it as suppressed.",
    "recoverable-suppression": "A suppressed count that published totals and other values let a reader work out.",
    "rate-from-suppressed": "A rate or percentage computed from a suppressed count that is not itself suppressed.",
    "rate-reveals-small-count": "A rate that, times the population, gives back a count from 1 to k-1.",
    "recoverable-count": "A count that is not published (not available, or left out) but that published figures show to be from 1 to k-1: enter it as suppressed.",
    "percent-reveals-small-count": "A percentage that, of the count it is a percentage of, gives back a count from 1 to k-1.",
    "rate-without-population": "A rate of persons for a place with no population in provinces.csv: it cannot be checked, so it is not published.",
    "disclosure-too-complex": "Figures too many or too intertwined to check for disclosure in time: they are refused, not published unchecked.",
    "inconsistent-figures": "Figures of one series that contradict each other (a part larger than its total), so disclosure cannot be checked.",
    "small-count-in-note": "A note or locator of a sensitive indicator that states a count of persons from 1 to k-1.",
    "persons-not-sensitive": "An indicator that counts persons says sensitive: false without a sensitive_exception giving the reason.",
    "part-of-cycle": "Indicators that are each part_of the other, in a circle.",
    "personal-data-column": "A column that would hold personal data (names, ID numbers, addresses, ...).",
    "person-level-rows": "The file looks like one row per person instead of counts.",
    "personal-data-text": "Text that looks like personal data (an exact date, an age, a case or phone number).",
    "geography-too-fine": "A place finer than a province (district, commune, village).",
    "long-text": "Free text too long for a note; stories about people are never published.",
    # The update log (scripts/changelog.py)
    "changelog-not-updated": "Figures changed in a pull request but changelog.yml has no new entry.",
    "changelog-missing-indicator": "Figures of an indicator changed but no new changelog entry names it.",
    # Output audit
    "published-small-count": "The built site shows a count of persons from 1 to k-1 in a breakdown.",
    "internal-wording": "A page shows a word meant for the project's own work, not for readers (a note to itself, a test-data term, an internal name for a source).",
    "missing-figure-wording": "A page says that a missing figure does not exist anywhere; say what is known: not found in the sources read.",
    "sources-read-not-listed": "The data availability page does not link to the sources read.",
    "unexpected-script": "A built page holds an inline script the site's theme did not write: the build refuses to allow it.",
}


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
