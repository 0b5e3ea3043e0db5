"""Geography that fits a country (scripts/geography.py, checks/groups.py, the type column of provinces.csv).

Groups of provinces (geography/groups.yml) are declared with their members, usable as an
observation's geography, checked with located errors, and counted by disclosure control as the
sum of their members, so that a group's total cannot give away a member's hidden count. Pages
and the menu name subdivisions in the dataset's own words, and a capital as a capital."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from scripts.load import load
from scripts.validate import validate
from tests.publishable import assert_publishable

GROUPS = "data/geography/groups.yml"
PEOPLE = "data/observations/people-assisted.csv"
CASES = "data/observations/cases-recorded.csv"
HEADER = "period,geography,series,sex,value,qualifier,status,source,locator,note\n"
SRC = "synthetic-ministry-2024,Table 2"
# Two synthetic groups: the north-east (ZZ-1 and ZZ-2) and the south-west (ZZ-3 and ZZ-4).
TWO_GROUPS = """\
- id: north-east
  name: {en: North-East (synthetic)}
  members: [ZZ-1, ZZ-2]
  source: synthetic-ministry-2024
- id: south-west
  name: {en: South-West (synthetic)}
  members: [ZZ-3, ZZ-4]
"""


def rows(*cells: str) -> str:
    """Rows of people-assisted.csv from "period,geography,sex,value[,status]" shorthands."""
    out = []
    for cell in cells:
        period, geography, sex, value, *status = cell.split(",")
        out.append(f"{period},{geography},ministry,{sex},{value},,{status[0] if status else 'reported'},{SRC},\n")
    return HEADER + "".join(out)


def located(data: Path, groups: str | None = TWO_GROUPS, table: str | None = None) -> list[tuple[str, int, str]]:
    """Every problem as (file, line, code), after writing groups.yml and the people-assisted table."""
    if groups is not None:
        (data / "geography" / "groups.yml").write_text(groups, encoding="utf-8")
    if table is not None:
        (data / "observations" / "people-assisted.csv").write_text(table, encoding="utf-8")
    raw, found = load(data)
    _, more = validate(raw)
    return sorted((p.path, p.line, p.code) for p in found + more)


def test_groups_are_places_of_the_dataset(data_copy: Path) -> None:
    (data_copy / "geography" / "groups.yml").write_text(TWO_GROUPS, encoding="utf-8")
    (data_copy / "observations" / "people-assisted.csv").write_text(rows("2023,north-east,,75"), encoding="utf-8")
    data, problems = validate(load(data_copy)[0])
    assert problems == [] and data is not None
    north = data.place("north-east")
    assert north is not None and north.name.default == "North-East (synthetic)"
    assert [g.members for g in data.groups] == [("ZZ-1", "ZZ-2"), ("ZZ-3", "ZZ-4")]


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        pytest.param(TWO_GROUPS.replace("[ZZ-1, ZZ-2]", "[ZZ-1, ZZ-9]"), [(GROUPS, 3, "bad-group")], id="unknown-member"),
        pytest.param(TWO_GROUPS.replace("[ZZ-3, ZZ-4]", "[ZZ-3, north-east]"), [(GROUPS, 7, "bad-group")],
                     id="group-in-a-group"),
        pytest.param(TWO_GROUPS.replace("id: north-east", "id: zz-1"), [(GROUPS, 1, "bad-group")], id="a-province-code"),
        pytest.param(TWO_GROUPS.replace("id: north-east", "id: zz"), [(GROUPS, 1, "bad-group")], id="the-country-code"),
        pytest.param(TWO_GROUPS.replace("[ZZ-1, ZZ-2]", "[ZZ-1]"), [(GROUPS, 3, "bad-group")], id="one-member"),
        pytest.param(TWO_GROUPS.replace("[ZZ-1, ZZ-2]", "[]"), [(GROUPS, 3, "empty-value")], id="empty-group"),
        pytest.param(TWO_GROUPS.replace("[ZZ-1, ZZ-2]", "[ZZ-1, ZZ-1]"), [(GROUPS, 3, "repeated-item")],
                     id="member-twice"),
        pytest.param(TWO_GROUPS.replace("id: south-west", "id: north-east"), [(GROUPS, 5, "duplicate-id")],
                     id="id-twice"),
        pytest.param(TWO_GROUPS.replace("synthetic-ministry-2024", "nowhere"), [(GROUPS, 4, "unknown-source")],
                     id="unknown-source"),
        pytest.param(TWO_GROUPS.replace("members:", "provinces:", 1), [(GROUPS, 1, "missing-key"),
                     (GROUPS, 3, "unknown-key")], id="misnamed-key"),
    ],
)  # fmt: skip
def test_a_group_that_cannot_be_read_is_located(data_copy: Path, groups: str, expected: list) -> None:
    assert [(f, line, code) for f, line, code in located(data_copy, groups)] == expected


def test_the_message_says_what_would_be_right(data_copy: Path) -> None:
    (data_copy / "geography" / "groups.yml").write_text(TWO_GROUPS.replace("id: north-east", "id: zz-1"), "utf-8")
    (found,) = validate(load(data_copy)[0])[1]
    assert str(found).startswith("data/geography/groups.yml:1:7: [0].id is also the code ZZ-1, of a province")
    assert "/provinces/<id>/" in found.hint


def test_an_unknown_geography_names_groups_too(data_copy: Path) -> None:
    (found,) = [p for p in validate(load(data_copy)[0])[1]] or [None]  # the fixture itself is valid
    assert found is None
    assert located(data_copy, None, rows("2023,north-west,,75")) == [(PEOPLE, 2, "unknown-geography")]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        pytest.param(rows("2023,ZZ-1,,40", "2023,ZZ-2,,35", "2023,north-east,,75"), [], id="adds-up"),
        pytest.param(rows("2023,ZZ-1,,40", "2023,north-east,,30"), [(PEOPLE, 3, "group-figure")],
                     id="less-than-a-member"),
        pytest.param(rows("2023,ZZ-1,,40", "2023,ZZ-2,,35", "2023,north-east,,80"), [(PEOPLE, 4, "group-figure")],
                     id="not-the-sum-of-every-member"),
        pytest.param(rows("2023,ZZ,,70", "2023,north-east,,75"), [(PEOPLE, 3, "group-figure")],
                     id="more-than-the-country"),
        pytest.param(rows("2023,ZZ-1,,40", "2023,north-east,,30,estimate").replace("30,,estimate", "30,at-least,estimate"),
                     [], id="a-lower-bound-may-be-below"),
    ],
)  # fmt: skip
def test_a_group_figure_must_fit_its_members_and_the_country(data_copy: Path, table: str, expected: list) -> None:
    assert located(data_copy, TWO_GROUPS, table) == expected


# --- disclosure control: a group is the sum of its members ----------------------------------


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # North-East 45 minus ZZ-1's 40 leaves 5 for the suppressed ZZ-2.
        pytest.param(rows("2023,north-east,,45", "2023,ZZ-1,,40", "2023,ZZ-2,,,suppressed"),
                     [(PEOPLE, 4, "recoverable-suppression")], id="group-minus-member-gives-a-suppressed-one"),
        pytest.param(rows("2023,north-east,,45", "2023,ZZ-1,,40"), [(PEOPLE, 2, "recoverable-count")],
                     id="group-minus-member-gives-one-left-out"),
        # The country's 100 minus North-East's 95 leaves 5 for the whole South-West; no province is listed.
        pytest.param(rows("2023,ZZ,,100", "2023,north-east,,95", "2023,south-west,,,suppressed"),
                     [(PEOPLE, 4, "recoverable-count"), (PEOPLE, 4, "recoverable-count"),
                      (PEOPLE, 4, "recoverable-suppression")], id="country-minus-group"),
        pytest.param(rows("2023,north-east,,45", "2023,ZZ-1,,,suppressed", "2023,ZZ-2,,,suppressed"), [],
                     id="two-suppressed-members-are-safe"),
        pytest.param(rows("2023,north-east,,,suppressed", "2023,ZZ-1,,40", "2023,ZZ-2,,35"),
                     [(PEOPLE, 2, "recoverable-suppression")], id="a-suppressed-group-of-published-members"),
        pytest.param(rows("2023,ZZ,,100", "2023,north-east,,50", "2023,south-west,,50"), [], id="large-groups-are-safe"),
        pytest.param(rows("2023,north-east,,8"), [(PEOPLE, 2, "small-count")], id="a-small-group-count"),
        # The same within a breakdown: the group's women minus ZZ-1's women.
        pytest.param(rows("2023,north-east,female,30", "2023,ZZ-1,female,25", "2023,ZZ-2,female,,suppressed"),
                     [(PEOPLE, 4, "recoverable-suppression")], id="within-a-breakdown"),
        # Each group minus its one published member gives the other member away.
        pytest.param(rows("2023,north-east,,45", "2023,south-west,,38", "2023,ZZ-1,,40", "2023,ZZ-3,,,suppressed",
                          "2023,ZZ-4,,30", "2023,ZZ-2,,,suppressed"),
                     [(PEOPLE, 5, "recoverable-suppression"), (PEOPLE, 7, "recoverable-suppression")],
                     id="each-group-gives-one-away"),
    ],
)  # fmt: skip
def test_a_group_total_cannot_give_away_a_members_count(data_copy: Path, table: str, expected: list) -> None:
    assert located(data_copy, TWO_GROUPS, table) == expected


def test_the_message_names_the_group_and_its_members(data_copy: Path) -> None:
    (data_copy / "geography" / "groups.yml").write_text(TWO_GROUPS, encoding="utf-8")
    table = rows("2023,north-east,,45", "2023,ZZ-1,,40", "2023,ZZ-2,,,suppressed")
    (data_copy / "observations" / "people-assisted.csv").write_text(table, encoding="utf-8")
    (found,) = validate(load(data_copy)[0])[1]
    assert "the total on line 2 minus the values of the members of north-east on line 3 gives it" in str(found)
    assert "5" not in found.message  # the hidden count is never printed: build logs are public


# --- end to end: a dataset of counties, a capital and two police regions ------------------

GROUPED = Path(__file__).parent / "fixtures" / "grouped"


@pytest.fixture(scope="module")
def grouped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/grouped built once: the synthetic country with counties, a capital and police regions."""
    from scripts.build import build

    out = tmp_path_factory.mktemp("grouped") / "site"
    build(GROUPED, out)
    return out


