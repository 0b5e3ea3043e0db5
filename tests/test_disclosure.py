"""Disclosure control on crafted tables: small counts, and suppressed cells that sums give away.

The synthetic "people-assisted" indicator is sensitive (victims), broken down by sex, with
four regions ZZ-1 to ZZ-4; each test writes a small observations table for it.
"""

from __future__ import annotations

import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.load import load
from scripts.validate import validate
from tests.conftest import KESTRIA

HEADER = "period,geography,series,sex,value,qualifier,status,source,locator,note\n"
SRC = "synthetic-ministry-2024,Table 2"


def rows(*cells: str) -> str:
    """Observation rows from "period,geography,sex,value[,status]" shorthands."""
    out = []
    for cell in cells:
        period, geography, sex, value, *status = cell.split(",")
        state = status[0] if status else "reported"
        out.append(f"{period},{geography},ministry,{sex},{value},,{state},{SRC},\n")
    return HEADER + "".join(out)


def problems(data: Path, table: str) -> list[tuple[int, str, str]]:
    (data / "observations" / "people-assisted.csv").write_text(table, encoding="utf-8")
    raw, found = load(data)
    _, more = validate(raw)
    return [(p.line, p.code, p.message) for p in found + more]


def codes(data: Path, table: str) -> list[tuple[int, str]]:
    return [(line, code) for line, code, _ in problems(data, table)]


CROSS = (
    "2019,ZZ,,100", "2019,ZZ,female,60", "2019,ZZ,male,40",
    "2019,ZZ-1,,28", "2019,ZZ-1,female,,suppressed", "2019,ZZ-1,male,,suppressed",
    "2019,ZZ-2,,24", "2019,ZZ-2,female,12", "2019,ZZ-2,male,12",
    "2019,ZZ-3,,24", "2019,ZZ-3,female,12", "2019,ZZ-3,male,12",
    "2019,ZZ-4,,24", "2019,ZZ-4,female,,suppressed",
)  # fmt: skip


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        pytest.param(rows("2019,ZZ,,7"), [], id="national-total-exempt"),
        pytest.param(rows("2019,ZZ,,0", "2019,ZZ-1,,0"), [], id="zero-is-not-small"),
        pytest.param(rows("2019,ZZ-1,,7"), [(2, "small-count")], id="province"),
        pytest.param(rows("2019,ZZ,female,9"), [(2, "small-count")], id="breakdown"),
        pytest.param(rows("2019,ZZ,female,10"), [], id="at-threshold"),
        pytest.param(
            rows("2019,ZZ,,50", "2019,ZZ,female,45", "2019,ZZ,male,,suppressed"),
            [(4, "recoverable-suppression")],
            id="one-suppressed-in-a-group",
        ),  # fmt: skip
        pytest.param(
            rows("2019,ZZ,,50", "2019,ZZ,female,,suppressed", "2019,ZZ,male,,suppressed"), [], id="two-suppressed"
        ),  # fmt: skip
        pytest.param(
            rows("2019,ZZ,,2", "2019,ZZ,female,,suppressed", "2019,ZZ,male,,suppressed"),
            [(3, "recoverable-suppression"), (4, "recoverable-suppression")],
            id="two-that-must-be-1",
        ),  # fmt: skip
        pytest.param(rows("2019,ZZ,female,45", "2019,ZZ,male,,suppressed"), [], id="no-total"),
        pytest.param(rows("2019,ZZ,,50", "2019,ZZ,male,,suppressed"), [], id="incomplete-breakdown"),
        pytest.param(
            rows("2019,ZZ,,100", "2019,ZZ-1,,40", "2019,ZZ-2,,30", "2019,ZZ-3,,25", "2019,ZZ-4,,,suppressed"),
            [(6, "recoverable-suppression")],
            id="provinces-add-up-to-country",
        ),  # fmt: skip
        pytest.param(
            rows("2019,ZZ,,100", "2019,ZZ-1,,40", "2019,ZZ-2,,30", "2019,ZZ-4,,,suppressed"),
            [],
            id="a-province-missing",
        ),  # fmt: skip
        pytest.param(
            rows("2024,ZZ-1,,40", "2024-01/2024-06,ZZ-1,,30", "2024-07/2024-12,ZZ-1,,,suppressed"),
            [(4, "recoverable-suppression")],
            id="halves-add-up-to-year",
        ),  # fmt: skip
        pytest.param(
            rows("2017/2018,ZZ-1,,40", "2017,ZZ-1,,,suppressed", "2018,ZZ-1,,,suppressed"),
            [],
            id="two-suppressed-years",
        ),  # fmt: skip
        pytest.param(
            # The male count of ZZ-1 is the only one hidden among the regions' male counts, and
            # once it is known, the female count of ZZ-1 follows from ZZ-1's total.
            rows(*CROSS, "2019,ZZ-4,male,12"),
            [(6, "recoverable-suppression"), (7, "recoverable-suppression"), (15, "recoverable-suppression")],
            id="across-two-breakdowns",
        ),
        pytest.param(rows(*CROSS, "2019,ZZ-4,male,,suppressed"), [], id="safe-pattern-of-four"),
    ],
)
def test_disclosure(data_copy: Path, table: str, expected: list[tuple[int, str]]) -> None:
    assert sorted(codes(data_copy, table)) == expected


