"""Every way an editor can break the data gives a located problem with a stable code.

Each case is one small mutation of the synthetic dataset (tests/fixtures/synthetic) and the
problem it must produce: (file, line, code). The build must exit with status 1 and leave the
previously built site untouched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.build import main
from scripts.load import load
from scripts.problems import CODES
from scripts.validate import validate
from tests.conftest import KESTRIA

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"
CASES_CSV = "observations/cases-recorded.csv"
PEOPLE_CSV = "observations/people-assisted.csv"
CASES_YML = "indicators/cases-recorded.yml"
ROW = "2019,ZZ,ministry,120,,reported,synthetic-ministry-2024,Table 1 (fictional),"  # line 2 of CASES_CSV
MALE = "2019,ZZ,ministry,male,40,,reported,synthetic-ministry-2024,Table 2 (fictional),"  # line 4 of PEOPLE_CSV


def replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    """A mutation: replace the first `old` in `file` with `new`."""

    def apply(data: Path) -> None:
        path = data / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")

    return apply


def write(file: str, content: str | bytes) -> Callable[[Path], None]:
    """A mutation: write `file` (bytes as they are, text as UTF-8)."""

    def apply(data: Path) -> None:
        path = data / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return apply


def encode(file: str, encoding: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    """A mutation: re-save `file` in another encoding, after an optional replacement."""

    def apply(data: Path) -> None:
        path = data / file
        path.write_bytes(path.read_text(encoding="utf-8").replace(old, new, 1).encode(encoding))

    return apply


def chain(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    """Several mutations, one after the other."""

    def apply(data: Path) -> None:
        for mutate in mutations:
            mutate(data)

    return apply


def delete(file: str) -> Callable[[Path], None]:
    return lambda data: (data / file).unlink()


def link_outside(file: str) -> Callable[[Path], None]:
    """A mutation: replace `file` with a link to a copy of it outside the data folder."""

    def apply(data: Path) -> None:
        outside = data.parent / "outside" / Path(file).name
        outside.parent.mkdir(exist_ok=True)
        outside.write_bytes((data / file).read_bytes())
        (data / file).unlink()
        (data / file).symlink_to(outside)

    return apply


OBSERVATION_HEADER = "period,geography,series,value,qualifier,status,source,locator,note\n"
DEEP = "- id: deep\n  date: " + "[" * 5000 + "]" * 5000 + "\n"
MONTHS = [f"{1950 + i // 12}-{i % 12 + 1:02d}" for i in range(501)]  # 501 different one-month periods
MONTHLY = "".join(f"{m}/{m},ZZ,ministry,{i},,reported,synthetic-ministry-2024,T,\n" for i, m in enumerate(MONTHS))


CASES: list[tuple[str, Callable[[Path], None], tuple[str, int, str]]] = [
    # Reading files: encodings, delimiters, quoting
    ("utf-16", encode(CASES_CSV, "utf-16"), (CASES_CSV, 1, "encoding")),
    (
        "windows-1252",
        encode(CASES_CSV, "cp1252", "Table 1 (fictional),\n2020", "Tableau 1 (fictif, él),\n2020"),
        (CASES_CSV, 2, "encoding"),
    ),
    (
        "semicolons",
        lambda d: (d / CASES_CSV).write_text((d / CASES_CSV).read_text().replace(",", ";")),
        (CASES_CSV, 1, "csv-delimiter"),
    ),
    (
        "tab-delimited",
        lambda d: (d / CASES_CSV).write_text((d / CASES_CSV).read_text().replace(",", "\t")),
        (CASES_CSV, 1, "csv-delimiter"),
    ),
    ("excel-sep-line", replace(CASES_CSV, "period,", "sep=,\nperiod,"), (CASES_CSV, 1, "csv-delimiter")),
    (
        "unclosed-quote",
        replace(CASES_CSV, "Table 1 (fictional),\n2020", '"Table 1 (fictional),\n2020'),
        (CASES_CSV, 2, "csv-syntax"),
    ),
    (
        "text-after-quote",
        replace(CASES_CSV, "Table 1 (fictional),\n2020", '"Table 1" (fictional),\n2020'),
        (CASES_CSV, 2, "csv-syntax"),
    ),
    ("empty-csv", write(CASES_CSV, ""), (CASES_CSV, 1, "csv-empty")),
    (
        "control-character",
        replace("sources.yml", "Fictional source", "Fictional\x0b source"),
        ("sources.yml", 10, "control-character"),
    ),
    (
        "spreadsheet-uploaded",
        write("observations/cases-recorded.xlsx", b"PK\x03\x04"),
        ("observations/cases-recorded.xlsx", 0, "unknown-file"),
    ),
    ("csv-in-wrong-folder", write("cases.csv", "period\n"), ("cases.csv", 0, "unknown-file")),
    # YAML traps
    ("yaml-tab", replace(CASES_YML, "  en: Cases recorded", "\ten: Cases recorded"), (CASES_YML, 4, "yaml-tab")),
    (
        "yaml-syntax",
        replace(CASES_YML, "pillar: prosecution", "pillar: prosecution: courts"),
        (CASES_YML, 7, "yaml-syntax"),
    ),
    (
        "yaml-duplicate-key",
        replace(CASES_YML, "chart: bar", "chart: bar\nchart: line"),
        (CASES_YML, 17, "yaml-duplicate-key"),
    ),
    (
        "yaml-alias",
        chain(
            replace(CASES_YML, "title:\n", "title: &t\n"),
            replace(CASES_YML, "unit_label:\n  en: cases", "unit_label: *t"),
        ),
        (CASES_YML, 9, "yaml-alias"),
    ),
    (
        "yaml-impossible-date",
        replace("sources.yml", 'published: "2024-08-15"', "published: 2024-02-30"),
        ("sources.yml", 6, "yaml-value"),
    ),
    ("yaml-no-as-text", replace("site.yml", "code: ZZ", "code: NO"), ("site.yml", 8, "yaml-boolean")),
    (
        "yaml-unquoted-date",
        replace("sources.yml", 'published: "2024-08-15"', "published: 2024-08-15"),
        ("sources.yml", 6, "yaml-date"),
    ),
    ("yaml-octal", replace("events.yml", 'date: "2021-06"', "date: 010"), ("events.yml", 4, "yaml-number")),
    ("yaml-year-as-number", replace("events.yml", 'date: "2021-06"', "date: 2021"), ("events.yml", 4, "yaml-number")),
    # Schemas
    ("missing-key", replace(CASES_YML, "unit: count\n", ""), (CASES_YML, 2, "missing-key")),
    ("unknown-key", replace(CASES_YML, "chart: bar", "chrt: bar"), (CASES_YML, 16, "unknown-key")),
    ("chart-unit", replace(CASES_YML, "chart: bar", "chart: step"), (CASES_YML, 16, "chart-unit")),
    ("not-allowed", replace(CASES_YML, "unit: count", "unit: counts"), (CASES_YML, 8, "not-allowed")),
    (
        "bad-url",
        replace("sources.yml", "url: https://example.org/synthetica/annual-report-2024", "url: javascript:alert(1)"),
        ("sources.yml", 7, "bad-format"),
    ),
    (
        "threshold-below-5",
        replace("site.yml", "disclosure_threshold: 10", "disclosure_threshold: 3"),
        ("site.yml", 21, "out-of-range"),
    ),
    ("empty-text", replace(CASES_YML, "en: Cases recorded (synthetic)", 'en: ""'), (CASES_YML, 4, "empty-value")),
    (
        "text-not-a-block",
        replace(CASES_YML, "title:\n  en: Cases recorded (synthetic)", "title: Cases recorded"),
        (CASES_YML, 3, "wrong-type"),
    ),
    ("missing-file", delete("sources.yml"), ("sources.yml", 0, "missing-file")),
    ("empty-file", write("site.yml", "# nothing yet\n"), ("site.yml", 1, "empty-file")),
    # CSV headers
    ("header-space", replace(CASES_CSV, "series,value,", "series,value ,"), (CASES_CSV, 1, "header-space")),
    (
        "missing-column",
        replace(CASES_CSV, "period,geography,series,value,", "period,geography,series,Value,"),
        (CASES_CSV, 1, "missing-column"),
    ),
    ("unknown-column", replace(CASES_CSV, ",note\n", ",note,extra\n"), (CASES_CSV, 1, "unknown-column")),
    ("duplicate-column", replace(CASES_CSV, ",note\n", ",note,note\n"), (CASES_CSV, 1, "duplicate-column")),
    (
        "personal-data-column",
        replace(CASES_CSV, ",note\n", ",note,victim_name\n"),
        (CASES_CSV, 1, "personal-data-column"),
    ),
    (
        "person-level-rows",
        write(CASES_CSV, "period,age,sex,nationality,source\n2019,14,female,KH,x\n"),
        (CASES_CSV, 1, "person-level-rows"),
    ),
    # CSV cells
    (
        "wrong-cell-count",
        replace(CASES_CSV, "Table 1 (fictional),\n2020", "Table 1, fictional,\n2020"),
        (CASES_CSV, 2, "wrong-cell-count"),
    ),
    (
        "formula",
        replace(CASES_CSV, "(fictional),\n2020", '(fictional),"=HYPERLINK(""http://x"")"\n2020'),
        (CASES_CSV, 2, "formula"),
    ),
    ("formula-at", replace(CASES_CSV, "Table 1 (fictional),\n2020", "@SUM(A1),\n2020"), (CASES_CSV, 2, "formula")),
    ("bad-period", replace(CASES_CSV, ROW, ROW.replace("2019", "FY2019")), (CASES_CSV, 2, "bad-period")),
    ("bad-month", replace(CASES_CSV, "2024-01/2024-06", "2024-01/2024-13"), (CASES_CSV, 7, "bad-period")),
    # Periods as sources word them: rough ones refused, fiscal years declared
    ("approximate-mid", replace(CASES_CSV, ROW, ROW.replace("2019", "mid-2019")), (CASES_CSV, 2, "approximate-period")),
    (
        "approximate-edtf",
        replace(CASES_CSV, ROW, ROW.replace("2019", "2015/2019~")),
        (CASES_CSV, 2, "approximate-period"),
    ),
    (
        "approximate-words",
        replace(CASES_CSV, ROW, ROW.replace("2019", "the past four years")),
        (CASES_CSV, 2, "approximate-period"),
    ),
    (
        "fiscal-year-undeclared",
        replace(CASES_CSV, ROW, ROW.replace("2019", "2018-04/2019-03")),
        (CASES_CSV, 2, "twelve-month-start"),
    ),
    (
        "fiscal-year-other-start",
        chain(
            replace(
                CASES_YML,
                "update_frequency:",
                "twelve_month_year:\n  kind: fiscal-year\n  starts: 4\nupdate_frequency:",
            ),
            replace(CASES_CSV, ROW, ROW.replace("2019", "2018-07/2019-06")),
        ),
        (CASES_CSV, 2, "twelve-month-start"),
    ),
    (
        "covers-approximate",
        write(
            CASES_CSV,
            OBSERVATION_HEADER.replace("series,", "series,covers,")
            + ROW.replace("ministry,", "ministry,around 2018,")
            + "\n",
        ),
        (CASES_CSV, 2, "approximate-period"),
    ),
    (
        "covers-not-a-period",
        write(
            CASES_CSV,
            OBSERVATION_HEADER.replace("series,", "series,covers,")
            + ROW.replace("ministry,", "ministry,2018-13,")
            + "\n",
        ),
        (CASES_CSV, 2, "bad-period"),
    ),
    # Money and percentages of a named base
    (
        "unknown-currency",
        replace(CASES_YML, "unit: count", "unit: currency\ncurrency: USX"),
        (CASES_YML, 9, "unknown-currency"),
    ),
    ("currency-missing", replace(CASES_YML, "unit: count", "unit: currency"), (CASES_YML, 2, "missing-key")),
    (
        "currency-on-a-count",
        replace(CASES_YML, "unit: count", "unit: count\ncurrency: USD"),
        (CASES_YML, 9, "not-allowed"),
    ),
    (
        "percent-of-on-a-count",
        replace(CASES_YML, "unit: count", "unit: count\npercent_of:\n  en: of cases"),
        (CASES_YML, 10, "not-allowed"),
    ),
    (
        "negative-amount",
        chain(
            replace(CASES_YML, "unit: count", "unit: currency\ncurrency: USD"),
            replace(CASES_CSV, ROW, ROW.replace(",120,", ",-12.5,")),
        ),
        (CASES_CSV, 2, "out-of-range"),
    ),
    ("missing-value", replace(CASES_CSV, ROW, ROW.replace(",120,", ",,")), (CASES_CSV, 2, "missing-value")),
    ("n/a", replace(CASES_CSV, ROW, ROW.replace(",120,", ",N/A,")), (CASES_CSV, 2, "missing-value-marker")),
    ("dash", replace(CASES_CSV, ROW, ROW.replace(",120,", ",-,")), (CASES_CSV, 2, "missing-value-marker")),
    (
        "value-with-status",
        replace(CASES_CSV, ROW, ROW.replace("reported", "not-available")),
        (CASES_CSV, 2, "value-with-status"),
    ),
    (
        "thousands-separator",
        replace(CASES_CSV, ROW, ROW.replace(",120,", ',"1,234",')),
        (CASES_CSV, 2, "thousands-separator"),
    ),
    ("decimal-comma", replace(CASES_CSV, ROW, ROW.replace(",120,", ',"12,5",')), (CASES_CSV, 2, "decimal-comma")),
    ("decimal-in-count", replace(CASES_CSV, ROW, ROW.replace(",120,", ",12.5,")), (CASES_CSV, 2, "not-a-whole-number")),
    ("words", replace(CASES_CSV, ROW, ROW.replace(",120,", ",twelve,")), (CASES_CSV, 2, "not-a-number")),
    ("negative", replace(CASES_CSV, ROW, ROW.replace(",120,", ",-5,")), (CASES_CSV, 2, "negative-count")),
    ("duplicate-observation", replace(CASES_CSV, ROW, ROW + "\n" + ROW), (CASES_CSV, 3, "duplicate-observation")),
    ("status", replace(CASES_CSV, ROW, ROW.replace("reported", "published")), (CASES_CSV, 2, "not-allowed")),
    ("qualifier", replace(CASES_CSV, ROW, ROW.replace("120,,", "120,about,")), (CASES_CSV, 2, "not-allowed")),
    ("no-locator", replace(CASES_CSV, ROW, ROW.replace("Table 1 (fictional)", "")), (CASES_CSV, 2, "missing-value")),
    (
        "derived-without-note",
        replace(CASES_CSV, ROW, ROW.replace("reported", "derived")),
        (CASES_CSV, 2, "missing-value"),
    ),
    # References and files that belong to nothing
    (
        "unknown-source",
        replace(CASES_CSV, ROW, ROW.replace("synthetic-ministry-2024", "ministry-2024")),
        (CASES_CSV, 2, "unknown-source"),
    ),
    ("unknown-geography", replace(CASES_CSV, ROW, ROW.replace(",ZZ,", ",ZZ-9,")), (CASES_CSV, 2, "unknown-geography")),
    (
        "unknown-series",
        replace(CASES_CSV, ROW, ROW.replace(",ministry,", ",police,")),
        (CASES_CSV, 2, "unknown-series"),
    ),
    (
        "unknown-dimension-value",
        replace(PEOPLE_CSV, MALE, MALE.replace(",male,", ",men,")),
        (PEOPLE_CSV, 4, "unknown-dimension-value"),
    ),
    (
        "unknown-pillar",
        replace(CASES_YML, "pillar: prosecution", "pillar: prevention"),
        (CASES_YML, 7, "unknown-pillar"),
    ),
    (
        "unknown-source-in-yaml",
        replace("events.yml", "source: synthetic-ministry-2024", "source: nowhere"),
        ("events.yml", 7, "unknown-source"),
    ),
    (
        "duplicate-source-id",
        replace("sources.yml", "id: synthetic-census-2020", "id: synthetic-ministry-2024"),
        ("sources.yml", 11, "duplicate-id"),
    ),
    ("id-mismatch", replace(CASES_YML, "id: cases-recorded", "id: cases"), (CASES_YML, 2, "id-mismatch")),
    (
        "orphan-observations",
        write("observations/arrests.csv", "period,geography,series,value\n"),
        ("observations/arrests.csv", 1, "orphan-observations"),
    ),
    ("missing-observations", delete(CASES_CSV), (CASES_YML, 1, "missing-observations")),
    (
        "unpublished-with-data",
        replace(CASES_YML, "chart: bar", "chart: bar\npublished: false\nwanted:\n  why:\n    en: x\n  who:\n    en: y"),
        (CASES_CSV, 1, "unpublished-with-data"),
    ),
    (
        "reserved-dimension",
        replace("indicators/people-assisted.yml", "  - id: sex", "  - id: village"),
        ("indicators/people-assisted.yml", 22, "reserved-column"),
    ),
    (
        "history-order",
        write(
            "commitments.yml",
            """- id: c1
  title: {en: Train judges}
  pillar: prosecution
  made_by: Synthetic review
  history:
    - {date: "2022", status: in-progress, evidence: {en: Started}, source: synthetic-ministry-2024}
    - {date: "2021", status: open, evidence: {en: Asked}, source: synthetic-ministry-2024}
