"""Audit the built site: no count of persons from 1 to k-1 in a breakdown reaches a reader.

Validation keeps small counts out of data/, but the pages, charts and downloads are made
by code that adds, subtracts and reformats. This check reads what was actually built, the
way a reader or a scraper would, and fails the build if any published number of a
sensitive indicator, below national level or in a breakdown, lies between 1 and k-1:

- downloads and chart data files (CSV and JSON under site/), record by record;
- chart specifications embedded in pages (their data values) and the marks' text
  alternatives in inline SVG (aria-label="Victims: 75; category: Female");
- HTML tables on the indicator, embed and province pages;
- the search index (site/search/search_index.json), whose text flattens those tables.

It runs after MkDocs and before the new site replaces the old one. What it finds in a file
depends only on the file's bytes and on what the data says is sensitive and how it is labelled
(`_context`), so each file's findings are kept by those in the build cache (scripts/cache.py),
and in memory for a live preview: a rebuild audits again only the files that changed.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

from scripts import cache as cache_store
from scripts.htmlpage import Page, Reading
from scripts.i18n import FALLBACK, all_locales, all_totals, any_digit, locale, to_latin_digits
from scripts.model import Dataset, Group, Indicator, Province
from scripts.problems import Place, Problem, problem
from scripts.registry import shown
from scripts.wording import page_wording

# Record fields that name a period, an order or a place rather than hold a count.
NOT_COUNTS = {"period", "label", "order", "year", "kind", "period_kind", "start", "end", "date", "month"}
# The kinds of file a reader or a scraper reads figures from (PNG charts are drawn from the SVG ones).
AUDITED = (".html", ".csv", ".json", ".svg")
# Words and signs before a number that make it a bound or a round figure; it is still a count.
BOUND = r"(?:at least|more than|about|approx\.?|~|≈|≥|>)?"
# Digits as any page may write them, in any language's digits.
DIGIT = any_digit()
# Words that stand between a breakdown label and its value in flattened text ("North Region All 40").
FILLERS = all_totals()


@dataclass
class _Sensitive:
    """What identifies a breakdown of one sensitive indicator in the built site."""

    indicator: Indicator
    labels: set[str] = field(default_factory=set)  # province and dimension labels, ids and codes
    # A breakdown's name as readers see it, then its value, in text that lost its table cells;
    # one pattern per language, since each groups the digits of a number its own way.
    flat: dict[str, re.Pattern[str]] = field(default_factory=dict)
    dims: frozenset[str] = frozenset()  # the indicator's dimension ids: columns that name a group, not a count


class Audit:
    """The audit as the build runs it: shown each finished page as read (scripts/finish.py), so none is parsed twice."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.pages: dict[Path, Reading] = {}

    def page(self, path: Path, reading: Reading) -> None:
        """Keep what a reader finds in a finished page, for the audit."""
        self.pages[path] = reading

    def __call__(self, site: Path) -> list[Problem]:
        """Every problem in the built site, its pages as shown, its other files read from disk."""
        return audit(site, self.data, self.pages)


def audit(site: Path, data: Dataset, pages: Mapping[Path, Reading] | None = None) -> list[Problem]:
    """Every small count of a sensitive breakdown found in the built site `site`.

    `pages` holds what a reader finds in pages already read, by path; any other file is read from disk.
    """
    pages = pages or {}
    k = data.site.disclosure_threshold
    ids = [ind.id for ind in data.indicators if ind.sensitive and ind.unit == "count"]
    pages_shown = shown(data)
    context = _context(data, ids, pages_shown)
    breakdowns: dict[str, _Sensitive] = {}  # made when a file is audited, not found in the cache

    def sensitive() -> dict[str, _Sensitive]:
        if not breakdowns:
            breakdowns.update({ind.id: _breakdowns(ind, data) for ind in data.indicators if ind.id in ids})
        return breakdowns

    words: list[Problem] = []  # the words every page shows (scripts/wording.py), listed first
    problems: list[Problem] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or "assets" in path.relative_to(site).parts:
            continue
        if path.suffix != ".html" and not ids or path.suffix not in AUDITED:
            continue
        if path.suffix == ".svg" and not _owner(path.relative_to(site), ids, pages_shown, data.site.languages):
            continue  # a chart of an indicator that is not sensitive
        rel = f"{site.name}/{path.relative_to(site).as_posix()}"
        digest = cache_store.key("audit", context, rel, cache_store.file_hash(path))
        found = _known(digest, partial(_file, path, site, rel, pages, ids, sensitive, pages_shown, data, k))
        words += found[0]
        problems += found[1]
    return words + problems


