"""Free text: a line break where text is shown on one line, text too long, and personal details in notes.

Stories about people are never published, so notes are kept short, and a note that reads like a
fact about one person (an exact date, an age, a case, ID or phone number) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scripts.checks import place
from scripts.i18n import interface_languages
from scripts.load import YamlDoc, YamlPath
from scripts.problems import Place, Problem, problem

MAX_NOTE = 500
MAX_TEXT = 1000
NOTE_KEYS = {"note", "notes", "evidence", "locator"}
# Titles, labels, names and ids are shown on one line (headings, legends, chart text).
SINGLE_LINE = {
    "id", "title", "label", "unit_label", "name", "tagline", "organisation", "subdivision", "subdivision_plural",
    "publisher", "author", "reporter", "made_by", "owner", "url", "repository", "email", "source", "published",
    "date", "kind", "language", "pillar", "unit", "code", "status",
}  # fmt: skip
LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029")
# Text that looks like facts about one person, each with the variant of personal-data-text it raises.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
PERSONAL_TEXT = {
    "date": re.compile(
        rf"(?i)\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{_DAY} {_MONTH},? \d{{4}}\b|\b{_MONTH} {_DAY},? \d{{4}}\b"
    ),
    "age": re.compile(r"(?i)\baged? \d{1,2}\b|\b\d{1,2}[- ]years?[- ]old\b"),
    "number": re.compile(
        r"(?i)\b(?:case|file|passport|id|identity card|national id)\s*(?:no\.?|number|num|#)\s*:?\s*[A-Z]*\d"
    ),
    "phone": re.compile(r"(?<!\w)\+\d{3}[\s\d-]{7,}\d|\b0\d{2}[ -]\d{3}[ -]\d{3,4}\b"),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
}


def line_breaks(doc: YamlDoc) -> Iterator[Problem]:
    """A line break in a text shown on one line: it would break a heading, a legend or a chart's text."""
    for path, text in strings(doc.data):
        keys = [p for p in path if isinstance(p, str) and p not in interface_languages()]
        if keys and keys[-1] in SINGLE_LINE and any(c in text for c in LINE_BREAKS):
            yield problem("line-break", place.key(doc, path), text)


def long_or_personal(doc: YamlDoc, personal: bool) -> Iterator[Problem]:
    """Long free text in any YAML value; with `personal`, notes that look like facts about a person.

    Sources, events and commitments are about publications and public acts, whose dates and
    numbers are public, so only the indicators' notes are read for personal details.
    """
    for path, text in strings(doc.data):
        is_note = bool({p for p in path if isinstance(p, str)} & NOTE_KEYS)
        at = place.key(doc, path)
        most = MAX_NOTE if is_note else MAX_TEXT
        if len(text) > most:
            yield problem("long-text", at, length=len(text), most=most)
        if is_note and personal:
            yield from personal_details(at, text)


def personal_details(at: Place, text: str) -> Iterator[Problem]:
    """Each kind of personal detail `text` seems to hold, with the first such passage."""
    for kind, pattern in PERSONAL_TEXT.items():
        if match := pattern.search(text):
            yield problem(f"personal-data-text/{kind}", at, match.group(0))


def strings(data: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every text in a YAML value, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data