def test_message_for_a_combination(data_copy: Path) -> None:
    found = problems(data_copy, rows(*CROSS, "2019,ZZ-4,male,12"))
    assert (6, "recoverable-suppression", "this suppressed count can be worked out from published figures: the "
            "published figures on lines 3, 9, 12, 14 and 16 together give it") in found  # fmt: skip


def test_message_names_the_cells_that_give_it_away(data_copy: Path) -> None:
    found = problems(data_copy, rows("2019,ZZ,,50", "2019,ZZ,female,45", "2019,ZZ,male,,suppressed"))
    assert found == [(4, "recoverable-suppression", "this suppressed count can be worked out from published "
                      "figures: the total on line 2 minus the sex values on line 3 gives it")]  # fmt: skip


def test_threshold_comes_from_site(data_copy: Path) -> None:
    site = data_copy / "site.yml"
    site.write_text(site.read_text().replace("disclosure_threshold: 10", "disclosure_threshold: 12"))
    assert codes(data_copy, rows("2019,ZZ-1,,12")) == []
    assert codes(data_copy, rows("2019,ZZ-1,,11")) == [(2, "small-count")]


def test_threshold_defaults_to_10(data_copy: Path) -> None:
    site = data_copy / "site.yml"
    site.write_text(site.read_text().replace("disclosure_threshold: 10\n", ""))
    assert codes(data_copy, rows("2019,ZZ-1,,9")) == [(2, "small-count")]


RATE_YML = """id: assisted-rate
title: {en: "Victims assisted per 100,000"}
description: {en: Rate.}
pillar: protection
unit: rate-per-100000
unit_label: {en: "per 100,000"}
measure: {en: Rate.}
higher_is: neutral
sensitive: true
derived_from: people-assisted
series: [{id: ministry, label: {en: Ministry}}]
"""
RATE_HEADER = "period,geography,series,value,qualifier,status,source,locator,note\n"


@pytest.mark.parametrize(
    ("rate_rows", "expected"),
    [
        pytest.param("2019,ZZ-2,ministry,,,suppressed", [], id="suppressed-too"),
        pytest.param("2019,ZZ-2,ministry,0.6,,reported", [(2, "rate-from-suppressed")], id="rate-of-suppressed-count"),
        # 0.5 per 100,000 of 1,200,000 people (ZZ-1) is 6 victims.
        pytest.param("2019,ZZ-1,ministry,0.5,,reported", [(2, "rate-reveals-small-count")], id="rate-times-population"),
        pytest.param("2019,ZZ-1,ministry,5,,reported", [], id="rate-of-a-large-count"),
    ],
)
def test_rates(data_copy: Path, rate_rows: str, expected: list[tuple[int, str]]) -> None:
    (data_copy / "indicators" / "assisted-rate.yml").write_text(RATE_YML)
    (data_copy / "observations" / "assisted-rate.csv").write_text(f"{RATE_HEADER}{rate_rows},{SRC},\n")
    table = rows("2019,ZZ,,100", "2019,ZZ-1,,60", "2019,ZZ-2,,,suppressed", "2019,ZZ-3,,,suppressed")
    found = [(line, code) for line, code, _ in problems(data_copy, table)]
    assert found == expected


def test_derived_from_unknown_indicator(data_copy: Path) -> None:
    (data_copy / "indicators" / "assisted-rate.yml").write_text(RATE_YML.replace("people-assisted", "nobody"))
    (data_copy / "observations" / "assisted-rate.csv").write_text(RATE_HEADER)
    assert (10, "unknown-indicator") in codes(data_copy, rows("2019,ZZ,,100"))


# --- every unpublished cell, by every route ---------------------------------------------------
# A cell left not-available, or left out, is as unknown to a reader as a suppressed one; so is
# the difference between two indicators counting the same persons, and the count behind a rate
# or a percentage. Each case names the file, the line and the code.