def _text(page: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())


def test_the_grouped_site_is_publishable(grouped_site: Path) -> None:
    assert_publishable(GROUPED, grouped_site)  # every figure, the groups' included, on its page and in downloads


def test_a_group_has_a_page_with_its_members_and_figures(grouped_site: Path) -> None:
    html = (grouped_site / "provinces" / "police-north" / "index.html").read_text(encoding="utf-8")
    text = _text(grouped_site / "provinces" / "police-north" / "index.html")
    assert re.search(r"<h1[^>]*>Northern Police Region \(synthetic\)<", html)
    assert "A group of 2 counties and 1 capital." in text
    for member in ("zz-1", "zz-2", "zz-5"):
        assert f'href="../{member}/"' in html
    assert "Cases recorded (synthetic) 2023 Ministry of the Interior (fictional) 90" in text
    assert "Disclosure control treats it as the sum of its members' figures" in text


def test_headings_and_menu_use_the_datasets_words(grouped_site: Path) -> None:
    index = grouped_site / "provinces" / "index.html"
    page, text = index.read_text(encoding="utf-8"), _text(index)
    assert re.search(r"<h1[^>]*>Counties<", page)
    home = (grouped_site / "index.html").read_text(encoding="utf-8")
    menu = [re.sub(r"<[^>]+>|\s", "", m) for m in re.findall(r'<a href="provinces/"[^>]*>(.*?)</a>', home, re.S)]
    assert menu and set(menu) == {"Counties"}  # the menu's entry and the home page's link
    assert "Groups of counties" in text and "All counties" in text
    assert "province" not in text.lower()
    assert 'href="police-north/"' in page and 'href="police-south/"' in page


