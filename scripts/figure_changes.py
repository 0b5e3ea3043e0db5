"""Which published figures a pull request adds, removes or alters: a table for its reviewers.

Compares data/observations/*.csv at the merge base with the working tree, row by row, keyed
on what identifies a figure (period, geography, series and the dimension values), so that an
editor's change reads as "134 → 136 (reported)" rather than as a diff of CSV lines.

Usage: python -m scripts.figure_changes --base origin/main
Writes Markdown to $GITHUB_STEP_SUMMARY when set (GitHub Actions), else to stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.escape import markdown_cell
from scripts.git import git, show
from scripts.load import csv_records
from scripts.paths import ROOT
from scripts.records import OBSERVATION_COLUMNS, OBSERVATION_OPTIONAL

MAX_ROWS = 500  # a step summary holds at most 1 MiB; a new indicator of thousands of rows stays readable
QUALIFIERS = {"at-least": "at least ", "more-than": "more than ", "approx": "about "}
# What a reader sees of a figure; a change to any of these is a change to the figure.
SHOWN = ("value", "qualifier", "status", "source", "locator", "note")

Row = dict[str, str]
# A figure's place in its file: period, geography, series and the breakdown it belongs to.
Figure = tuple[str, str, str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Change:
    """One figure as it was at the base (None: added) and as it is now (None: removed)."""

    indicator: str
    period: str
    geography: str
    series: str
    dimensions: tuple[tuple[str, str], ...]
    before: Row | None
    after: Row | None

    @property
    def kind(self) -> str:
        """added, removed or changed."""
        return "added" if self.before is None else "removed" if self.after is None else "changed"

    @property
    def fields(self) -> list[str]:
        """The columns that differ, notes in every language included."""
        if self.before is None or self.after is None:
            return []
        names = sorted(set(self.before) | set(self.after), key=lambda c: (SHOWN.index(c) if c in SHOWN else 99, c))
        return [c for c in names if self.before.get(c, "") != self.after.get(c, "")]


@dataclass(frozen=True)
class FigureChanges:
    """Every changed figure since the merge base, and the files that could not be read."""

    base: str
    changes: list[Change]
    unreadable: list[str]

    @property
    def indicators(self) -> list[str]:
        """The ids of the indicators whose figures changed, in order."""
        return sorted({c.indicator for c in self.changes})


def figure_changes(repo_root: Path, base_ref: str, data: str = "data") -> FigureChanges:
    """The figures that differ between the merge base of `base_ref` and HEAD, and the working tree.

    Raises RuntimeError when git cannot compare (check out with fetch-depth: 0).
    """
    base = git(repo_root, "merge-base", base_ref, "HEAD", strict=True).strip()
    folder = f"{data}/observations"
    listed = git(repo_root, "ls-tree", "--name-only", base, "--", f"{folder}/", strict=True).splitlines()
    before_files = {Path(p).stem for p in listed if p.endswith(".csv")}
    after_files = {p.stem for p in (repo_root / folder).glob("*.csv")}
    changes: list[Change] = []
    unreadable: list[str] = []
    for ind in sorted(before_files | after_files):
        path = f"{folder}/{ind}.csv"
        before = _rows(_at(repo_root, base, path)) if ind in before_files else {}
        after = _rows((repo_root / path).read_bytes()) if ind in after_files else {}
        if before is None or after is None:
            unreadable.append(path)
            continue
        for key in sorted(before.keys() | after.keys()):
            old, new = before.get(key), after.get(key)
            if old != new:
                period, geography, series, dims = key[0]
                changes.append(Change(ind, period, geography, series, dims, old, new))
    return FigureChanges(base, changes, unreadable)


def markdown(found: FigureChanges) -> str:
    """The job-summary section: a count, then one table row per changed figure."""
    out = ["## Figures this pull request changes", ""]
    if not found.changes:
        out.append("No published figure is added, removed or changed.")
    else:
        kinds = [c.kind for c in found.changes]
        counts = ", ".join(f"{kinds.count(k)} {k}" for k in ("added", "removed", "changed") if k in kinds)
        n = len(found.indicators)
        out += [f"{counts}, in {n} indicator{'s' if n != 1 else ''} (compared with {found.base[:12]}).", ""]
        out += ["| change | indicator | period | geography | series | breakdown | before | after | source |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        for c in found.changes[:MAX_ROWS]:
            kind = f"{c.kind}: {', '.join(c.fields)}" if c.fields else c.kind
            breakdown = ", ".join(f"{k}: {v}" for k, v in c.dimensions) or "all"
            cells = [kind, c.indicator, c.period, c.geography, c.series, breakdown,
                     _figure(c.before), _figure(c.after), _source(c)]  # fmt: skip
            out.append("| " + " | ".join(markdown_cell(x) for x in cells) + " |")
        if len(found.changes) > MAX_ROWS:
            out += ["", f"… and {len(found.changes) - MAX_ROWS} more changed figures, not listed here."]
    for path in found.unreadable:
        out += ["", f"{markdown_cell(path)} could not be read as CSV: the validation report says why."]
    return "\n".join(out) + "\n"


def _at(repo_root: Path, commit: str, path: str) -> bytes:
    """A file's bytes at `commit`, where git has just listed it."""
    found = show(repo_root, commit, path)
    if found is None:
        raise RuntimeError(f"git show {commit}:{path} failed")
    return found


def _rows(data: bytes) -> dict[tuple[Figure, int], Row] | None:
    """The rows of an observations file by figure; None when it is not readable CSV."""
    records = csv_records(data)
    if records is None:
        return None
    if not records:
        return {}
    header = [h.strip() for h in records[0]]
    known = (
        *OBSERVATION_COLUMNS,
        *OBSERVATION_OPTIONAL,
    )  # a column that is not a breakdown: never part of a figure's name
    dims = [h for h in header if h not in known and not h.startswith("note_")]
    rows: dict[tuple[Figure, int], Row] = {}
    seen: dict[Figure, int] = {}
    for cells in records[1:]:
        row = {h: c.strip() for h, c in zip(header, cells, strict=False)}
        figure = (row.get("period", ""), row.get("geography", ""), row.get("series", ""),
                  tuple((d, row[d]) for d in dims if row.get(d)))  # fmt: skip  # an empty dimension means all
        # A duplicate figure (validation rejects it) is kept apart, paired with its namesake by order.
        seen[figure] = n = seen.get(figure, -1) + 1
        # Empty cells are left out, so that adding an empty column (a note in a new language) changes nothing.
        rows[(figure, n)] = {k: v for k, v in row.items() if v and k not in ("period", "geography", "series", *dims)}
    return rows


def _figure(row: Row | None) -> str:
    """A figure as a reader sees it: "at least 134 (reported)", "— (suppressed)"."""
    if row is None:
        return "—"
    value = row.get("value") or "—"
    return f"{QUALIFIERS.get(row.get('qualifier', ''), '')}{value} ({row.get('status') or 'no status'})"


def _source(c: Change) -> str:
    old = (c.before or {}).get("source", "")
    new = (c.after or {}).get("source", "")
    return new if c.before is None or old == new else old if c.after is None else f"{old} → {new}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: the table in the job summary, or on stdout outside Actions."""
    parser = argparse.ArgumentParser(prog="python -m scripts.figure_changes", description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the branch or commit to compare with, e.g. origin/main")
    args = parser.parse_args(argv)
    try:
        text = markdown(figure_changes(ROOT, args.base))
    except RuntimeError as err:
        print(f"Cannot list the changed figures: {err} (in Actions, check out with fetch-depth: 0)", file=sys.stderr)
        return 1
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
