"""The update log: data/changelog.yml read and checked, and its Atom feed /feed.xml.

Editors add an entry at the top of changelog.yml whenever figures change: what changed, when
and why. `changelog_problems` is the pull-request check that observations never change
without such an entry. Everything here is made from the log alone, never from the clock, so
the same log gives the same page and feed byte for byte.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts import load, schema
from scripts.dates import yaml_date_problems
from scripts.git import git
from scripts.model import Dataset, Text
from scripts.problems import DataError, Problem
from scripts.release import build_date

CHANGELOG = "changelog.yml"
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Update:
    """One entry of the update log."""

    date: str
    indicators: tuple[str, ...]
    summary: Text
    reason: Text
    sources: tuple[str, ...]
    anchor: str  # stable id of the entry: its date, then -2, -3 for later entries of the same day


def updates(log: list[Update], dataset: Dataset) -> dict[str, str]:
    """The update log's Atom feed (feed.xml), by path under the site; its page is updates.md.j2.

    `log` comes from read_log; an empty log gets a feed without entries.
    """
    return {"feed.xml": _feed(log, dataset)}


def changelog_problems(data_dir: Path, base_ref: str) -> list[Problem]:
    """Observations that changed since `base_ref` without a matching entry in the update log.

    For pull requests: compares the working tree of the repository that holds `data_dir` with
    the merge base of `base_ref` and HEAD, so committed and uncommitted changes both count.
    Problems name files from the repository's top, as GitHub shows them. Raises RuntimeError
    when git cannot compare (no repository, or `base_ref` not fetched: use fetch-depth: 0).
    """
    repo_root = Path(git(data_dir, "rev-parse", "--show-toplevel", strict=True))
    data = data_dir.resolve().relative_to(repo_root.resolve()).as_posix()
    base = git(repo_root, "merge-base", base_ref, "HEAD", strict=True).strip()
    changed = git(repo_root, "diff", "--name-only", "--no-renames", base, "--", f"{data}/", strict=True).splitlines()
    changed += git(repo_root, "ls-files", "--others", "--exclude-standard", "--", f"{data}/", strict=True).splitlines()
    observations = sorted({p for p in changed if p.startswith(f"{data}/observations/") and p.endswith(".csv")})
    log = f"{data}/{CHANGELOG}"
    if not observations:
        return []
    named: set[str] = set()
    if log in changed:
        # Each changed indicator must be named by an entry that is new or edited.
        before = _entries_at(repo_root, base, log)
        after = _entries(Path(repo_root, log).read_text(encoding="utf-8")) if Path(repo_root, log).exists() else []
        new = [e for e in after if isinstance(e, dict) and e not in before]
        named = {i for e in new for i in e.get("indicators") or [] if isinstance(i, str)}
    code = "changelog-missing-indicator" if log in changed else "changelog-not-updated"
    # Each problem points at the first changed row, where the editor made the change.
    return [
        Problem(p, _first_changed_line(repo_root, base, p), 0, code,
                f'the figures of "{Path(p).stem}" changed here but no new entry in the update log names this indicator',
                f'add an entry at the top of {log} with indicators: [{Path(p).stem}], saying what changed and why')
        for p in observations
        if Path(p).stem not in named
    ]  # fmt: skip


def _first_changed_line(repo_root: Path, base: str, path: str) -> int:
    """The line of `path` where it first differs from `base` (0 for a deleted file)."""
    if not Path(repo_root, path).exists():
        return 0
    tracked = subprocess.run(["git", "-C", str(repo_root), "cat-file", "-e", f"{base}:{path}"], capture_output=True)
    if tracked.returncode != 0:  # a new file: its first row of figures, below the header
        return 2 if len(Path(repo_root, path).read_bytes().splitlines()) > 1 else 1
    diff = git(repo_root, "diff", "-U0", "--no-renames", base, "--", path, strict=True)
    for line in diff.splitlines():
        if line.startswith("@@"):
            # "@@ -a,b +c,d @@": the new file's changed lines start at c (after c when d is 0).
            start, _, count = line.split()[2][1:].partition(",")
            return max(int(start) + (1 if count == "0" else 0), 1)
    return 1


# --- reading and checking the log ----------------------------------------------------------


def read_log(data_dir: Path, dataset: Dataset) -> list[Update]:
    """The update log, newest first; raises DataError with every problem in changelog.yml."""
    path = data_dir / CHANGELOG
    if not path.exists():
        return []
    problems: list[Problem] = []
    # load's reader gives the same located errors and YAML trap checks as every other file.
    doc = load._read_yaml(path, data_dir, problems)
    if doc is None:
        raise DataError(problems)
    problems += schema.check(doc, "changelog")
    if problems:
        raise DataError(problems)
    indicators = {i.id for i in dataset.indicators}
    sources = {s.id for s in dataset.sources}
    # A real day (bad-format above) from 1945 to the build date.
    problems += [p for p in yaml_date_problems(doc, "changelog", build_date()) if p.code != "bad-date"]
    for n, entry in enumerate(doc.data):
        mark = doc.mark((n, "date"))
        try:
            dt.date.fromisoformat(entry["date"])
        except ValueError:
            problems.append(Problem(doc.path, mark.line, mark.column, "bad-format", f'"[{n}].date" is not a real day',
                                    "write the date as YYYY-MM-DD, e.g. 2026-11-28", got=entry["date"]))  # fmt: skip
        for key, known, code, where in (("indicators", indicators, "unknown-indicator", "indicators/<id>.yml"),
                                        ("sources", sources, "unknown-source", "sources.yml")):  # fmt: skip
            for k, ref in enumerate(entry.get(key, [])):
                if ref not in known:
                    mark = doc.mark((n, key, k))
                    problems.append(Problem(doc.path, mark.line, mark.column, code, f'"[{n}].{key}[{k}]" is not known',
                                            f"use an id from {where}", got=ref))  # fmt: skip
    if problems:
        raise DataError(problems)
    entries = [
        (e["date"], tuple(e["indicators"]), Text.of(e["summary"]), Text.of(e["reason"]), tuple(e.get("sources", [])))
        for e in doc.data
    ]
    # Newest first, the order editors write them in. Entries of one day are numbered from the
    # bottom of the file, so adding a new entry on top never changes an older entry's anchor.
    seen: dict[str, int] = {}
    anchors = []
    for date, *_ in reversed(entries):
        seen[date] = seen.get(date, 0) + 1
        anchors.append(date if seen[date] == 1 else f"{date}-{seen[date]}")
    log = [Update(*e, anchor=a) for e, a in zip(entries, reversed(anchors), strict=True)]
    return sorted(log, key=lambda u: u.date, reverse=True)


def last_updated(log: list[Update]) -> dict[str, str]:
    """The date each indicator was last updated, from the log (newest entry naming it)."""
    dates: dict[str, str] = {}
    for entry in log:
        for ind in entry.indicators:
            dates[ind] = max(dates.get(ind, ""), entry.date)
    return dates


# --- the feed ---------------------------------------------------------------------------------


def _feed(log: list[Update], data: Dataset) -> str:
    site = data.site
    titles = {i.id: i.title.en for i in data.indicators}
    sources = {s.id: s.title for s in data.sources}
    # Feed readers need absolute links and ids: the published address, or the local preview's.
    base = site.address
    feed = ET.Element("feed", xmlns=ATOM)
    _sub(feed, "id", f"{base}feed.xml")
    _sub(feed, "title", f"{site.title.en}: data updates")
    _sub(feed, "subtitle", "What changed in the published figures, when and why.")
    # The newest entry's day, never the clock: the same log gives the same feed.
    _sub(feed, "updated", _timestamp(log[0].date if log else "1970-01-01"))
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{base}updates/")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}feed.xml")
    author = _sub(feed, "author")
    _sub(author, "name", site.title.en)
    _sub(author, "uri", base)
    if site.contact_email:
        _sub(author, "email", site.contact_email)
    if site.licence_data:
        _sub(feed, "rights", f"Data: {site.licence_data}")
    for u in log:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{base}updates/#{u.anchor}")
        _sub(entry, "title", u.summary.en)
        _sub(entry, "updated", _timestamp(u.date))
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}updates/#{u.anchor}")
        for i in u.indicators:
            _sub(entry, "category", term=i, label=titles[i])
        lines = [
            u.summary.en,
            "",
            f"Why: {u.reason.en}",
            "",
            "Indicators: " + ", ".join(titles[i] for i in u.indicators),
        ]
        if u.sources:
            lines += ["", "Sources: " + "; ".join(sources[s] for s in u.sources)]
        _sub(entry, "content", "\n".join(lines), type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _entries_at(repo_root: Path, commit: str, path: str) -> list:
    result = subprocess.run(["git", "-C", str(repo_root), "show", f"{commit}:{path}"], capture_output=True, text=True)
    if result.returncode != 0:  # the log did not exist yet
        return []
    return _entries(result.stdout)


def _entries(text: str) -> list:
    """The entries of a log, or none when it cannot be read (validation reports why)."""
    try:
        entries = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    return entries if isinstance(entries, list) else []