def test_a_capital_is_not_called_a_county(grouped_site: Path) -> None:
    assert "Type capital" in _text(grouped_site / "provinces" / "zz-5" / "index.html")
    assert "Type county" in _text(grouped_site / "provinces" / "zz-1" / "index.html")
    row = re.search(
        r"Synthetica City</a></th><td[^>]*>([^<]+)</td>", (grouped_site / "provinces" / "index.html").read_text()
    )
    assert row is not None and row[1] == "capital"


def test_downloads_name_the_group(grouped_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((grouped_site / "data" / "cases-recorded.csv").read_text("utf-8-sig"))))
    north = [r for r in rows if r["geography"] == "police-north"]
    assert [(r["geography_name"], r["value"]) for r in north] == [("Northern Police Region (synthetic)", "90")]
    package = json.loads((grouped_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = [f for r in package["resources"] for f in r["schema"]["fields"] if f["name"] == "geography"]
    assert fields and all({"police-north", "police-south"} <= set(f["constraints"]["enum"]) for f in fields)


# --- a type per row of provinces.csv ------------------------------------------------------


def test_a_type_outside_the_vocabulary_is_located(data_copy: Path) -> None:
    csv_path = data_copy / "geography" / "provinces.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",type"
    lines[1:] = [line + ("," if i else ",capitol") for i, line in enumerate(lines[1:])]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (found,) = validate(load(data_copy)[0])[1]
    assert (found.path, found.line, found.code) == ("data/geography/provinces.csv", 2, "not-allowed")
    assert 'column "type" is not a type of subdivision' in str(found) and "capital" in found.hint


def test_the_default_keeps_its_words_and_says_which_is_the_capital() -> None:
    from scripts.build import check
    from scripts.pages import page
    from tests.conftest import DATA

    data = check(DATA)
    index = page("provinces/index.md", data)
    assert "\n# Provinces\n" in index and "## All provinces" in index
    assert "# ខេត្ត" in page("provinces/index.md", data, "km")
    assert "<dt>Type</dt><dd>capital</dd>" in page("provinces/kh-12.md", data)
    assert "<dt>ប្រភេទ</dt><dd>រាជធានី</dd>" in page("provinces/kh-12.md", data, "km")
    assert "<dt>Type</dt><dd>province</dd>" in page("provinces/kh-1.md", data)
    assert not data.groups  # no group is declared for Cambodia: none is invented


def test_a_groups_file_in_the_wrong_folder_is_not_silently_ignored(data_copy: Path) -> None:
    (data_copy / "groups.yml").write_text(TWO_GROUPS, encoding="utf-8")
    raw, found = load(data_copy)
    assert [(p.path, p.code, p.hint) for p in found] == [
        ("data/groups.yml", "unknown-file", "groups of provinces go in geography/groups.yml")
    ]


def test_the_index_of_addresses_says_what_a_group_holds() -> None:
    from scripts.build import check
    from scripts.opendata import opendata

    index = json.loads(opendata(check(GROUPED))["data/index.json"])
    north = next(g for g in index["groups"] if g["id"] == "police-north")
    assert north["members"] == ["ZZ-1", "ZZ-2", "ZZ-5"] and north["page"].endswith("/provinces/police-north/")


def test_a_group_page_reads_in_every_language_of_the_site() -> None:
    from dataclasses import replace

    from scripts.build import check
    from scripts.model import Group, Text
    from scripts.pages import page
    from tests.conftest import DATA

    data = check(DATA)
    made_up = Group("example-region", Text("Example region", (("km", "តំបន់ឧទាហរណ៍"),)), ("KH-12", "KH-8"))
    data = replace(data, groups=(made_up,))  # Cambodia declares none: a made-up one, for its words only
    english, khmer = page("provinces/example-region.md", data), page("provinces/example-region.md", data, "km")
    assert "A group of 1 capital and 1 province." in english
    assert "ក្រុមនៃរាជធានី 1 និង ខេត្ត 1។" in khmer
    assert 'class="untranslated"' not in khmer  # every string of the page has its Khmer words (not yet reviewed)
    assert "[All provinces](index.md)" in english and "[ខេត្តទាំងអស់](index.md)" in khmer


def test_data_availability_lists_the_groups_with_figures() -> None:
    from scripts.build import check
    from scripts.pages import page

    text = page("availability.md", check(GROUPED))
    assert "Groups of counties with any published figure:" in text
    assert "[Southern Police Region \\(synthetic\\)](provinces/police-south.md): Cases recorded" in text


def test_members_are_not_judged_against_a_provinces_file_that_cannot_be_read(data_copy: Path) -> None:
    provinces = data_copy / "geography" / "provinces.csv"
    provinces.write_text(provinces.read_text(encoding="utf-8").replace("name_en", "label_en", 1), encoding="utf-8")
    found = located(data_copy)
    assert ("data/geography/provinces.csv", 1, "missing-column") in found
    assert not [f for f, _, _ in found if f == GROUPS]  # not one "is not a code" per member


def test_a_rate_for_a_group_is_refused_with_a_hint_that_fits(data_copy: Path) -> None:
    from tests.test_disclosure import RATE_HEADER, RATE_YML

    (data_copy / "indicators" / "assisted-rate.yml").write_text(RATE_YML, encoding="utf-8")
    rate = f"{RATE_HEADER}2023,north-east,ministry,2.5,,reported,{SRC},\n"
    (data_copy / "observations" / "assisted-rate.csv").write_text(rate, encoding="utf-8")
    (data_copy / "geography" / "groups.yml").write_text(TWO_GROUPS, encoding="utf-8")
    found = [p for p in validate(load(data_copy)[0])[1] if p.code == "rate-without-population"]
    assert len(found) == 1 and "a group of provinces has no population of its own" in found[0].hint


def test_editors_read_the_group_problems_in_khmer_too(data_copy: Path) -> None:
    from scripts.problems import report

    (data_copy / "geography" / "groups.yml").write_text(TWO_GROUPS.replace("[ZZ-1, ZZ-2]", "[ZZ-1, ZZ-9]"), "utf-8")
    text = report(validate(load(data_copy)[0])[1], ("en", "km"))
    assert "is not a code in geography/provinces.csv" in text
    assert "  km: [0].members[1] មិនមែនជាកូដនៅក្នុង geography/provinces.csv ទេ" in text
