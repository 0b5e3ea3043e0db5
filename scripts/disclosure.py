"""Disclosure control: no small count of persons is committed, shown, or can be worked out.

For a sensitive indicator (counts of persons, victims above all), a count from 1 to k-1
below national level or in any breakdown must be entered as `suppressed`, with no value: the
repository is public, so the rule applies to what is committed, not just what is shown.
Only the undisaggregated national total is exempt. A note may not state such a count either.

Suppressing a cell is not enough when published figures add up around it, and a cell left
`not-available`, or left out, is no safer: scripts/exposure.py works out, exactly, what the
published figures tell a reader about every cell that is not published.

The protection cannot be switched off by accident: the threshold k is 10 or more (the site
schema), and an indicator that counts persons is sensitive unless it gives a reason not to
be (`sensitive_exception`), which every build prints.

Working out what published figures give away solves integer programs (scripts/bounds.py,
SciPy's HiGHS). A family of indicators found to give nothing away is remembered in the build
cache (scripts/cache.py) by everything the answer depends on, so a build whose sensitive
figures have not changed neither imports SciPy nor solves again; a family with problems is
checked every time, so that every problem is located as the data now stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache

from scripts import cache as cache_store
from scripts.checks.text import strings
from scripts.exposure import At, exposures
from scripts.i18n import all_words
from scripts.load import YamlDoc, YamlPath
from scripts.model import NO_VALUE_STATUSES, Group, Indicator, Observation, Period, Province, Site
from scripts.problems import Phrase, Place, Problem, in_column, problem
from scripts.schema import dotted

# Words before a number that make it a reference, not a count: "Table 2", "page 3", "Tier 2".
REFERENCE_WORDS = {
    "table", "tables", "page", "pages", "p", "pp", "section", "sections", "article", "articles", "art", "chapter",
    "chapters", "annex", "appendix", "figure", "fig", "paragraph", "para", "no", "number", "tier", "part", "item",
    "line", "lines", "column", "edition", "volume", "vol", "sdg", "goal", "target", "level", "round", "phase", "step",
    "box", "chart", "map", "clause", "rule", "point", "question", "q", "h", "quarter", "grade",
    "ទំព័រ", "តារាង", "មាត្រា", "ជំពូក", "ឧបសម្ព័ន្ធ", "ផ្នែក", "ចំណុច", "កម្រិត", "ថ្នាក់", "លេខ",
}  # fmt: skip
# Words after a number that make it a length of time, a number of places or sources, not of persons.
NOT_PERSONS = {
    "month", "months", "year", "years", "week", "weeks", "day", "days", "quarter", "quarters", "half", "halves",
    "hour", "hours", "decade", "decades", "time", "times", "edition", "editions", "report", "reports", "source",
    "sources", "series", "country", "countries", "province", "provinces", "region", "regions", "ministry",
    "ministries", "agency", "agencies", "organisation", "organisations", "organization", "organizations", "ngo",
    "ngos", "table", "tables", "page", "pages", "percent", "per", "digit", "digits",
    "ខែ", "ឆ្នាំ", "សប្តាហ៍", "ថ្ងៃ", "ត្រីមាស", "ប្រទេស", "ខេត្ត", "ដង", "ភាគរយ", "ក្រសួង", "ប្រភព", "របាយការណ៍",
}  # fmt: skip
# A number on its own: not part of a decimal, a code (KH-12), a date (2018-01) or a word (Q3, 1st).
_NUMBER = re.compile(r"(?<![\w.,/:-])(\d+)(?![\w%/:-]|[.,]\d)")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPELLED = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine)\s+(?:of\s+(?:them|whom|these|those)|(?:[a-z]+\s+)?"
    r"(?:victims?|persons?|people|children|child|girls?|boys?|women|woman|men|man|suspects?|traffickers?|"
    r"survivors?|individuals?|minors?|adults?|foreigners?|nationals?|workers?))\b",
    re.I,
)  # fmt: skip
_SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*(?:of\s+)?(?:the\s+|all\s+)?(\d+)\b")
# What the cache holds for a family of indicators that gives nothing away (_exposures).
CLEAN = b"gives nothing away"
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def disclosure(ind: Indicator, observations: list[Observation], site: Site, provinces: tuple[Province, ...],
               at: At) -> Iterator[Problem]:  # fmt: skip
    """Every small count entered as a number, and every note or locator of the indicator that states one."""
    if not ind.sensitive:
        return
    k = site.disclosure_threshold
    if ind.unit == "count":
        for obs in observations:
            below_national = obs.geography != site.country_code or obs.is_breakdown
            if below_national and isinstance(obs.value, (int, float)) and 0 < obs.value < k:
                yield problem("small-count", Place(obs.where.path, *at(obs)), f"{obs.value:g}",
                              persons=ind.unit_label.default or "persons", most=k - 1, cell=_cell(obs, site))  # fmt: skip
    allowed = _published_small(observations, site)
    for obs in observations:
        texts = [
            ("note", obs.note),
            ("locator", obs.locator),
            *((f"note_{lang}", n) for lang, n in obs.note_translations),
        ]
        for column, text in texts:
            for found in small_numbers(text, k, allowed):
                yield _note_problem(obs.where.path, *at(obs, column), in_column(column), found, k)


def published(indicators: Sequence[Indicator], site: Site, provinces: tuple[Province, ...],
              at: Mapping[str, At], groups: tuple[Group, ...] = ()) -> Iterator[Problem]:  # fmt: skip
    """Every unpublished count of a sensitive indicator that published figures give away, by any route:
    a group of provinces' figure counts as the sum of its members'."""
    by_id = {ind.id: ind for ind in indicators}
    for ind in indicators:
        base = by_id.get(ind.derived_from)
        if base is not None and ind.id in at:
            yield from _from_suppressed(ind, base, at[ind.id])
    for family in _families(indicators, by_id):
        if any(_protected(ind, by_id) for ind in family):
            yield from _exposures(family, by_id, site, provinces, at, groups)


def _exposures(family: list[Indicator], by_id: Mapping[str, Indicator], site: Site, provinces: tuple[Province, ...],
               at: Mapping[str, At], groups: tuple[Group, ...]) -> Iterator[Problem]:  # fmt: skip
    """exposures(...), or nothing at once when the cache says the same family gave nothing away before.

    The key holds every input of the answer: the family's indicators with their figures, those
    they are derived from or part of, the site (k, country), the places and groups, the build's
    code and SciPy's version. `at` only locates problems, and a clean answer has none.
    """
    related = sorted({i for ind in family for i in (ind.derived_from, ind.part_of) if i and i in by_id})
    digest = cache_store.key("disclosure", cache_store.code(), cache_store.package("scipy"), repr(family),
                             repr([by_id[i] for i in related]), repr(site), repr(provinces), repr(groups))  # fmt: skip
    if cache_store.get("disclosure", digest) == CLEAN:
        return
    found = list(exposures(family, by_id, site, provinces, at, groups))
    if not found:
        cache_store.put("disclosure", digest, CLEAN)
    yield from found


def rules(doc: YamlDoc, ind: Indicator, by_id: Mapping[str, Indicator], site: Site) -> Iterator[Problem]:
    """Protection that cannot be switched off by accident, and the relations an indicator declares."""
    if ind.counts == "persons" and not ind.sensitive and not ind.sensitive_exception:
        mark = doc.mark(("sensitive",))
        yield problem("persons-not-sensitive", Place(doc.path, mark.line, mark.column))
    if ind.sensitive_exception and (ind.sensitive or ind.counts != "persons"):
        mark = doc.mark(("sensitive_exception",))
        yield problem("not-allowed/sensitive-exception", Place(doc.path, mark.line, mark.column))
    if ind.sensitive and ind.unit in ("percent", "rate-per-100000") and not ind.derived_from:
        mark = doc.mark(("unit",))
        yield problem("missing-key/derived-from", Place(doc.path, mark.line, mark.column), measure=_measure(ind))
    if ind.part_of:
        yield from _part_of(doc, ind, by_id)
    if ind.sensitive:
        allowed = _published_small(list(ind.observations), site)
        for path, text in _notes(doc.data):
            mark = doc.mark(path)
            for found in small_numbers(text, site.disclosure_threshold, allowed):
                yield _note_problem(doc.path, mark.line, mark.column, dotted(path), found, site.disclosure_threshold)


def exceptions(indicators: Sequence[Indicator]) -> list[str]:
    """One line per indicator of persons that is not sensitive, with its reason: printed by every build."""
    return [f"  exception  {ind.where.path}: {ind.id} counts persons but is not sensitive, so disclosure control "
            f"does not apply to it: {ind.sensitive_exception}" for ind in indicators if ind.sensitive_exception]  # fmt: skip


# --- numbers in text ----------------------------------------------------------------------


@cache
def _reference_words() -> frozenset[str]:
    """Words after which a number is a reference, here and in each locale file's _reference_words."""
    return frozenset(REFERENCE_WORDS) | all_words("reference_words")


