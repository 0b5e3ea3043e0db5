"""Disclosure control on crafted tables: small counts, and suppressed cells that sums give away.

The synthetic "people-assisted" indicator is sensitive (victims), broken down by sex, with
four regions ZZ-1 to ZZ-4; each test writes a small observations table for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.load import load
from scripts.validate import validate

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
    site.write_text(site.read_text().replace("disclosure_threshold: 10", "disclosure_threshold: 5"))
    assert codes(data_copy, rows("2019,ZZ-1,,7")) == []
    assert codes(data_copy, rows("2019,ZZ-1,,4")) == [(2, "small-count")]


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