""",
        ),
        ("commitments.yml", 6, "history-order"),
    ),
    # Provinces
    (
        "province-population-separator",
        replace("geography/provinces.csv", ",1200000,", ',"1,200,000",'),
        ("geography/provinces.csv", 2, "thousands-separator"),
    ),
    (
        "province-unknown-source",
        replace("geography/provinces.csv", "900000,2020,estimate,synthetic-census-2020", "900000,2020,estimate,census"),
        ("geography/provinces.csv", 3, "unknown-source"),
    ),
    (
        "province-duplicate-tile",
        replace("geography/provinces.csv", "synthetic-census-2020,2,1,", "synthetic-census-2020,1,2,"),
        ("geography/provinces.csv", 5, "duplicate-tile"),
    ),
    (
        "province-tile-not-a-number",
        replace("geography/provinces.csv", "synthetic-census-2020,2,3,", "synthetic-census-2020,two,3,"),
        ("geography/provinces.csv", 3, "not-a-whole-number"),
    ),
    (
        "province-tile-half-given",
        replace("geography/provinces.csv", "synthetic-census-2020,2,3,", "synthetic-census-2020,2,,"),
        ("geography/provinces.csv", 3, "missing-value"),
    ),
    (
        "province-border-stated-without-source",
        replace("geography/provinces.csv", ",XX,stated,synthetic-ministry-2024,", ",XX,stated,,"),
        ("geography/provinces.csv", 3, "missing-value"),
    ),
    (
        "province-border-source-unknown",
        replace("geography/provinces.csv", ",XX,stated,synthetic-ministry-2024,", ",XX,stated,travel-site,"),
        ("geography/provinces.csv", 3, "unknown-source"),
    ),
    (
        "province-border-source-not-stated",
        replace(
            "geography/provinces.csv", ",XX,stated,synthetic-ministry-2024,", ",XX,derived,synthetic-ministry-2024,"
        ),
        ("geography/provinces.csv", 3, "not-allowed"),
    ),
    (
        "province-without-tile",
        replace("geography/provinces.csv", ",,,,3,2,", ",,,,,,"),
        ("geography/provinces.csv", 1, "missing-tile"),
    ),
    # Values exactly as written, dates that exist (issue 10, item 4)
    ("count-20-digits", replace(CASES_CSV, ",120,", ",12345678901234567891,"), (CASES_CSV, 2, "out-of-range")),
    ("value-400-digits", replace(CASES_CSV, ",120,", "," + "9" * 400 + ","), (CASES_CSV, 2, "out-of-range")),
    (
        "percent-too-many-digits",
        chain(
            replace(CASES_YML, "unit: count", "unit: percent"), replace(CASES_CSV, ",120,", ",12.3456789012345678901,")
        ),
        (CASES_CSV, 2, "too-many-digits"),
    ),
    (
        "population-400-digits",
        replace("geography/provinces.csv", ",1200000,", "," + "9" * 400 + ","),
        ("geography/provinces.csv", 2, "out-of-range"),
    ),
    (
        "site-population-400-digits",
        replace("site.yml", "value: 4000000", "value: " + "9" * 400),
        ("site.yml", 35, "out-of-range"),
    ),
    (
        "tile-far-away",
        replace("geography/provinces.csv", "synthetic-census-2020,2,3,", "synthetic-census-2020,2,1000000000,"),
        ("geography/provinces.csv", 3, "not-a-whole-number"),
    ),
    ("period-0001", replace(CASES_CSV, ROW, ROW.replace("2019,", "0001,")), (CASES_CSV, 2, "date-out-of-range")),
    ("period-1850", replace(CASES_CSV, ROW, ROW.replace("2019,", "1850,")), (CASES_CSV, 2, "date-out-of-range")),
    ("period-2999", replace(CASES_CSV, ROW, ROW.replace("2019,", "2999,")), (CASES_CSV, 2, "date-out-of-range")),
    (
        "source-impossible-date",
        replace("sources.yml", 'published: "2024-08-15"', 'published: "2017-02-30"'),
        ("sources.yml", 6, "bad-date"),
    ),
    (
        "source-far-past",
        replace("sources.yml", 'published: "2024-08-15"', 'published: "1850"'),
        ("sources.yml", 6, "date-out-of-range"),
    ),
    (
        "event-far-future",
        replace("events.yml", 'date: "2021-06"', 'date: "2999-06"'),
        ("events.yml", 4, "date-out-of-range"),
    ),
    ("event-month-13", replace("events.yml", 'date: "2021-06"', 'date: "2021-13"'), ("events.yml", 4, "bad-date")),
    (
        "commitment-month-13",
        write(
            "commitments.yml",
            """- id: c1
  title: {en: Train judges}
  pillar: prosecution
  made_by: Synthetic review
  history:
    - {date: "2023-13", status: open, evidence: {en: Asked}, source: synthetic-ministry-2024}
