"""A site with fiscal years, money, a percentage of a named base and editions that say what they
cover (tests/fixtures/fiscal), built end to end: what a reader finds on its pages and downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from scripts.build import build
from tests.conftest import FIXTURES, once_per_run
from tests.publishable import assert_publishable

FISCAL = FIXTURES / "fiscal"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return once_per_run(tmp_path_factory, "fiscal", lambda folder: build(FISCAL, folder / "site")) / "site"


def _text(site: Path, page: str) -> str:
    """What a reader reads on a page: its text without charts, scripts and tags, spaces folded."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    html = re.sub(r"<(svg|script|style)\b.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("\u200b", "")
    return " ".join(text.split())


def _csv(site: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / "data" / name).read_text(encoding="utf-8-sig"))))


def test_fiscal_years_are_named_and_compared_only_with_each_other(site: Path) -> None:
    text = _text(site, "indicators/victim-compensation")
    assert (
        "$18,250.75 in fiscal year 2023–24 (Apr–Mar), $2,750.50 more than in fiscal year 2022–23 (Apr–Mar): "
        "each year's amount as reported, not adjusted for inflation."
    ) in text
    assert "fiscal year 2021–22 (Apr–Mar) not a calendar year Synthetica $12,000" in text
    assert "2020 Synthetica $9,800" in text  # the calendar years before the switch are kept
    assert "than in 2020" not in text and "on 2020" not in text  # and never compared with a fiscal year
    assert "Some figures are for calendar years and some for fiscal years: the two are shown apart" in text
    assert "Figures used: 2019 (Table 9 (fictional)); 2020 (Table 9 (fictional)); fiscal year 2021–22 (Apr–Mar)" in text


def test_the_khmer_page_names_the_fiscal_year_and_writes_money_its_way(site: Path) -> None:
    text = _text(site, "km/indicators/victim-compensation")
    assert "ឆ្នាំសារពើពន្ធ 2023–24 (មេសា–មីនា)" in text and "18.250,75$" in text


def test_the_chart_draws_fiscal_years_apart_with_the_currency_on_its_axis(site: Path) -> None:
    svg = (site / "charts" / "victim-compensation.svg").read_text(encoding="utf-8")
    titles = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert {"Calendar years", "Fiscal years, April to March", "US dollars (USD)", "2023–24", "$18,250.75"} <= titles
    assert 'aria-label="Period: fiscal year 2023–24 (Apr–Mar); Value: $18,250.75;' in svg  # the mark names it in full


def test_an_edition_shows_the_period_it_covers(site: Path) -> None:
    text = _text(site, "indicators/review-rating")
    assert "Tier 3 in 2024, down from Tier 2 in 2023. The 2024 edition covers Apr 2023–Mar 2024." in text
    assert "The latest edition, 2024, covers Apr 2023–Mar 2024." in text
    assert "2024 edition covers Apr 2023–Mar 2024 Synthetica Tier 3" in text


def test_a_percentage_is_shown_with_its_base(site: Path) -> None:
    text = _text(site, "indicators/cases-convicted-share")
    assert "44% of cases brought to court in 2023, 2.5 percentage points higher than in 2022." in text
    assert "41.5% of cases brought to court" in text


def test_the_home_card_states_the_change_between_fiscal_years(site: Path) -> None:
    assert "+$2,750.50 on fiscal year 2022–23 (Apr–Mar)" in _text(site, ".")


def test_downloads_carry_the_currency_the_kind_of_period_and_what_an_edition_covers(site: Path) -> None:
    money = _csv(site, "victim-compensation.csv")
    assert [(r["period"], r["period_kind"], r["value"], r["currency"]) for r in money][-2:] == [
        ("2022-04/2023-03", "twelve-month", "15500.25", "USD"),
        ("2023-04/2024-03", "twelve-month", "18250.75", "USD"),
    ]
    assert (money[1]["period_kind"], money[1]["value"]) == ("year", "9800")  # whole, as the source wrote it
    rating = _csv(site, "review-rating.csv")
    assert [(r["period"], r["covers"]) for r in rating][-1] == ("2024", "2023-04/2024-03")
    every = _csv(site, "all.csv")
    assert {r["currency"] for r in every} == {"USD", ""} and "2023-04/2024-03" in {r["covers"] for r in every}
    document = json.loads((site / "data" / "victim-compensation.json").read_text(encoding="utf-8"))
    assert document["currency"] == "USD" and "not adjusted for inflation" in document["prices"]
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] for f in r["schema"]["fields"] if r["name"] == "all"}
    assert fields["currency"]["constraints"]["enum"] == ["USD"]
    assert "twelve-month" in fields["period_kind"]["constraints"]["enum"]


def test_every_figure_reaches_its_page_chart_and_downloads_in_every_language(site: Path) -> None:
    assert_publishable(FISCAL, site)