PEOPLE = "data/observations/people-assisted.csv"


def located(data: Path, table: str | None = None, files: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    """Every problem as (file, line, code), after writing the people-assisted table and other files."""
    if table is not None:
        (data / "observations" / "people-assisted.csv").write_text(table, encoding="utf-8")
    for name, text in (files or {}).items():
        (data / name).write_text(text, encoding="utf-8")
    raw, found = load(data)
    _, more = validate(raw)
    return sorted((p.path, p.line, p.code) for p in found + more)


def messages(data: Path, table: str) -> list[str]:
    (data / "observations" / "people-assisted.csv").write_text(table, encoding="utf-8")
    raw, found = load(data)
    return [str(p) for p in found + validate(raw)[1]]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        pytest.param(
            rows("2019,ZZ,,100", "2019,ZZ-1,,40", "2019,ZZ-2,,30", "2019,ZZ-3,,26", "2019,ZZ-4,,,not-available"),
            [(PEOPLE, 6, "recoverable-count")],
            id="province-not-available",
        ),  # fmt: skip
        pytest.param(
            rows("2019,ZZ,,100", "2019,ZZ-1,,40", "2019,ZZ-2,,30", "2019,ZZ-3,,26"),
            [(PEOPLE, 2, "recoverable-count")],
            id="province-left-out",
        ),
        pytest.param(
            rows("2019,ZZ,,438", "2019,ZZ,female,434", "2019,ZZ,male,,not-available"),
            [(PEOPLE, 4, "recoverable-count")],
            id="breakdown-group-not-available",
        ),
        pytest.param(
            rows(
                "2019,ZZ,,100", "2019,ZZ-1,,45", "2019,ZZ-2,,46", "2019,ZZ-3,,,suppressed", "2019,ZZ-4,,,not-available"
            ),
            [(PEOPLE, 6, "recoverable-count")],
            id="at-most-8",
        ),  # fmt: skip
        pytest.param(
            rows("2024,ZZ-1,,40", "2024-01/2024-06,ZZ-1,,36"), [(PEOPLE, 2, "recoverable-count")], id="months-left-out"
        ),
        pytest.param(
            rows("2019,ZZ,,100", "2019,ZZ,female,60", "2019,ZZ,male,,not-available"), [], id="not-available-but-large"
        ),
        pytest.param(rows("2024,ZZ,,100", "2024-01/2024-06,ZZ,,96"), [], id="national-months-exempt"),
        pytest.param(
            rows("2019,ZZ,,100", "2019,ZZ-1,,40", "2019,ZZ-2,,30", "2019,ZZ-3,,,suppressed", "2019,ZZ-4,,,suppressed"),
            [],
            id="two-suppressed-regions",
        ),
        pytest.param(
            rows("2024,ZZ-1,,40", "2024-01/2024-06,ZZ-1,,50", "2024-07/2024-12,ZZ-1,,,suppressed"),
            [(PEOPLE, 4, "inconsistent-figures")],
            id="contradiction-is-refused",
        ),  # fmt: skip
    ],
)
def test_unpublished_cells(data_copy: Path, table: str, expected: list[tuple[str, int, str]]) -> None:
    assert located(data_copy, table) == expected


def test_message_says_what_a_reader_learns(data_copy: Path) -> None:
    table = rows(
        "2019,ZZ,,100", "2019,ZZ-1,,45", "2019,ZZ-2,,46", "2019,ZZ-3,,,suppressed", "2019,ZZ-4,,,not-available"
    )
    (found,) = messages(data_copy, table)
    assert "this count is not available, but published figures give away that it is fewer than 10" in found
    assert (
        "the total on line 2 minus the province values on lines 3 and 4 leaves the rest to share with the "
        "suppressed line 5 (from 1 to 9 each)" in found
    )
    assert "Hint: enter it with status suppressed" in found


def test_message_for_a_row_left_out(data_copy: Path) -> None:
    (found,) = messages(data_copy, rows("2019,ZZ,,100", "2019,ZZ-1,,40", "2019,ZZ-2,,30", "2019,ZZ-3,,26"))
    assert found.startswith("data/observations/people-assisted.csv:2:")
    assert (
        "the count for 2019 (in ZZ-4) is not in this file, but published figures give away its exact value, "
        "from 1 to 9" in found
    )
    assert "the total on line 2 minus the province values on lines 3, 4 and 5 gives it" in found
    assert "add a row for it with status suppressed, and also suppress line 5" in found