def _file(path: Path, site: Path, rel: str, pages: Mapping[Path, Reading], ids: Collection[str],
          sensitive: Callable[[], dict[str, _Sensitive]], pages_shown: Mapping[str, tuple[str, ...]], data: Dataset,
          k: int) -> tuple[list[Problem], list[Problem]]:  # fmt: skip
    """One built file's problems: the words it shows, then the small counts it publishes."""
    owner = _owner(path.relative_to(site), ids, pages_shown, data.site.languages)
    lang = _language(path.relative_to(site).as_posix(), data)
    if path.suffix == ".csv":
        return [], _csv(path, rel, owner, sensitive(), data, k)
    if path.name == "search_index.json":
        return [], _search_index(path, rel, sensitive(), k, data)
    if path.suffix == ".json":
        return [], _json(path, rel, owner, sensitive(), data, k)
    if path.suffix == ".html":
        page = pages.get(path) or Page(path.read_text(encoding="utf-8", errors="replace")).reading()
        return page_wording(rel, page), _html(path, page, rel, owner, sensitive(), data, k, lang) if ids else []
    if path.suffix == ".svg" and owner:
        text = path.read_text(encoding="utf-8", errors="replace")
        return [], _svg_labels(text, rel, sensitive()[owner], data, k, lang)
    return [], []


def _context(data: Dataset, ids: list[str], pages_shown: Mapping[str, tuple[str, ...]]) -> str:
    """Everything besides a file's own bytes that decides what the audit finds in it: the build's
    code, the site (k, country, languages), the places and groups, the sensitive indicators' titles
    and breakdowns (not their figures: those are in the files), and which page shows which indicator."""
    labelled = [(ind.id, ind.title, ind.unit, ind.dimensions) for ind in data.indicators if ind.id in ids]
    return cache_store.key("audit-context", cache_store.code(), repr(data.site), repr(data.provinces),
                           repr(data.groups), repr(labelled), sorted(pages_shown.items()))  # fmt: skip


def _known(
    digest: str, audit_file: Callable[[], tuple[list[Problem], list[Problem]]]
) -> tuple[list[Problem], list[Problem]]:
    """A file's findings from the cache (in memory in a live preview), else `audit_file()`'s, kept for next time."""
    stored = cache_store.get("audit", digest)
    if stored is not None:
        words, leaks = ([_problem(p) for p in part] for part in json.loads(stored))
        return words, leaks
    found = audit_file()
    entry = [[asdict(p) for p in part] for part in found]
    cache_store.put("audit", digest, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    return found


def _problem(fields: dict[str, Any]) -> Problem:
    """A Problem from its asdict() fields (lists back to the tuples it holds)."""
    return Problem(**(fields | {"values": tuple((name, value) for name, value in fields["values"])}))


def _breakdowns(ind: Indicator, data: Dataset) -> _Sensitive:
    codes, names = set(), set()
    places: list[Province | Group] = [*data.provinces, *data.groups]
    for province in places:
        codes.add(province.code)
        names |= set(province.name.versions())
    for dim in ind.dimensions:
        for value in dim.values:
            codes.add(value.id)
            names |= set(value.label.versions())
    names.discard("")
    flat = {}
    if names:
        label = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        filler = "|".join(re.escape(word) for word in FILLERS)
        for lang, (thousands, decimal) in ((loc.lang, loc.separators) for loc in all_locales()):
            # A number ends where its digits end; a decimal separator and digits make it no count at all.
            number = rf"{DIGIT}(?:{DIGIT}|{re.escape(thousands)}(?={DIGIT}))*(?!{DIGIT}|{re.escape(decimal)}{DIGIT})"
            flat[lang] = re.compile(rf"({label})(?:[\s:=,–-]*(?:{label}|{filler}))*[\s:=–-]*({number})")
    return _Sensitive(ind, codes | names, flat, frozenset(d.id for d in ind.dimensions))


def _language(rel: str, data: Dataset) -> str:
    """The language a built file is written in: its folder's (km/...), else the site's first.

    Downloads and chart data are for machines: plain digits and a decimal point, read as English.
    """
    first = rel.split("/", 1)[0]
    if first in data.site.languages[1:]:
        return first
    return data.site.languages[0] if rel.endswith((".html", ".svg")) else FALLBACK


def _owner(
    rel: Path, sensitive: Collection[str], shown: Mapping[str, tuple[str, ...]], languages: Sequence[str]
) -> str:
    """The sensitive indicator a built file belongs to, from its stable URL; '' for none.

    A page's are the indicators the page registry says it shows (`shown`, by the page's folder,
    less the /<lang>/ of a language after the first: fr-CA/ as well as km/); a download or chart
    file's is the indicator its name starts with.
    """
    parts = list(rel.parts[1:] if rel.parts[:1] and rel.parts[0] in languages[1:] else rel.parts)
    page = "/".join(parts[:-1])
    if page in shown:
        return next((i for i in shown[page] if i in sensitive), "")
    stem = rel.stem
    matches = [i for i in sensitive if stem == i or stem.startswith(f"{i}-")]
    return max(matches, key=len, default="")


def _count(value: Any, lang: str = FALLBACK) -> int | None:
    """The whole number a cell or field shows, read as its page writes numbers (1,570 in English,
    1.570 in Khmer, in Latin or Khmer digits), or None when it does not show just a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value == int(value) else None
    if not isinstance(value, str):
        return None
    return _text_count(value, lang)


@lru_cache(maxsize=1 << 16)
def _text_count(value: str, lang: str) -> int | None:
    """_count of a text: asked once per text and language, since a site's cells repeat (sources,
    places, statuses, the same figures) and the audit reads every record of every download."""
    match = _number(lang).fullmatch(to_latin_digits(value.strip()))
    if match is None or (match.group(2) and int(match.group(2))):
        return None  # not a number, or one with decimals: a rate, not a count
    digits = re.sub(r"[^0-9]", "", match.group(1))
    return int(digits) if digits else None


@cache
def _number(lang: str) -> re.Pattern[str]:
    """A whole text that shows a number as `lang` writes it, a bound or round figure's word before it."""
    thousands, decimal = locale(lang).separators
    pattern = rf"{BOUND}\s*([0-9][0-9{re.escape(thousands)}\u202f\u00a0 ]*)(?:{re.escape(decimal)}([0-9]+))?"
    return re.compile(pattern, re.I)


