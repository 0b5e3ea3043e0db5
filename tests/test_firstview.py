"""A page's table stays light at any size: all figures when few, else the national ones and the latest."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.firstview import PAGE_ROWS, indicator_rows, province_rows
from scripts.load import load
from scripts.validate import validate
from tests.benchdata import dataset

FIXTURE = Path(__file__).parent / "fixtures" / "cambodia"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory):
    raw, _ = load(dataset(tmp_path_factory.mktemp("bench") / "data", 15_000, source=FIXTURE))
    data, problems = validate(raw)
    assert data is not None and not problems
    return data


def test_a_small_table_shows_every_figure(large) -> None:
    small = next(i for i in large.indicators if i.id == "cases-cracked-down")
    assert indicator_rows(small.observations, large.site.country_code) == list(small.observations)


def test_a_large_table_shows_the_national_figures_then_the_latest_period(large) -> None:
    ind = next(i for i in large.indicators if i.id.startswith("bench-"))
    country = large.site.country_code
    shown = indicator_rows(ind.observations, country)
    assert len(shown) <= PAGE_ROWS < len(ind.observations)
    national = [o for o in ind.observations if o.geography == country and not o.is_breakdown]
    assert shown[: len(national)] == national
    latest = max(o.period.end_year for o in ind.observations)
    rest = shown[len(national) :]
    assert rest and all(o.period.end_year == latest for o in rest)
    assert all(o.is_breakdown for o in rest if o.geography == country)
    assert all(not o.is_breakdown for o in rest if o.geography != country)
    areas = {o.geography for o in ind.observations} - {country}
    assert {o.geography for o in rest} - {country} == areas  # each area's latest total


def test_a_province_page_shows_each_indicators_latest_period(large) -> None:
    own = [o for i in large.indicators for o in i.observations if o.geography == "KH-12"]
    shown = province_rows(own)
    assert len(shown) <= PAGE_ROWS < len(own)
    assert {o.indicator for o in shown} == {o.indicator for o in own}
    assert not any(o.is_breakdown for o in shown)