CHILDREN_YML = """id: children-assisted
title: {en: Children assisted (synthetic)}
description: {en: Made-up.}
pillar: protection
unit: count
unit_label: {en: children}
measure: {en: Synthetic.}
higher_is: neutral
counts: persons
sensitive: true
part_of: people-assisted
series: [{id: ministry, label: {en: Ministry}}]
"""
CHILDREN_HEADER = "period,geography,series,value,qualifier,status,source,locator,note\n"
CHILDREN = "data/observations/children-assisted.csv"


@pytest.mark.parametrize(
    ("children", "declaration", "expected"),
    [
        pytest.param(
            "2019,ZZ,ministry,96,,reported",
            "part_of: people-assisted\n",
            [(CHILDREN, 2, "recoverable-count")],
            id="4-adults",
        ),
        pytest.param("2019,ZZ,ministry,96,,reported", "", [], id="not-declared"),
        pytest.param("2019,ZZ,ministry,60,,reported", "part_of: people-assisted\n", [], id="40-adults"),
        pytest.param("2019,ZZ-1,ministry,,,suppressed", "part_of: people-assisted\n", [], id="no-matching-cell"),
        pytest.param(
            "2019,ZZ,ministry,96,,reported",
            "part_of: nobody\n",
            [("data/indicators/children-assisted.yml", 11, "unknown-indicator")],
            id="unknown-whole",
        ),
    ],
)
def test_indicators_counting_the_same_persons(data_copy: Path, children: str, declaration: str,
                                              expected: list[tuple[str, int, str]]) -> None:  # fmt: skip
    files = {
        "indicators/children-assisted.yml": CHILDREN_YML.replace("part_of: people-assisted\n", declaration),
        "observations/children-assisted.csv": f"{CHILDREN_HEADER}{children},{SRC},\n",
    }
    assert located(data_copy, rows("2019,ZZ,,100"), files) == expected


def test_part_of_may_not_go_round(data_copy: Path) -> None:
    people = data_copy / "indicators" / "people-assisted.yml"
    people.write_text(people.read_text().replace("sensitive: true\n", "sensitive: true\npart_of: children-assisted\n"))
    files = {
        "indicators/children-assisted.yml": CHILDREN_YML,
        "observations/children-assisted.csv": f"{CHILDREN_HEADER}2019,ZZ,ministry,60,,reported,{SRC},\n",
    }
    found = located(data_copy, rows("2019,ZZ,,100"), files)
    assert ("data/indicators/children-assisted.yml", 11, "part-of-cycle") in found
    assert ("data/indicators/people-assisted.yml", 16, "part-of-cycle") in found


SHARE_YML = """id: share-female
title: {en: Share of victims who are women}
description: {en: Made-up.}
pillar: protection
unit: percent
unit_label: {en: percent}
measure: {en: Synthetic.}
higher_is: neutral
sensitive: true
derived_from: people-assisted
series: [{id: ministry, label: {en: Ministry}}]
"""
SHARE = "data/observations/share-female.csv"


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        pytest.param("7", [(SHARE, 2, "percent-reveals-small-count")], id="7-percent-of-57"),
        pytest.param("93", [(SHARE, 2, "percent-reveals-small-count")], id="the-other-7-percent"),
        pytest.param("49", [], id="28-of-57"),
        pytest.param("7.0", [(SHARE, 2, "percent-reveals-small-count")], id="one-decimal"),
    ],
)
def test_percentages_of_a_published_count(data_copy: Path, share: str, expected: list[tuple[str, int, str]]) -> None:
    files = {
        "indicators/share-female.yml": SHARE_YML,
        "observations/share-female.csv": f"{RATE_HEADER}2019,ZZ,ministry,{share},,reported,{SRC},\n",
    }
    assert located(data_copy, rows("2019,ZZ,,57"), files) == expected


def test_a_sensitive_percentage_names_its_count(data_copy: Path) -> None:
    files = {
        "indicators/share-female.yml": SHARE_YML.replace("derived_from: people-assisted\n", ""),
        "observations/share-female.csv": f"{RATE_HEADER}2019,ZZ,ministry,50,,reported,{SRC},\n",
    }
    assert located(data_copy, rows("2019,ZZ,,57"), files) == [("data/indicators/share-female.yml", 5, "missing-key")]


RATE = "data/observations/assisted-rate.csv"


