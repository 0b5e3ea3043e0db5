"""What makes a built site publishable, as properties any valid data folder must have.

Used on the live data/ (tests/test_publishable.py) and on the editor's simulated changes
(tests/test_editor.py): no figure is written here, so editors change data without touching tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from scripts.build import check
from scripts.firstview import indicator_rows
from scripts.i18n import locale
from scripts.model import Dataset, Indicator, Observation
from scripts.tables import revision_words, shown_value

# A text alternative is a summary of the chart, not its data table (which sits beside it).
MAX_ALT = 600


def assert_publishable(data_dir: Path, site: Path) -> Dataset:
    """The data validates and every published observation reached the built `site`:
    its indicator page's table in every language, the chart's data, and the downloads."""
    data = check(data_dir)
    assert (site / "index.html").is_file() and (site / "feed.xml").is_file()
    all_rows = _csv((site / "data" / "all.csv").read_text(encoding="utf-8-sig"))
    for ind in data.indicators:
        if not ind.published:
            assert (site / "indicators" / ind.id / "index.html").is_file(), f"{ind.id}: the wanted page is missing"
            continue
        downloads = _csv((site / "data" / f"{ind.id}.csv").read_text(encoding="utf-8-sig"))
        as_json = json.loads((site / "data" / f"{ind.id}.json").read_text(encoding="utf-8"))
        charted = chart_points(site, ind.id)
        for lang in data.site.languages:
            page = site / ("" if lang == data.site.languages[0] else lang) / "indicators" / ind.id / "index.html"
            rows, alts = _page(page.read_text(encoding="utf-8"))
            # A large indicator's page shows its first view; every figure is still in the downloads.
            for obs in indicator_rows(ind.observations, data.site.country_code):
                assert _in_table(data, ind, obs, rows, lang), f"{_where(obs)} is not in the table of {page}"
                assert _revisions_in_table(data, ind, obs, rows, lang), f"{_where(obs)}: {page} hides a revision"
            for alt in alts:
                assert 0 < len(alt) <= MAX_ALT, f"{page}: the chart's text alternative is not a short summary: {alt!r}"
        for obs in ind.observations:
            assert _record(obs) in {_record_of(r) for r in downloads}, f"{_where(obs)} is not in data/{ind.id}.csv"
            if obs.revisions:  # what the latest value was revised from, with its source and date
                [row] = [r for r in downloads if _is_row_of(r, obs)]
                last = obs.revisions[-1]
                assert (row["revised_from"], row["revised_from_source"], row["revised_from_date"]) == (
                    _number(last.value), last.source, last.date), f"{_where(obs)}: data/{ind.id}.csv hides a revision"  # fmt: skip
            assert _record(obs) in {_record_of(r) for r in all_rows if r["indicator"] == ind.id}, (
                f"{_where(obs)} is not in data/all.csv"
            )
            if _is_charted(data, obs):
                drawn = ind.category_label(str(obs.value)).default if ind.unit == "category" else _number(obs.value)
                assert (obs.period.code(), drawn) in charted, f"{_where(obs)} is not in any chart's data"
        published = {_record_of(dict(r, value=_number(r["value"]))) for r in _json_observations(as_json)}
        assert {_record(o) for o in ind.observations} <= published, f"data/{ind.id}.json lacks observations"
    return data


def _where(obs: Observation) -> str:
    return f"{obs.where.path}:{obs.where.line} ({obs.period.code()}, {obs.geography}, {obs.series})"


def _in_table(data: Dataset, ind: Indicator, obs: Observation, rows: list[list[str]], lang: str) -> bool:
    loc = locale(lang, lang in data.site.native_digits, data.site.languages[0])
    shown = shown_value(data, ind, obs, loc)
    period = loc.period(obs.period, ind.year_kind)  # a fiscal year is named as one
    area = data.place(obs.geography)  # a province or a group of provinces
    place = loc.text(area.name if area else data.site.country_name)
    # An edition that says what it covers is shown as "the 2024 edition", in the language's own word order.
    named = (lambda cell: period in cell) if obs.covers else (lambda cell: cell.startswith(period))
    return any(named(r[0]) and any(place in c for c in r) and shown in r for r in rows)


def _revisions_in_table(data: Dataset, ind: Indicator, obs: Observation, rows: list[list[str]], lang: str) -> bool:
    """Each earlier value of a revised figure is said in its row ("revised from …"), in the page's language."""
    if not obs.revisions:
        return True
    said = revision_words(data, ind, obs, locale(lang, lang in data.site.native_digits, data.site.languages[0]))
    texts = [" ".join(c.replace("\u200b", "") for c in r) for r in rows]
    return any(all(w.replace("\u200b", "") in text for w in said) for text in texts)


def _is_row_of(row: dict[str, str], obs: Observation) -> bool:
    """The row of a download that holds this figure: the same period, geography, series and breakdown."""
    key = (row["period"], row["geography"], row["series"], *(row.get(d, "") for d, _ in obs.dimensions))
    return key == (obs.period.code(), obs.geography, obs.series, *(v for _, v in obs.dimensions))


def _is_charted(data: Dataset, obs: Observation) -> bool:
    """National figures for the whole population with a value are drawn; breakdowns show
    only their latest period, and provinces have a map and pages of their own."""
    return (
        obs.geography == data.site.country_code
        and not obs.is_breakdown
        and obs.status not in ("suppressed", "not-available")
    )


def chart_points(site: Path, indicator_id: str) -> set[tuple[str, str]]:
    """(period, value or label) of every point drawn in the indicator's charts, from their CSVs."""
    points = set()
    for path in sorted((site / "charts").glob(f"{indicator_id}*.csv")):
        for row in _csv(path.read_text(encoding="utf-8-sig")):
            points |= {(row["period"], row["value"]), (row["period"], row["text"])}
    return points


def _record(obs: Observation) -> tuple:
    return (obs.period.code(), obs.geography, obs.series, _number(obs.value), obs.status, obs.source)


def _record_of(row: dict[str, str]) -> tuple:
    # all.csv keeps one type per column: a category indicator's value is in `category`.
    value = row.get("category") or row["value"]
    return (row["period"], row["geography"], row["series"], value, row["status"], row["source"])


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _json_observations(doc: dict) -> list:
    found = doc.get("observations")
    assert isinstance(found, list), "the JSON download has no list of observations"
    return found


def _page(html: str) -> tuple[list[list[str]], list[str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.rows, parser.alts


class _Tables(HTMLParser):
    """The data rows of a page's tables (as cell texts) and its charts' text alternatives."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.alts: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and (values.get("class") or "").startswith("row--"):
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif values.get("role") == "img" and "chart__svg" in (values.get("class") or ""):
            self.alts.append(values.get("aria-label") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            # Runs of spaces and line breaks are one space; a no-break space inside a number (1 240
            # in French) is part of the number as the reader sees it.
            self._row.append(re.sub(r"[ \t\r\n\f]+", " ", "".join(self._cell).replace("\u200b", "")).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