""",
        ),
        ("commitments.yml", 6, "bad-date"),
    ),
    # No traceback for any input (issue 10, item 5)
    ("deep-yaml", write("events.yml", DEEP), ("events.yml", 2, "yaml-too-deep")),
    ("link-out-of-data", link_outside("events.yml"), ("events.yml", 0, "link-outside")),
    (
        "folder-not-a-file",
        chain(delete("events.yml"), lambda d: (d / "events.yml").mkdir()),
        ("events.yml", 0, "unreadable-file"),
    ),
    (
        "unit-label-line-break",
        replace(CASES_YML, "unit_label:\n  en: cases", 'unit_label:\n  en: "cases\\n"'),
        (CASES_YML, 10, "line-break"),
    ),
    (
        "too-many-rows",
        lambda d: (d / CASES_CSV).write_text(OBSERVATION_HEADER + (ROW + "\n") * 20_001, encoding="utf-8"),
        (CASES_CSV, 20_002, "too-many-rows"),
    ),
    ("too-many-periods", write(CASES_CSV, OBSERVATION_HEADER + MONTHLY), (CASES_CSV, 502, "too-many-periods")),
    (
        "a-million-rows",
        lambda d: (d / CASES_CSV).write_text(OBSERVATION_HEADER + (ROW + "\n") * 1_000_000, encoding="utf-8"),
        (CASES_CSV, 0, "file-too-large"),
    ),
    # Languages: any listed in site.yml, each with its interface strings; texts only in them
    (
        "language-without-strings",
        replace("site.yml", "languages: [en]", "languages: [en, th]"),
        ("site.yml", 15, "missing-locale"),
    ),
    (
        "text-in-unlisted-language",
        replace(
            "site.yml",
            "  en: Synthetica Counter-Trafficking Data (synthetic)\n",
            "  en: Synthetica Counter-Trafficking Data (synthetic)\n  fr: Synthetica\n",
        ),
        ("site.yml", 5, "unknown-key"),
    ),
    (
        "old-khmer-digits-key",
        replace("site.yml", "synthetic: true\n", "synthetic: true\nkhmer_digits: true\n"),
        ("site.yml", 23, "unknown-key"),
    ),
    (
        "numerals-of-an-unlisted-language",
        replace("site.yml", "synthetic: true\n", "synthetic: true\nnumerals: {km: native}\n"),
        ("site.yml", 23, "unknown-language"),
    ),
    (
        "numerals-a-language-lacks",
        replace("site.yml", "synthetic: true\n", "synthetic: true\nnumerals: {en: native}\n"),
        ("site.yml", 23, "no-numerals"),
    ),
    (
        "name-in-first-language-missing",
        replace("geography/provinces.csv", "code,name_en,", "code,name_fr,"),
        ("geography/provinces.csv", 1, "missing-column"),
    ),
    (
        "note-in-unlisted-language",
        replace(CASES_CSV, "locator,note\n", "locator,note,note_fr\n"),
        (CASES_CSV, 1, "unknown-column"),
    ),
    # Personal data and disclosure control
    ("geography-too-fine", replace(PEOPLE_CSV, "2023,ZZ-1,", "2023,ZZ-1-04,"), (PEOPLE_CSV, 17, "geography-too-fine")),
    (
        "personal-text",
        replace(CASES_CSV, ROW, ROW + "Includes a girl aged 14 from the border"),
        (CASES_CSV, 2, "personal-data-text"),
    ),
    ("case-number", replace(CASES_CSV, ROW, ROW + "See case no. 2019/145"), (CASES_CSV, 2, "personal-data-text")),
    ("long-note", replace(CASES_CSV, ROW, ROW + "x" * 501), (CASES_CSV, 2, "long-text")),
    (
        "long-yaml-note",
        replace(CASES_YML, "  - en: Synthetic data", "  - en: " + "y" * 501 + " Synthetic data"),
        (CASES_YML, 22, "long-text"),
    ),
    (
        "small-count",
        replace(PEOPLE_CSV, "2023,ZZ-4,ministry,,25,", "2023,ZZ-4,ministry,,6,"),
        (PEOPLE_CSV, 19, "small-count"),
    ),
    (
        "recoverable-suppression",
        replace(PEOPLE_CSV, MALE, MALE.replace(",40,,reported", ",,,suppressed")),
        (PEOPLE_CSV, 4, "recoverable-suppression"),
    ),
]


def _problems(data: Path) -> list[tuple[str, int, str]]:
    raw, problems = load(data)
    _, more = validate(raw)
    return [(p.path, p.line, p.code) for p in problems + more]


@pytest.mark.parametrize(("mutate", "expected"), [pytest.param(m, e, id=name) for name, m, e in CASES])
def test_bad_input(data_copy: Path, tmp_path: Path, mutate: Callable[[Path], None], expected: tuple) -> None:
    mutate(data_copy)
    file, line, code = expected
    assert (f"data/{file}", line, code) in _problems(data_copy)
    out = tmp_path / "site"
    out.mkdir()
    (out / "sentinel.html").write_text("the previous site")
    assert main(["--data", str(data_copy), "--out", str(out)]) == 1
    assert [p.name for p in out.iterdir()] == ["sentinel.html"]


def test_bad_input_codes_are_documented() -> None:
    assert len(CASES) >= 40
    assert {code for _, _, (_, _, code) in CASES} <= set(CODES)


def test_problems_from_many_files_at_once(data_copy: Path) -> None:
    for name in ("thousands-separator", "small-count", "yaml-octal", "unknown-pillar", "long-yaml-note"):
        next(m for n, m, _ in CASES if n == name)(data_copy)
    codes = {code for _, _, code in _problems(data_copy)}
    assert {"thousands-separator", "small-count", "yaml-number", "unknown-pillar", "long-text"} <= codes


def test_command_line_exit_status(data_copy: Path, tmp_path: Path) -> None:
    replace(CASES_CSV, ROW, ROW.replace(",120,", ",N/A,"))(data_copy)
    result = subprocess.run([sys.executable, "-m", "scripts.build", "--check", "--data", str(data_copy)],
                            cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 1
    assert 'data/observations/cases-recorded.csv:2:18: column "value" is not a number (got "N/A")' in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("bom", [True, False])
def test_excel_files_pass(data_copy: Path, bom: bool) -> None:
    """Excel's "CSV UTF-8" (a byte order mark and CRLF line ends) reads as if clean."""
    for path in [*data_copy.rglob("*.csv"), *data_copy.rglob("*.yml")]:
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    assert _problems(data_copy) == []