@pytest.mark.parametrize(
    ("rate_row", "expected"),
    [
        # ZZ-3 has no population in provinces.csv: nothing can check what its rate gives back.
        pytest.param("2019,ZZ-3,ministry,2.5,,reported", [(RATE, 2, "rate-without-population")], id="no-population"),
        pytest.param("2019,ZZ-3,ministry,,,suppressed", [], id="suppressed-rate"),
        # 0.89 per 100,000 of 900,000 people (ZZ-2) is 8.01, so 8 victims, which the not-available cell hides.
        pytest.param(
            "2019,ZZ-2,ministry,0.89,,reported",
            [(RATE, 2, "rate-reveals-small-count"), (PEOPLE, 3, "recoverable-count")],
            id="rate-of-not-available",
        ),  # fmt: skip
        # Rounded to a whole 1 per 100,000, the count could be anything from 5 to 13.
        pytest.param("2019,ZZ-2,ministry,1,,reported", [], id="rate-too-rough-to-tell"),
    ],
)
def test_rates_need_a_population(data_copy: Path, rate_row: str, expected: list[tuple[str, int, str]]) -> None:
    files = {
        "indicators/assisted-rate.yml": RATE_YML,
        "observations/assisted-rate.csv": f"{RATE_HEADER}{rate_row},{SRC},\n",
    }
    table = rows("2019,ZZ-1,,60", "2019,ZZ-2,,,not-available", "2019,ZZ-3,,40")
    assert located(data_copy, table, files) == expected


def note_rows(*notes: str) -> str:
    return HEADER + "".join(f'2019,ZZ,ministry,,{100 + i},,reported,{SRC},"{n}"\n' for i, n in enumerate(notes))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        pytest.param("3 of them in ZZ-2", [(PEOPLE, 2, "small-count-in-note")], id="digits"),
        pytest.param("three of them in ZZ-2", [(PEOPLE, 2, "small-count-in-note")], id="words"),
        pytest.param("៣ នាក់នៅ ZZ-2", [(PEOPLE, 2, "small-count-in-note")], id="khmer-digits"),
        pytest.param("7% of 57 were boys", [(PEOPLE, 2, "small-count-in-note")], id="share-of-a-count"),
        pytest.param("Table 2, page 3: first 6 months of 2019; Tier 2", [], id="references-and-times"),
        pytest.param("Derived: 224 (2018) minus 21 = 203", [], id="derivation-formula"),
        pytest.param("At least 5 more than in 2018, over 2 years", [], id="bounds-and-lengths"),
        pytest.param("Covers KH-12 and SDG 16.2.2; 2.5 per cent; 2018-01", [], id="codes-and-decimals"),
    ],
)
def test_notes_state_no_small_count(data_copy: Path, note: str, expected: list[tuple[str, int, str]]) -> None:
    assert located(data_copy, note_rows(note)) == expected


def test_a_published_national_figure_may_be_repeated(data_copy: Path) -> None:
    table = HEADER + f'2019,ZZ,ministry,,7,,reported,{SRC},"7 in all, none in ZZ-1"\n'
    assert located(data_copy, table) == []


def test_indicator_notes_state_no_small_count(data_copy: Path) -> None:
    people = data_copy / "indicators" / "people-assisted.yml"
    people.write_text(people.read_text().replace("Every breakdown value is at least 10.", "4 victims were men."))
    assert located(data_copy) == [("data/indicators/people-assisted.yml", 33, "small-count-in-note")]


# --- protection that cannot be switched off by accident --------------------------------------


@pytest.mark.parametrize("threshold", [5, 9])
def test_threshold_below_10_is_refused(data_copy: Path, threshold: int) -> None:
    site = data_copy / "site.yml"
    site.write_text(site.read_text().replace("disclosure_threshold: 10", f"disclosure_threshold: {threshold}"))
    assert located(data_copy) == [("data/site.yml", 21, "out-of-range")]


def test_persons_are_sensitive_unless_an_exception_says_why(data_copy: Path, capsys: pytest.CaptureFixture) -> None:
    from scripts.build import check

    people = data_copy / "indicators" / "people-assisted.yml"
    text = people.read_text()
    people.write_text(text.replace("sensitive: true", "sensitive: false"))
    assert located(data_copy) == [("data/indicators/people-assisted.yml", 15, "persons-not-sensitive")]
    reason = "Only national totals from a published report: never broken down."
    people.write_text(text.replace("sensitive: true", f"sensitive: false\nsensitive_exception: {{reason: '{reason}'}}"))
    assert located(data_copy) == []
    check(data_copy)
    printed = [line for line in capsys.readouterr().out.splitlines() if "exception" in line]
    assert printed == [f"  exception  data/indicators/people-assisted.yml: people-assisted counts persons but is not "
                       f"sensitive, so disclosure control does not apply to it: {reason}"]  # fmt: skip


