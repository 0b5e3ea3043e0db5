"""The update log as records: data/changelog.yml, as load read it, checked and turned into
`Update`s, newest first.

Editors add an entry at the top of changelog.yml whenever figures change: what changed, when
and why. The log is data like any other file: its problems stop the build, located.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from scripts import schema
from scripts.dates import yaml_date_problems
from scripts.load import YamlDoc
from scripts.model import Dataset, Text, Update
from scripts.problems import Place, Problem, problem
from scripts.release import build_date


def update_log(doc: YamlDoc | None, data: Dataset) -> tuple[tuple[Update, ...], list[Problem]]:
    """The log's entries newest first, or the problems of changelog.yml (no file: no entries).

    `data` is the validated rest of the folder: entries may name only its indicators and sources.
    """
    if doc is None:
        return (), []
    problems = schema.check(doc, "changelog", data.site.languages)
    if problems:
        return (), problems
    indicators = {i.id for i in data.indicators}
    sources = {s.id for s in data.sources}
    # A real day (bad-format above) from 1945 to the build date.
    problems += [p for p in yaml_date_problems(doc, "changelog", build_date()) if p.code != "bad-date"]
    for n, entry in enumerate(doc.data):
        mark = doc.mark((n, "date"))
        try:
            dt.date.fromisoformat(entry["date"])
        except ValueError:
            problems.append(problem("bad-format/day", Place(doc.path, mark.line, mark.column, f'"[{n}].date"'),
                                    entry["date"]))  # fmt: skip
        for key, known, named in (("indicators", indicators, "unknown-indicator/changelog"),
                                  ("sources", sources, "unknown-source/changelog")):  # fmt: skip
            for k, ref in enumerate(entry.get(key, [])):
                if ref not in known:
                    mark = doc.mark((n, key, k))
                    problems.append(problem(named, Place(doc.path, mark.line, mark.column, f'"[{n}].{key}[{k}]"'), ref))
    if problems:
        return (), problems
    text = partial(Text.of, languages=data.site.languages)
    entries = [
        (e["date"], tuple(e["indicators"]), text(e["summary"]), text(e["reason"]), tuple(e.get("sources", [])))
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
    return tuple(sorted(log, key=lambda u: u.date, reverse=True)), []


def last_updated(log: tuple[Update, ...]) -> dict[str, str]:
    """The date each indicator was last updated, from the log (newest entry naming it)."""
    dates: dict[str, str] = {}
    for entry in log:
        for ind in entry.indicators:
            dates[ind] = max(dates.get(ind, ""), entry.date)
    return dates