def test_line_numbers_after_multiline_cell(data_copy: Path) -> None:
    replace(CASES_CSV, "Table 1 (fictional),\n2020", '"Table 1\nspans\nthree lines",\n2020')(data_copy)
    replace(CASES_CSV, "2021,ZZ,ministry,140,", "2021,ZZ,ministry,1.5,")(data_copy)
    assert ("data/" + CASES_CSV, 6, "not-a-whole-number") in _problems(data_copy)


def test_a_mistake_repeated_in_many_rows_is_reported_at_every_row(data_copy: Path) -> None:
    """Cells that passed a check are not checked again, but a wrong cell is named in each row it is in."""
    for year in ("2019", "2020", "2021"):
        replace(CASES_CSV, f"{year},ZZ,ministry,", f"{year},ZZ,minstry,")(data_copy)
    replace(
        CASES_CSV, "2022,ZZ,ministry,160,,reported,synthetic-ministry-2024", "2022,ZZ,ministry,160,,reported,nowhere"
    )(data_copy)
    found = [(line, code) for path, line, code in _problems(data_copy) if path == "data/" + CASES_CSV]
    assert found == [(2, "unknown-series"), (3, "unknown-series"), (4, "unknown-series"), (5, "unknown-source")]


def test_a_chart_that_cannot_draw_the_unit_is_refused_at_its_line(data_copy: Path) -> None:
    """chart: step draws categories: on a count it would silently draw bars."""
    replace(CASES_YML, "chart: bar", "chart: step")(data_copy)
    raw, problems = load(data_copy)
    dataset, more = validate(raw)
    assert dataset is None and problems == []
    assert [str(p) for p in more] == [
        "data/indicators/cases-recorded.yml:16:8: chart: step cannot draw unit: count. "
        "Hint: for unit: count use chart: bar or line, or leave chart out. [chart-unit]"
    ]