@cache
def _not_persons() -> frozenset[str]:
    """Words before which a number counts no persons, here and in each locale file's _not_persons."""
    return frozenset(NOT_PERSONS) | all_words("not_persons")


def small_numbers(text: str, k: int, allowed: set[int] = frozenset()) -> Iterator[str]:  # type: ignore[assignment]
    """Each passage of `text` that states a count from 1 to k-1: not a year, a reference, a time or a published figure."""
    if not text:
        return
    for match in _NUMBER.finditer(text):
        number = int(match.group(1))
        if not 0 < number < k or number in allowed:
            continue
        before = [w.lower() for w in _WORD.findall(text[max(0, match.start() - 30) : match.start()])]
        after = [w.lower() for w in _WORD.findall(text[match.end() : match.end() + 30])]
        if before and before[-1] in _reference_words() or after and after[0] in _not_persons():
            continue
        if before[-2:] in (["at", "least"], ["more", "than"]) or before[-1:] == ["over"]:
            continue  # a lower bound says nothing about how few
        yield _passage(text, match.start(), match.end())
    for match in _SPELLED.finditer(text):
        if 0 < _WORDS[match.group(1).lower()] < k:
            yield match.group(0)
    for match in _SHARE.finditer(text):
        share, total = float(match.group(1)), int(match.group(2))
        count = share * total / 100
        if 0.5 <= count < k - 0.5 and total not in allowed:
            yield match.group(0)


