"""The words a reader sees: no internal vocabulary, and missing figures described by what is known.

The output audit (scripts/audit.py) calls `wording` on the built site. It reads the visible text
of every page the way a reader sees it: text between tags, not attribute values, not the
content of script, style or template elements. Khmer pages carry zero-width spaces between
words (for search); they are removed before matching, so a phrase split by them is still found.

Three rules, each a problem naming the page and the phrase:

- internal-wording: words meant for the project, not for readers ("seed article", "fixture",
  "lorem ipsum", TODO, FIXME). Whole words and phrases, in any case; markers such as TODO count
  in capitals or before a colon, so that "todo" in a Spanish title is not one.
- missing-figure-wording: a missing figure described as never published ("no figure was
  published", "no one publishes this figure", a bare "not published"), which no one can know.
  What the site knows is that it was not found in the sources read.
- sources-read-not-listed: the data availability page, where missing figures are listed, must
  link to the sources read (the sources page).
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.htmlpage import Page, Reading
from scripts.problems import Place, Problem, problem

# Whitespace-like characters that pages carry between words: zero-width spaces (Khmer word
# breaks), no-break and narrow no-break spaces.
INVISIBLE = str.maketrans({"\u200b": "", "\u200c": "", "\u00a0": " ", "\u202f": " "})
W = r"\s+"  # between the words of a phrase: any run of spaces or line breaks

INTERNAL = re.compile(
    "|".join(
        (
            rf"\bseed{W}(?:article|data|dataset)s?\b",
            r"\b(?:test[ -])?fixtures?\b",
            rf"\blorem{W}ipsum\b",
            rf"\bdummy{W}(?:data|text)\b",
            r"(?-i:\b(?:TODO|FIXME|TBD|XXX)\b)",
            r"\b(?:todo|fixme):",
            "អត្ថបទដើម",  # "the seed article", as the Khmer pages said it
        )
    ),
    re.IGNORECASE,
)
# Every INTERNAL phrase holds one of these words, matched the same way: a page with none of
# them (nearly every page) is not searched with INTERNAL, whose word boundaries and many
# alternatives cost several times as much per character. A phrase added above adds its word here.
INTERNAL_WORDS = re.compile("seed|fixture|lorem|dummy|todo|fixme|tbd|xxx|អត្ថបទដើម", re.IGNORECASE)
_FIGURE = r"(?:figures?|counts?|numbers?|data)"
_AUX = r"(?:(?:was|were|is|are|has|have|been|yet|ever)\s+)"
MISSING = re.compile(
    "|".join(
        (
            rf"\bno{W}(?:\w+{W}){{0,2}}?{_FIGURE}{W}{_AUX}{{0,3}}published\b",  # no figure was published
            rf"\b{_FIGURE}{W}{_AUX}{{0,2}}(?:not|never){W}(?:(?:yet|been){W}){{0,2}}published\b",  # figures are not published
            rf"\b(?:no{W}one|nobody|no{W}body){W}(?:yet{W})?publish(?:es|ed)?\b",  # no one publishes this figure
            rf"\bnot{W}yet{W}published\b",
            rf"\brarely{W}published\b",
            rf"\bno{W}published{W}{_FIGURE}",  # no published figure
            # Khmer: "no figure ... is published", "not yet published" (but not "on this site").
            "(?:គ្មាន|មិនទាន់មាន)(?:តួលេខ|ចំនួន|ស្ថាប័ន|នរណា)(?:(?!គេហទំព័រ)[^។]){0,40}?ផ្សព្វផ្សាយ",
            "មិនទាន់ផ្សព្វផ្សាយ",
        )
    ),
    re.IGNORECASE,
)
# A label that is only "not published" (a table cell, a card): the same claim in two words.
BARE = re.compile(r"^\W*(?:not\s+published|unpublished)\W*$", re.IGNORECASE)
AVAILABILITY = "availability/index.html"
SOURCES_LINK = re.compile(r"(?:^|/)sources/(?:index\.html)?(?:#[\w-]*)?$")


def wording(site: Path) -> list[Problem]:
    """Every page of the built site `site` whose visible text breaks one of the rules above."""
    problems: list[Problem] = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if "assets" in rel.parts:
            continue
        page = Page(path.read_text(encoding="utf-8", errors="replace")).reading()
        problems += page_wording(f"{site.name}/{rel.as_posix()}", page)
    return problems


def page_wording(name: str, page: Reading) -> list[Problem]:
    """The problems of one parsed page, `name` being its path from the site's folder (site/km/index.html)."""
    problems = _phrases(name, page)
    if name.endswith(AVAILABILITY) and not any(SOURCES_LINK.search(h) for h in page.links):
        problems.append(problem("sources-read-not-listed", Place(name, 1)))
    return problems


def _phrases(name: str, page: Reading) -> list[Problem]:
    """Internal words and claims of "not published" in a page's text, where one node ends and the next begins too."""
    out: list[Problem] = []
    text, starts = "", []  # the page's text, nodes joined by a space; where each node starts in it
    nodes = [(line, shown) for line, node in page.text if (shown := node.translate(INVISIBLE)).strip()]
    for line, node in nodes:
        starts.append((len(text), line))
        text += node + " "
        if BARE.match(node):
            out.append(_missing(name, line, node.strip()))
    searches = ((INTERNAL, _internal),) if INTERNAL_WORDS.search(text) else ()
    for pattern, found in (*searches, (MISSING, _missing)):
        for match in pattern.finditer(text):
            line = max((ln for at, ln in starts if at <= match.start()), default=1)
            out.append(found(name, line, " ".join(match.group().split())))
    return out


def _internal(name: str, line: int, phrase: str) -> Problem:
    return problem("internal-wording", Place(name, line), phrase, words=phrase)


def _missing(name: str, line: int, phrase: str) -> Problem:
    return problem("missing-figure-wording", Place(name, line), phrase, words=phrase)