def test_provinces_without_tile_columns_stay_valid(data_copy: Path) -> None:
    """A provinces.csv written before the map (no tile_row, tile_col) is still accepted."""
    path = data_copy / "geography" / "provinces.csv"
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    at = rows[0].index("tile_row")
    path.write_text("\n".join(",".join(r[:at] + r[at + 2 :]) for r in rows) + "\n", encoding="utf-8")
    assert _problems(data_copy) == []
    raw, _ = load(data_copy)
    dataset, _ = validate(raw)
    assert dataset is not None and all(p.tile is None for p in dataset.provinces)


def test_a_period_that_ends_after_the_build_date_is_refused(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build date is SOURCE_DATE_EPOCH (else the commit's): the half-year 2024-01/2024-06 has ended by July."""
    half_year = ("data/" + CASES_CSV, 7, "date-out-of-range")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 6, 29, tzinfo=dt.UTC).timestamp())))
    assert half_year in _problems(data_copy)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 8, 15, tzinfo=dt.UTC).timestamp())))
    assert _problems(data_copy) == []  # and the source published that day is not in the future either


@pytest.mark.parametrize(("lag", "built", "refused"), [(4, "2026-12-01", True), (-6, "2026-12-01", False),
                                                   (-6, "2026-06-29", True)])  # fmt: skip