def _leak(rel: str, line: int, ind: Indicator, value: int, where: str, k: int) -> Problem:
    return problem("published-small-count", Place(rel, line), str(value), value=value, cell=where, id=ind.id,
                   most=k - 1, k=k)  # fmt: skip


# --- records: downloads, chart data, embedded specs ----------------------------------------


def _record(record: dict[str, Any], rel: str, line: int, owner: str, sensitive: dict[str, _Sensitive], data: Dataset,
            k: int, lang: str = FALLBACK) -> Iterator[Problem]:  # fmt: skip
    """One row of a table of figures: a leak if it is a sensitive breakdown showing 1..k-1."""
    indicator = record.get("indicator")
    target = sensitive.get(indicator) if isinstance(indicator, str) else sensitive.get(owner)
    if target is None:
        return
    dims = target.dims
    # The first small count, if any; only then is the record's breakdown named (most records have none).
    small = next((n for key in _counted(tuple(record), dims) if (n := _count(record[key], lang)) is not None
                  and 0 < n < k), None)  # fmt: skip
    if small is None:
        return
    breakdown = [
        f"{key} {value}" for key, value in record.items()
        if isinstance(value, str) and value and (
            (key == "geography" and value != data.site.country_code)
            or key in dims or (value in target.labels and not key.startswith("geography_name")))
    ]  # fmt: skip
    if breakdown:
        yield _leak(rel, line, target.indicator, small, ", ".join(breakdown), k)


@lru_cache(maxsize=1024)
def _counted(keys: tuple[str, ...], dims: frozenset[str]) -> tuple[str, ...]:
    """The fields of a record that may hold a count, in order: the records of a file share their
    fields, so each file's are sorted out once, not once per record (at 100,000 records, millions)."""
    return tuple(key for key in keys if key.lower() not in NOT_COUNTS and key not in dims and key != "geography")


def _csv(path: Path, rel: str, owner: str, sensitive: dict[str, _Sensitive], data: Dataset, k: int) -> list[Problem]:
    problems: list[Problem] = []
    # Read as a stream: all.csv at 100,000 observations is 22 MB, four times that as a StringIO.
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        for record in reader:
            problems += _record(record, rel, reader.line_num, owner, sensitive, data, k)
    return problems


def _json(path: Path, rel: str, owner: str, sensitive: dict[str, _Sensitive], data: Dataset, k: int) -> list[Problem]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return []
    return [p for record in _records(document) for p in _record(record, rel, 0, owner, sensitive, data, k)]


def _records(document: Any) -> Iterator[dict[str, Any]]:
    """Every object inside a list, anywhere in a JSON document (observations, data values)."""
    in_list = isinstance(document, list)
    for item in document if in_list else document.values() if isinstance(document, dict) else ():
        if in_list and isinstance(item, dict) and any(not isinstance(v, (dict, list)) for v in item.values()):
            yield item
        if isinstance(item, (dict, list)):  # a number or a text holds no record: not looked into
            yield from _records(item)