def _passage(text: str, start: int, end: int) -> str:
    words = text[max(0, start - 20) : end + 20].split()
    return " ".join(words)


def _note_problem(path: str, line: int, column: int, where: str | Phrase, found: str, k: int) -> Problem:
    return problem("small-count-in-note", Place(path, line, column, where), found, most=k - 1, k=k)


def _notes(data: object) -> Iterator[tuple[YamlPath, str]]:
    """The notes of an indicator file (notes, and each series' note), in every language."""
    return (
        (path, text) for path, text in strings(data) if any(p in ("notes", "note") for p in path if isinstance(p, str))
    )


def _published_small(observations: list[Observation], site: Site) -> set[int]:
    """Small figures published as undisaggregated national totals: a note may repeat them."""
    return {
        int(o.value)
        for o in observations
        if o.geography == site.country_code and not o.is_breakdown and isinstance(o.value, (int, float))
        and o.status not in NO_VALUE_STATUSES and o.value == int(o.value)
    }  # fmt: skip


# --- relations between indicators -----------------------------------------------------------


def _from_suppressed(ind: Indicator, base: Indicator, at: At) -> Iterator[Problem]:
    """A rate or percentage computed from a count that is suppressed is suppressed too."""
    suppressed = {_match_key(o): o for o in base.observations if o.status == "suppressed"}
    for obs in ind.observations:
        if isinstance(obs.value, (int, float)) and (hidden := suppressed.get(_match_key(obs))) is not None:
            yield problem("rate-from-suppressed", Place(obs.where.path, *at(obs)), f"{obs.value:g}", measure=_measure(ind),
                          file=hidden.where.path, line=hidden.where.line)  # fmt: skip


def _families(indicators: Sequence[Indicator], by_id: Mapping[str, Indicator]) -> list[list[Indicator]]:
    """Indicators that count the same persons (part_of) or are computed from one another (derived_from)."""
    parent = {ind.id: ind.id for ind in indicators}

    def find(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for ind in indicators:
        for other in (ind.part_of, ind.derived_from):
            if other in by_id and find(other) != find(ind.id):
                parent[find(other)] = find(ind.id)
    families: dict[str, list[Indicator]] = {}
    for ind in indicators:
        families.setdefault(find(ind.id), []).append(ind)
    return list(families.values())


def _protected(ind: Indicator, by_id: Mapping[str, Indicator]) -> bool:
    base = by_id.get(ind.derived_from)
    return ind.unit == "count" and ind.sensitive or base is not None and base.sensitive


def _part_of(doc: YamlDoc, ind: Indicator, by_id: Mapping[str, Indicator]) -> Iterator[Problem]:
    mark = doc.mark(("part_of",))
    whole = by_id.get(ind.part_of)
    if whole is None:
        yield problem("unknown-indicator/part-of", Place(doc.path, mark.line, mark.column), ind.part_of)
        return
    if ind.unit != "count" or whole.unit != "count":
        yield problem("not-allowed/part-of", Place(doc.path, mark.line, mark.column), ind.part_of)
    seen = [ind.id]
    current: Indicator | None = whole
    while current is not None and current.part_of:
        if current.part_of in seen or current.part_of == ind.id:
            chain = " → ".join([*seen, current.id, current.part_of])
            yield problem("part-of-cycle", Place(doc.path, mark.line, mark.column), ind.part_of, chain=chain)
            return
        seen.append(current.id)
        current = by_id.get(current.part_of)


def _cell(obs: Observation, site: Site) -> str:
    """Which cell a small count is in, in names the editor wrote (KH-1, sex female): the same in every language."""
    parts = [obs.geography] if obs.geography != site.country_code else []
    parts += [f"{d} {v}" for d, v in obs.dimensions if v]
    return ", ".join(parts)


def _measure(ind: Indicator) -> str:
    """A unit as a problem names it (rate per 100000): a value each language's problem words translate."""
    return ind.unit.replace("-", " ")


def _match_key(obs: Observation) -> tuple[Period, str, frozenset[tuple[str, str]]]:
    return (obs.period, obs.geography, frozenset((d, v) for d, v in obs.dimensions if v))