def test_an_assessment_named_after_its_edition_year_may_be_filed_before_the_year_ends(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, lag: int, built: str, refused: bool
) -> None:
    """A TIP Report tier for 2026 appears in June 2026 (release_lag_months: -6); a count for
    2026 does not exist before the year is over."""
    meta = data_copy / "indicators" / "cases-recorded.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("release_lag_months: 4", f"release_lag_months: {lag}"),
                    encoding="utf-8")  # fmt: skip
    csv = data_copy / CASES_CSV
    csv.write_text(csv.read_text(encoding="utf-8") + ROW.replace("2019,", "2026,") + "\n", encoding="utf-8")
    day = dt.datetime.fromisoformat(built).replace(tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp())))
    found = [p for p in _problems(data_copy) if p[2] == "date-out-of-range"]
    assert bool(found) is refused, found


def test_an_unforeseen_error_names_the_file_and_prints_no_traceback(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise KeyError("something no check foresaw")

    monkeypatch.setattr("scripts.records.indicator", broken)
    out = tmp_path / "site"
    out.mkdir()
    (out / "sentinel.html").write_text("the previous site")
    assert main(["--data", str(data_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "data/indicators/cases-recorded.yml: the build failed on this file (KeyError:" in err
    assert "[internal-error]" in err and "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["sentinel.html"]
    monkeypatch.setattr("scripts.load._Converter.convert", broken)
    _, problems = load(data_copy)
    assert ("data/site.yml", "internal-error") in [(p.path, p.code) for p in problems]


def test_real_data_is_valid() -> None:
    assert _problems(ROOT / "data") == []


# --- property: no traceback, whatever an editor does -----------------------------------

TRICKY = ["", " ", "N/A", "-", "1,234", "12.5", "=1+1", "@x", "+1", "0", "-1", "010", "no", "yes", "~", "null",
          '"', '""', "'", "\t", "\r", "\x00", "é", "ខ្មែរ", "2019-02-30", "&a", "*a", "[", "{", ": ", "#", "!!python/object:x",
          "\ufeff", "2018/2017", "9" * 40, "1e309", ".inf", "KH-1-2", "<script>", "9" * 400, "0001", "2023-13",
          "2017-02-30", "\u2028", "[[[[[[[[[[", "12.3456789012345678901"]  # fmt: skip
FILES = sorted(p.relative_to(SYNTHETIC).as_posix() for p in SYNTHETIC.rglob("*") if p.is_file())


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    file = draw(st.sampled_from(FILES))
    data = (SYNTHETIC / file).read_bytes()
    kind = draw(st.sampled_from(["byte", "line", "cell", "insert"]))
    lines = data.split(b"\n")
    if kind == "byte":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    elif kind == "line":
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "repeat", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        data = b"\n".join(lines)
    elif kind == "cell":
        i = draw(st.integers(0, len(lines) - 1))
        sep = b"," if file.endswith(".csv") else b" "
        cells = lines[i].split(sep)
        j = draw(st.integers(0, len(cells) - 1))
        cells[j] = draw(st.sampled_from(TRICKY) | st.text(max_size=12)).encode("utf-8")
        lines[i] = sep.join(cells)
        data = b"\n".join(lines)
    else:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(TRICKY) | st.text(max_size=8)).encode("utf-8") + data[at:]
    return file, data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutations(), min_size=1, max_size=3))
def test_mutations_never_raise(edits: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(SYNTHETIC, data)
        for file, content in edits:
            (data / file).write_bytes(content)
        raw, problems = load(data)
        dataset, more = validate(raw)
    for p in problems + more:
        assert p.path.startswith("data") and p.line >= 0 and p.code in CODES and p.code != "internal-error", p
        assert str(p)
    assert dataset is not None if not problems + more else dataset is None or not more


def test_a_language_without_interface_strings_names_the_file_to_add(data_copy: Path) -> None:
    replace("site.yml", "languages: [en]", "languages: [en, th]")(data_copy)
    raw, _ = load(data_copy)
    [problem] = [p for p in validate(raw)[1] if p.code == "missing-locale"]
    assert (problem.line, problem.column) == (15, 17)
    assert "scripts/locale/th.yml" in problem.hint and "copy scripts/locale/en.yml" in problem.hint


def test_a_first_language_without_interface_strings_is_one_problem_naming_the_file_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Kestria's first language changed from French to German, which has no locale file: before
    # its texts are judged in German (each one would lack it), the editor is told what to add.
    data = tmp_path / "data"
    shutil.copytree(KESTRIA, data)
    replace("site.yml", "languages: [fr, en]", "languages: [de, en]")(data)
    assert main(["--check", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "1 problem(s) found" in err
    [line] = [line for line in err.splitlines() if "[missing-locale]" in line]
    assert line.startswith("data/site.yml:22:13: languages[0] lists the language de")
    assert "add scripts/locale/de.yml" in line


def test_a_language_code_cldr_does_not_know_is_refused(data_copy: Path) -> None:
    replace("site.yml", "languages: [en]", "languages: [en, qaa]")(data_copy)
    raw, _ = load(data_copy)
    [problem] = [p for p in validate(raw)[1] if p.code == "missing-locale"]
    assert "CLDR" in problem.message and "pt-BR" in problem.hint


def test_a_text_in_a_language_the_site_lacks_names_the_sites_languages(data_copy: Path) -> None:
    replace("site.yml", "    en: Synthetica\n", "    en: Synthetica\n    km: Synthetica\n")(data_copy)
    raw, _ = load(data_copy)
    [problem] = validate(raw)[1]
    assert (problem.line, problem.code) == (11, "unknown-key")
    assert "km, which is not one of the site's languages" in problem.message and "languages are en" in problem.hint


def test_the_first_language_needs_no_review_mark(data_copy: Path) -> None:
    replace("site.yml", "    en: Synthetica\n", "    en: Synthetica\n    en_reviewed: true\n")(data_copy)
    raw, _ = load(data_copy)
    [problem] = validate(raw)[1]
    assert (problem.line, problem.code) == (11, "unknown-key") and "first language (en)" in problem.message


def test_the_old_khmer_digits_key_says_what_replaces_it(data_copy: Path) -> None:
    replace("site.yml", "synthetic: true\n", "synthetic: true\nkhmer_digits: true\n")(data_copy)
    raw, _ = load(data_copy)
    [problem] = validate(raw)[1]
    assert "numerals: {km: native}" in problem.hint


def test_a_french_editor_is_told_of_periods_in_french(tmp_path: Path) -> None:
    # Kestria's budget is in fiscal years from July: a year from April, and periods worded
    # roughly in French and in Khmer, are told in the editor's words, months and kinds of year included.
    data = tmp_path / "data"
    shutil.copytree(KESTRIA, data)
    budget = "observations/budget-aide-victimes.csv"
    replace(budget, "2020-07/2021-06,", "2021-04/2022-03,")(data)
    replace(budget, "2021-07/2022-06,", "mi-2022,")(data)
    replace(budget, "2022-07/2023-06,", "ប្រហែលឆ្នាំ2022,")(data)
    raw, problems = load(data)
    found = {p.line: p for p in problems + validate(raw)[1] if p.path == f"data/{budget}"}
    assert [(line, found[line].code) for line in (2, 3, 4)] == [
        (2, "twelve-month-start"), (3, "approximate-period"), (4, "approximate-period")]  # fmt: skip
    french = found[2].said_in("fr") or ""
    assert "dont le premier est avril, mais l'année de l'indicateur (exercice) commence en juillet" in french
    assert "mi-2022" in (found[3].said_in("fr") or "") and "période approximative" in (found[3].said_in("fr") or "")
    khmer = found[2].said_in("km") or ""
    assert "មេសា" in khmer and "ឆ្នាំសារពើពន្ធ" in khmer and "កក្កដា" in khmer


def test_only_the_first_languages_names_are_required(tmp_path: Path) -> None:
    # Kestria is in French, then English: its provinces need name_fr, and may leave name_en out.
    data = tmp_path / "data"
    shutil.copytree(KESTRIA, data)
    path = data / "geography" / "provinces.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0][1:3] == ["name_fr", "name_en"]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(row[:2] + row[3:] for row in rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    assert _problems(data) == []
    path.write_text(out.getvalue().replace("name_fr", "name_en", 1), encoding="utf-8")
    assert ("data/geography/provinces.csv", 1, "missing-column") in _problems(data)