# --- pages: tables, embedded specs, text alternatives --------------------------------------


def _html(path: Path, page: Reading, rel: str, owner: str, sensitive: dict[str, _Sensitive], data: Dataset, k: int,
          lang: str = FALLBACK) -> list[Problem]:  # fmt: skip
    problems: list[Problem] = []
    for line, text in page.data:
        try:
            document = json.loads(text)
        except ValueError:
            continue
        for record in _records(document):
            problems += _record(record, rel, line, owner, sensitive, data, k, lang)
    province_page = _province_page(path, data)
    titles = {title: i for i, s in sensitive.items() for title in s.indicator.title.versions() if title}
    for line, cells in page.rows:
        # A row belongs to a sensitive indicator by its page, or by naming or linking to it.
        target = sensitive.get(owner) or next(
            (sensitive[titles[text]] for text, _, _ in cells if text in titles), None
        ) or next((sensitive[i] for _, _, href in cells for i in sensitive if f"/indicators/{i}/" in f"/{href}"), None)  # fmt: skip
        if target is None:
            continue
        breakdown = [text for text, _, _ in cells if text in target.labels] or (
            [province_page] if province_page else []
        )
        if not breakdown:
            continue
        numeric = [text for text, num, _ in cells if num] or [text for text, _, _ in cells]
        for text in numeric:
            number = _count(text, lang)
            if number is not None and 0 < number < k:
                problems.append(_leak(rel, line, target.indicator, number, ", ".join(breakdown), k))
                break
    if owner:
        problems += _label_problems(page.labels, rel, sensitive[owner], data, k, lang)
    return problems


def _province_page(path: Path, data: Dataset) -> str:
    parts = path.parts
    if "provinces" in parts and parts.index("provinces") + 1 < len(parts) - 1:
        folder = parts[parts.index("provinces") + 1]
        places: list[Province | Group] = [*data.provinces, *data.groups]
        return next((p.code for p in places if p.code.lower() == folder), "")
    return ""


def _svg_labels(text: str, rel: str, target: _Sensitive, data: Dataset, k: int, lang: str = FALLBACK) -> list[Problem]:
    return _label_problems(Page(text).reading().labels, rel, target, data, k, lang)


def _label_problems(
    labels: list[tuple[int, str]], rel: str, target: _Sensitive, data: Dataset, k: int, lang: str = FALLBACK
) -> list[Problem]:
    """Text alternatives of chart marks ("Victims: 75; category: Female") and of whole charts."""
    problems: list[Problem] = []
    owner = {target.indicator.id: target}
    for line, label in labels:
        pairs = [part.split(": ", 1) for part in label.split("; ")]
        found: list[Problem] = []
        if len(pairs) > 1 and all(len(p) == 2 for p in pairs):
            found = list(_record(dict(pairs), rel, line, target.indicator.id, owner, data, k, lang))
        flat = _flat(label, target, k, lang)
        problems += found or [_leak(rel, line, target.indicator, n, where, k) for n, where in flat]
    return problems


# --- flattened text: the search index and sentences ----------------------------------------


def _search_index(path: Path, rel: str, sensitive: dict[str, _Sensitive], k: int, data: Dataset) -> list[Problem]:
    try:
        docs = json.loads(path.read_text(encoding="utf-8")).get("docs", [])
    except (ValueError, AttributeError):
        return []
    problems = []
    pages_shown = shown(data)
    for doc in docs:
        location = str(doc.get("location", ""))
        owner = _owner(Path(location.split("#")[0]) / "index.html", sensitive, pages_shown, data.site.languages)
        if not owner:
            continue
        text = re.sub(r"<[^>]+>", " ", str(doc.get("text", "")))
        lang = _language(location.split("#")[0] + "index.html", data)
        for number, where in _flat(text, sensitive[owner], k, lang):
            problems.append(problem("published-small-count/search", Place(rel), str(number), location=location,
                                    value=number, cell=where, id=owner, most=k - 1, k=k))  # fmt: skip
    return problems


def _flat(text: str, target: _Sensitive, k: int, lang: str = FALLBACK) -> Iterator[tuple[int, str]]:
    """Numbers that follow a breakdown label in flattened text, e.g. "North Region All 7 Ministry"."""
    pattern = target.flat.get(lang) or target.flat.get(FALLBACK)
    if pattern is None:
        return
    for match in pattern.finditer(text):
        number = _count(match.group(2), lang)
        if number is not None and 0 < number < k:
            yield number, match.group(1)