def test_an_exception_needs_a_reason_and_a_reason_to_exist(data_copy: Path) -> None:
    people = data_copy / "indicators" / "people-assisted.yml"
    text = people.read_text()
    exception = 'sensitive_exception: {reason: "Only national totals, never broken down."}'
    people.write_text(text.replace("sensitive: true", f"sensitive: true\n{exception}"))
    assert located(data_copy) == [("data/indicators/people-assisted.yml", 16, "not-allowed")]
    people.write_text(text.replace("sensitive: true", "sensitive: false\nsensitive_exception: {}"))
    assert ("data/indicators/people-assisted.yml", 16, "missing-key") in located(data_copy)


def test_a_count_says_what_it_counts(data_copy: Path) -> None:
    people = data_copy / "indicators" / "people-assisted.yml"
    people.write_text(people.read_text().replace("counts: persons\n", ""))
    assert located(data_copy) == [("data/indicators/people-assisted.yml", 2, "missing-key")]


# --- bounded in time ------------------------------------------------------------------------


@contextmanager
def at_most(seconds: float) -> Iterator[None]:
    """Fail (rather than hang) when the block runs longer than `seconds`."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed(data: Path, table: str) -> tuple[float, list[tuple[str, int, str]]]:
    (data / "observations" / "people-assisted.csv").write_text(table, encoding="utf-8")
    raw, found = load(data)
    with at_most(10):
        start = time.process_time()  # processor time: the machine may be busy with other work
        _, more = validate(raw)
        elapsed = time.process_time() - start
    return elapsed, sorted((p.path, p.line, p.code) for p in found + more)


def test_many_short_periods_inside_a_long_one(data_copy: Path) -> None:
    """A multi-year total with 88 one- and two-month parts: the shape that made a search explode."""
    cells = ["2017/2024,ZZ-1,,960"]
    for i in range(44):
        year, month = 2017 + i // 12, i % 12 + 1
        end_year, end_month = 2017 + (i + 1) // 12, (i + 1) % 12 + 1
        status = ",suppressed" if i % 7 == 3 else ""
        cells.append(f"{year}-{month:02d}/{year}-{month:02d},ZZ-1,,{'' if status else 10}{status}")
        cells.append(f"{year}-{month:02d}/{end_year}-{end_month:02d},ZZ-1,,{20 + (i % 3)}")
    elapsed, found = _timed(data_copy, rows(*cells))
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert found  # these made-up parts contradict each other or give cells away; the point is the time


REGIONS = [f"ZZ-{i}" for i in range(1, 5)]
# Periods of 2019 as months (first, last): a year, halves, and one- and two-month stretches that overlap.
PERIODS = [(1, 12), (1, 6), (7, 12), (1, 1), (2, 2), (3, 3), (1, 2), (2, 3), (3, 4), (4, 9), (11, 12), (12, 12)]


@st.composite
def consistent_tables(draw: st.DrawFn) -> list[str]:
    """A made-up true table of 2019 by region, sex and month, published as an editor might: most cells
    reported, small ones suppressed, some suppressed to protect others, some not available or left out."""
    true = {(g, s, m): draw(st.sampled_from([0, 1, 3, 5, 8, 12, 20, 40]))
            for g in REGIONS for s in ("female", "male") for m in range(1, 13)}  # fmt: skip
    periods = draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=8, unique=True))
    cells = []
    for g in ["ZZ", *REGIONS]:
        for s in ("", "female", "male"):
            for first, last in periods:
                value = sum(true[(r, x, m)] for r in (REGIONS if g == "ZZ" else [g])
                            for x in (("female", "male") if s == "" else (s,)) for m in range(first, last + 1))  # fmt: skip
                period = "2019" if (first, last) == (1, 12) else f"2019-{first:02d}/2019-{last:02d}"
                choice = draw(st.sampled_from(["reported"] * 6 + ["suppressed", "not-available", "absent"]))
                national = g == "ZZ" and s == ""
                if choice == "absent":
                    continue
                if choice == "not-available":
                    cells.append(f"{period},{g},{s},,not-available")
                elif choice == "suppressed" and not national or 0 < value < 10 and not national:
                    cells.append(f"{period},{g},{s},,suppressed")
                else:
                    cells.append(f"{period},{g},{s},{value}")
    return cells


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(consistent_tables())
def test_any_table_is_checked_well_under_a_second(data_copy: Path, cells: list[str]) -> None:
    elapsed, found = _timed(data_copy, rows(*cells))
    assert elapsed < 1.0, f"{elapsed:.2f} s for {len(cells)} rows"
    # Tables made from one true table never contradict themselves; they may give cells away.
    assert {code for _, _, code in found} <= {"recoverable-suppression", "recoverable-count"}


def test_too_complex_is_refused_not_let_through(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scripts import exposure

    monkeypatch.setattr(exposure, "MAX_UNKNOWNS", 3)
    table = rows(
        "2019,ZZ,,100", "2019,ZZ-1,,45", "2019,ZZ-2,,46", "2019,ZZ-3,,,suppressed", "2019,ZZ-4,,,not-available"
    )
    assert located(data_copy, table) == [(PEOPLE, 5, "disclosure-too-complex")]


def test_a_family_that_gives_nothing_away_is_not_solved_again_until_its_figures_change(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scripts import disclosure

    monkeypatch.setenv("CTIP_CACHE", str(tmp_path / "cache"))
    solved: list[str] = []
    real = disclosure.exposures

    def exposures(family, *args):  # noqa: ANN001, ANN002, ANN202
        solved.extend(ind.id for ind in family)
        return real(family, *args)

    monkeypatch.setattr(disclosure, "exposures", exposures)
    safe = rows("2019,ZZ,,100", "2019,ZZ-1,,40", "2019,ZZ-2,,30", "2019,ZZ-3,,,suppressed", "2019,ZZ-4,,,suppressed")
    assert codes(data_copy, safe) == []
    assert "people-assisted" in solved
    solved.clear()
    assert codes(data_copy, safe) == []
    assert solved == []  # the same figures: known to give nothing away
    leaky = rows(
        "2019,ZZ,,100", "2019,ZZ-1,,45", "2019,ZZ-2,,46", "2019,ZZ-3,,,suppressed", "2019,ZZ-4,,,not-available"
    )
    assert codes(data_copy, leaky) == [(6, "recoverable-count")]
    assert solved == ["people-assisted"]  # one figure changed: its family is solved again, and only it
    assert codes(data_copy, leaky) == [(6, "recoverable-count")]
    assert solved == ["people-assisted"] * 2  # a family that gives something away is checked every time


# --- in the editors' languages ---------------------------------------------------------------


def _told(data: Path, table: str, lang: str) -> list[str]:
    (data / "observations" / "people-assisted.csv").write_text(table, encoding="utf-8")
    raw, found = load(data)
    _, more = validate(raw)
    return [f"{p.code}: {p.said_in(lang)}" for p in sorted(found + more)]


def test_a_small_count_is_told_in_french_with_its_cell_and_what_to_write(data_copy: Path) -> None:
    table = rows("2019,ZZ-1,female,3", "2019,ZZ-1,male,40")
    (told,) = _told(data_copy, table, "fr")
    assert told == (
        'small-count: un effectif de personnes de 1 à 9 (ZZ-1, sex female) ne doit pas être écrit (écrit "3"). '
        "Conseil : laissez value vide et mettez status à suppressed : de petits effectifs de personnes peuvent "
        "identifier quelqu'un, et le dépôt est public."
    )


def test_a_small_count_in_a_note_is_told_in_khmer_naming_the_column_in_khmer(data_copy: Path) -> None:
    (told,) = _told(data_copy, note_rows("3 of them in ZZ-2"), "km")
    assert told.startswith('small-count-in-note: ជួរឈរ "note" បញ្ជាក់អ្វីដែលមើលទៅដូចជាចំនួនមនុស្សពី 1 ដល់ 9 (បានសរសេរ ')
    assert "ចំនួនតិចជាង 10 មិនត្រូវសរសេរ" in told


def test_a_count_that_sums_give_away_is_told_in_french_with_the_lines_that_give_it(data_copy: Path) -> None:
    (told,) = _told(data_copy, rows("2019,ZZ,,100", "2019,ZZ-1,,40", "2019,ZZ-2,,30", "2019,ZZ-3,,26"), "fr")
    assert told == (
        "recoverable-count: l'effectif de 2019 (en ZZ-4) n'est pas dans ce fichier, mais les chiffres publiés "
        "révèlent sa valeur exacte, de 1 à 9 : le total en ligne 2 moins les valeurs des provinces en lignes 3, 4 "
        "et 5 le donne. Conseil : ajoutez-lui une ligne avec le status suppressed, et en outre, masquez le chiffre en "
        "ligne 5 (le plus petit des autres), ou le total en ligne 2 : un effectif de 1 à 9 ne doit pas pouvoir être "
        "retrouvé."
    )


def test_a_suppressed_count_that_sums_give_away_is_told_in_khmer(data_copy: Path) -> None:
    (told,) = _told(data_copy, rows("2019,ZZ,,50", "2019,ZZ,female,45", "2019,ZZ,male,,suppressed"), "km")
    assert told.startswith(
        "recoverable-suppression: ចំនួនដែលលាក់ទុកនេះ អាចគណនារកវិញបានពីតួលេខដែលបានផ្សព្វផ្សាយ៖ ចំនួនសរុបនៅបន្ទាត់ 2 "
        "ដកតម្លៃតាមsex នៅបន្ទាត់ 3 ផ្តល់វាមកវិញ។"  # "sex values" in Khmer words, the title as the data writes it
    )


def test_figures_too_intertwined_are_told_in_french(data_copy: Path) -> None:
    table = rows("2024,ZZ-1,,40", "2024-01/2024-06,ZZ-1,,50", "2024-07/2024-12,ZZ-1,,,suppressed")
    (told,) = _told(data_copy, table, "fr")
    assert told.startswith("inconsistent-figures: les chiffres en lignes 2, 3, 4 se contredisent")


def _kestria_told(tmp_path: Path, *cells: str) -> list[tuple[str, str | None, str]]:
    """(code, French, English) of each problem of Kestria's victims table rewritten as `cells`
    ("period,geography,sexe,value[,status]"): French first, English second."""
    data = tmp_path / "data"
    shutil.copytree(KESTRIA, data)
    out = ["period,geography,series,sexe,value,qualifier,status,source,locator,note,note_en\n"]
    for cell in cells:
        period, geography, sex, value, *status = cell.split(",")
        state = status[0] if status else "reported"
        out.append(f"{period},{geography},ministere,{sex},{value},,{state},kestrie-ministere-2024,Tableau 2,,\n")
    (data / "observations" / "victimes-identifiees.csv").write_text("".join(out), encoding="utf-8")
    raw, found = load(data)
    _, more = validate(raw)
    return [(p.code, p.said_in("fr"), p.message) for p in sorted(found + more)]


def test_a_breakdown_that_gives_a_count_away_is_named_in_french_words(tmp_path: Path) -> None:
    # Kestria's victims are broken down by "sexe": a French editor reads "les valeurs par sexe",
    # not "les sexe values" in the middle of a French sentence.
    [(code, french, english)] = _kestria_told(
        tmp_path, "2022,XQ,,389", "2022,XQ,femmes,380", "2022,XQ,hommes,,suppressed"
    )
    assert code == "recoverable-suppression"
    assert "le total en ligne 2 moins les valeurs par sexe en ligne 3 le donne" in str(french)
    assert "values" not in str(french)
    assert "the total on line 2 minus the sex values on line 3 gives it" in english  # the English title, given


def test_a_group_whose_members_give_a_count_away_is_named_in_french_words(tmp_path: Path) -> None:
    # region-cotiere is the sum of XQ-L and XQ-V: its total minus the coast gives the capital's count.
    [(code, french, english)] = _kestria_told(
        tmp_path, "2022,region-cotiere,,60", "2022,XQ-L,,52", "2022,XQ-V,,,suppressed"
    )
    assert code == "recoverable-suppression"
    assert "le total en ligne 2 moins les valeurs des membres de region-cotiere en ligne 3 le donne" in str(french)
    assert "the total on line 2 minus the values of the members of region-cotiere on line 3 gives it" in english


def test_a_breakdown_is_named_by_its_title_in_the_editors_language(data_copy: Path) -> None:
    # An English-first site whose breakdown has a French title: the French line says that title,
    # the English line the English one.
    site = data_copy / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, fr]"))
    indicator = data_copy / "indicators" / "people-assisted.yml"
    text = indicator.read_text(encoding="utf-8")
    assert "    title:\n      en: Sex\n" in text
    indicator.write_text(text.replace("    title:\n      en: Sex\n", "    title:\n      en: Sex\n      fr: Genre\n"))
    table = rows("2019,ZZ,,50", "2019,ZZ,female,45", "2019,ZZ,male,,suppressed")
    (told,) = _told(data_copy, table, "fr")
    assert "le total en ligne 2 moins les valeurs par genre en ligne 3 le donne" in told
    [(_, _, english)] = problems(data_copy, table)
    assert "the total on line 2 minus the sex values on line 3 gives it" in english
