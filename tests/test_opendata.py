"""Open data for programs: all.csv, the Frictionless data package and the index of stable URLs."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from frictionless import Package

from scripts.build import check
from scripts.downloads import downloads, observation_columns, observation_record
from scripts.i18n import machine_locale
from scripts.model import (
    Category,
    Dataset,
    Dimension,
    DimensionValue,
    Indicator,
    Observation,
    Period,
    Pillar,
    Province,
    Series,
    Site,
    Source,
    Text,
    Where,
)
from scripts.opendata import DOCUMENTED_COLUMNS, all_columns, column_description, documented_columns, opendata
from scripts.paths import ROOT
from scripts.tabular import Stream, csv_table, json_document

FIXTURES = Path(__file__).parent / "fixtures"
YEAR_2018 = Period(2018, 1, 2018, 12)


def _obs(ind: str, value, period: Period = YEAR_2018, status: str = "reported", geography: str = "XX",
         dims: tuple = (), note: str = "", series: str = "office") -> Observation:  # fmt: skip
    return Observation(ind, period, geography, series, dims, value, "", status, "report-1", "page 3", note, Where("x"))


def _dataset(note: str = "", licence: str = "CC-BY-4.0", url: str = "") -> Dataset:
    """A tiny country: a count by sex, a category indicator and one declared but not yet published."""
    site = Site(
        title=Text("Test Land Data"), tagline=Text("Figures, with sources."), country_code="XX",
        country_name=Text("Test Land"), subdivision=Text("region"), subdivision_plural=Text("regions"),
        languages=("en",), organisation=Text("A project"), licence_data=licence, licence_code="MIT",
        disclosure_threshold=10, pillars=(Pillar("protection", Text("Protection"), Text("")),), url=url,
    )  # fmt: skip
    sex = Dimension(
        "sex", Text("Sex"), (DimensionValue("female", Text("Female")), DimensionValue("male", Text("Male")))
    )
    victims = Indicator(
        id="victims", title=Text("Victims identified"), description=Text("People identified as victims."),
        pillar="protection", unit="count", unit_label=Text("victims"), measure=Text(""), higher_is="neutral",
        sensitive=True, series=(Series("office", Text("The office")),), dimensions=(sex,),
        observations=(
            _obs("victims", 120, note=note),
            _obs("victims", 70, dims=(("sex", "female"),)),
            _obs("victims", None, Period(2019, 1, 2020, 12), "suppressed", "XX-1"),
        ),
    )  # fmt: skip
    tier = Indicator(
        id="tier", title=Text("Tier"), description=Text("An assessment."), pillar="protection", unit="category",
        unit_label=Text("tier"), measure=Text(""), higher_is="neutral", sensitive=False,
        series=(Series("office", Text("The office")),), categories=(Category("tier-1", Text("Tier 1")), Category("tier-2", Text("Tier 2"))),
        observations=(_obs("tier", "tier-2"),),
    )  # fmt: skip
    wanted = Indicator(
        id="wanted", title=Text("Ringleaders arrested"), description=Text("Not yet published."), pillar="protection",
        unit="count", unit_label=Text("people"), measure=Text(""), higher_is="neutral", sensitive=False,
        series=(Series("office", Text("The office")),), published=False,
    )  # fmt: skip
    return Dataset(
        site=site,
        sources=(Source("report-1", "Annual report", "The office", "2021", "https://example.org/report", "report"),
                 Source("unused", "Another report", "Someone", "2020", "", "report")),
        provinces=(Province("XX-1", Text("North"), (), "", None, None, "", "", "", Where("p")),),
        indicators=(victims, tier, wanted),
    )  # fmt: skip


def _rows(text: str) -> list[dict[str, str]]:
    """The records of a CSV download, read as a UTF-8 reader reads them (the byte-order mark read away)."""
    return list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))


# --- all.csv ---


def test_all_csv_is_one_tidy_table_of_every_published_observation() -> None:
    rows = _rows(opendata(_dataset())["data/all.csv"].text())
    assert [(r["indicator"], r["period"], r["geography"], r["sex"], r["value"], r["category"], r["status"]) for r in rows] == [
        ("victims", "2018", "XX", "", "120", "", "reported"),
        ("victims", "2018", "XX", "female", "70", "", "reported"),
        ("victims", "2019/2020", "XX-1", "", "", "", "suppressed"),
        ("tier", "2018", "XX", "", "", "tier-2", "reported"),
    ]  # fmt: skip
    assert rows[2]["period_kind"] == "multi-year" and rows[2]["geography_name"] == "North"
    assert rows[0]["source_url"] == "https://example.org/report" and rows[0]["unit"] == "count"


def test_all_csv_columns_extend_the_per_indicator_columns() -> None:
    header = opendata(_dataset())["data/all.csv"].text().removeprefix("\ufeff").splitlines()[0].split(",")
    victims = _dataset().indicators[0]
    assert [c for c in header if c not in ("unit", "category", "category_name")] == observation_columns(
        victims, ("en",)
    )


@pytest.mark.parametrize("note", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\t=1"])
def test_a_cell_that_a_spreadsheet_would_run_is_made_inert(note: str) -> None:
    rows = _rows(opendata(_dataset(note=note))["data/all.csv"].text())
    assert rows[0]["note"] == "'" + note


# --- datapackage.json ---


def _package(data: Dataset | None = None) -> dict:
    return json.loads(opendata(data or _dataset())["data/datapackage.json"])


def test_one_resource_per_published_indicator_and_one_for_all() -> None:
    package = _package()
    assert [(r["name"], r["path"]) for r in package["resources"]] == [
        ("victims", "victims.csv"), ("tier", "tier.csv"), ("all", "all.csv")]  # fmt: skip
    assert all(r["profile"] == "tabular-data-resource" and r["encoding"] == "utf-8" for r in package["resources"])


def test_schemas_give_types_and_allowed_values() -> None:
    victims, tier, every = (
        {f["name"]: f for f in r["schema"]["fields"]} for r in _package()["resources"]
    )  # fmt: skip
    assert victims["value"]["type"] == "integer" and victims["value"]["constraints"] == {"minimum": 0}
    assert victims["status"]["constraints"] == {
        "required": True, "enum": ["reported", "derived", "estimate", "suppressed", "not-available"]}  # fmt: skip
    assert victims["sex"]["constraints"] == {"enum": ["female", "male"]}
    assert victims["geography"]["constraints"]["enum"] == ["XX", "XX-1"]
    assert victims["source"]["constraints"]["enum"] == ["report-1"]
    assert tier["value"] == {"name": "value", "type": "string", "constraints": {"enum": ["tier-1", "tier-2"]},
                             "description": tier["value"]["description"]}  # fmt: skip
    assert every["value"]["type"] == "number" and every["category"]["constraints"] == {"enum": ["tier-1", "tier-2"]}
    assert every["indicator"]["constraints"]["enum"] == ["victims", "tier"]


def test_licence_and_sources_come_from_the_data() -> None:
    package = _package()
    assert package["licenses"] == [
        {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}]  # fmt: skip
    assert package["sources"] == [
        {"title": "Annual report", "path": "https://example.org/report"},
        {"title": "Another report"},
    ]
    assert package["resources"][0]["sources"] == [{"title": "Annual report", "path": "https://example.org/report"}]
    assert _package(_dataset(licence="LicenseRef-Own"))["licenses"] == [{"name": "LicenseRef-Own"}]


def test_homepage_is_the_published_address_else_the_local_previews() -> None:
    assert _package()["homepage"] == "http://127.0.0.1:8000/"
    assert _package(_dataset(url="https://data.example.org/"))["homepage"] == "https://data.example.org/"


# --- index.json ---


def test_index_lists_the_stable_urls_of_every_indicator() -> None:
    base = "https://example.org/ctip/"  # a project site: every address under its folder, not the host's root
    index = json.loads(opendata(_dataset(url=base))["data/index.json"])
    assert index["all_csv"] == f"{base}data/all.csv" and index["datapackage"] == f"{base}data/datapackage.json"
    assert index["licence"] == "CC-BY-4.0" and index["base_url"] == base
    victims, _, wanted = index["indicators"]
    assert {k: victims[k] for k in ("page", "csv", "json")} == {"page": f"{base}indicators/victims/",
        "csv": f"{base}data/victims.csv", "json": f"{base}data/victims.json"}  # fmt: skip
    assert wanted["published"] is False and wanted["page"] == f"{base}indicators/wanted/" and "csv" not in wanted


# --- Determinism ---


def _text(file: str | Stream) -> str:
    """A file's text, whether made whole or made as it is written (all.csv)."""
    return file if isinstance(file, str) else file.text()


def test_same_data_same_bytes_with_sorted_keys() -> None:
    first, second = ({path: _text(file) for path, file in opendata(_dataset()).items()} for _ in range(2))
    assert first == second
    assert list(first) == ["data/all.csv", "data/datapackage.json", "data/index.json"]
    for path in ("data/datapackage.json", "data/index.json"):
        assert first[path] == json.dumps(json.loads(first[path]), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize(
    "value",
    [
        {"observations": [{"value": 12, "note": 'ខ្មែរ "quoted"\nline', "b": None, "a": 1.5}, {}], "id": "x"},
        [[1, [2, {"k": [True, False]}]], [], {}, "", 0],
        {"z": {"y": {"x": [{"w": 1}]}}, "empty": {}, "list": [], "nan": float("nan")},
        {3: "number keys", 1: {"inner": [1]}},
        "text",
        [],
        {"observations": [{"value": 1, "revisions": []}, {"revisions": [{"value": 2}], "empty": {}}, {"x": [[], {}]}]},
    ],
    ids=["download", "nested-lists", "deep", "number-keys", "scalar", "empty", "never-revised"],
)
def test_json_downloads_are_written_as_json_dumps_writes_them(value: object) -> None:
    """The fast writer of big downloads keeps their bytes: a reader diffing two editions sees only changed figures."""
    assert json_document(value) == json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- The real data, validated by frictionless ---


def _write_data_folder(data: Dataset, target: Path) -> Path:
    """The data/ folder as the site serves it: per-indicator CSVs (as downloads.py writes them) and ours."""
    files = {f"data/{i.id}.csv": csv_table([observation_record(data, i, o) for o in i.observations],
                                           observation_columns(i, data.site.languages))
             for i in data.indicators if i.published}  # fmt: skip
    for rel, text in (files | opendata(data)).items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(_text(text), encoding="utf-8", newline="\n")
    return target / "data" / "datapackage.json"


def _errors(descriptor: Path) -> list[tuple[str, int | None, str | None, str]]:
    report = Package(str(descriptor)).validate()
    return [(task.name, e.get("rowNumber"), e.get("fieldName"), e["type"])
            for task in report.tasks for e in (err.to_dict() for err in task.errors)] + [
        ("package", None, None, e.type) for e in report.errors]  # fmt: skip


@pytest.mark.parametrize("folder", [ROOT / "data", FIXTURES / "synthetic"], ids=["default", "synthetic"])
def test_the_data_package_validates(folder: Path, tmp_path: Path) -> None:
    data = check(folder)
    descriptor = _write_data_folder(data, tmp_path)
    assert _errors(descriptor) == []
    resources = json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
    assert len(resources) == sum(i.published for i in data.indicators) + 1


def test_the_schemas_describe_exactly_what_downloads_writes(tmp_path: Path) -> None:
    data = check(ROOT / "data")
    package = json.loads(_write_data_folder(data, tmp_path).read_text(encoding="utf-8"))
    for resource in package["resources"]:
        header = (tmp_path / "data" / resource["path"]).read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert [f["name"] for f in resource["schema"]["fields"]] == header, resource["name"]


def test_frictionless_catches_a_broken_file(tmp_path: Path) -> None:
    """The schemas have teeth: a bad status, a negative count and a repeated row are all reported."""
    descriptor = _write_data_folder(_dataset(), tmp_path)
    path = tmp_path / "data" / "victims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",reported,", ",rumoured,")
    lines[2] = lines[2].replace(",70,", ",-3,")
    lines.append(lines[3])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _errors(descriptor) == [
        ("victims", 2, "status", "constraint-error"),
        ("victims", 3, "value", "constraint-error"),
        ("victims", 5, None, "primary-key"),
    ]


# --- Excel and other languages ---


def test_csv_downloads_carry_a_byte_order_mark_that_frictionless_reads_away(tmp_path: Path) -> None:
    """Excel needs the mark to read UTF-8 (Khmer text is garbled without it); the data package still reads."""
    descriptor = _write_data_folder(_dataset(), tmp_path)
    assert (tmp_path / "data" / "victims.csv").read_bytes().startswith(b"\xef\xbb\xbfindicator,")
    assert opendata(_dataset())["data/all.csv"].text().startswith("\ufeffindicator,")
    rows = Package(str(descriptor)).get_resource("victims").read_rows()
    assert [(r["indicator"], r["value"]) for r in rows][:2] == [("victims", 120), ("victims", 70)]


def _bilingual() -> Dataset:
    """The tiny country in English and Khmer: its region's and one sex's names translated, the other not."""
    data = _dataset()
    site = replace(data.site, languages=("en", "km"))
    victims, tier, wanted = data.indicators
    sex = Dimension("sex", Text("Sex"), (DimensionValue("female", Text("Female", (("km", "ស្រី"),))),
                                         DimensionValue("male", Text("Male"))))  # fmt: skip
    first = replace(victims.observations[0], note="Counted twice.", note_translations=(("km", "រាប់ពីរដង។"),))
    victims = replace(victims, dimensions=(sex,), title=Text("Victims identified", (("km", "ជនរងគ្រោះ"),)),
                      observations=(first, *victims.observations[1:]))  # fmt: skip
    north = replace(data.provinces[0], name=Text("North", (("km", "ខាងជើង"),)))
    return replace(data, site=site, provinces=(north,), indicators=(victims, tier, wanted))


def test_downloads_name_codes_in_every_language_of_the_site() -> None:
    data = _bilingual()
    rows = _rows(opendata(data)["data/all.csv"].text())
    female = next(r for r in rows if r["sex"] == "female")
    assert (female["sex_name"], female["sex_name_km"]) == ("Female", "ស្រី")
    assert (rows[2]["geography_name"], rows[2]["geography_name_km"]) == ("North", "ខាងជើង")
    assert rows[0]["sex_name"] == "" and rows[0]["series_name"] == "The office"
    assert rows[0]["series_name_km"] == ""  # not translated: empty, never the English in its place
    assert (rows[0]["note"], rows[0]["note_km"]) == ("Counted twice.", "រាប់ពីរដង។")
    assert (rows[1]["note"], rows[1]["note_km"]) == ("", "")
    tier = next(r for r in rows if r["indicator"] == "tier")
    assert (tier["category"], tier["category_name"]) == ("tier-2", "Tier 2")
    fields = {f["name"]: f for f in _package(data)["resources"][-1]["schema"]["fields"]}
    assert fields["sex_name_km"]["description"].endswith("In Khmer; empty where no translation is given.")
    assert fields["note"]["description"].endswith("In English.")
    assert fields["note_km"]["description"].endswith("In Khmer; empty where no translation is given.")
    [entry, *_] = json.loads(downloads(data, {})["data/victims.json"].text())["observations"]
    assert (entry["note"], entry["note_km"]) == ("Counted twice.", "រាប់ពីរដង។")


def test_the_json_download_gives_texts_in_every_language() -> None:
    document = json.loads(downloads(_bilingual(), {})["data/victims.json"].text())
    assert (document["title"], document["title_km"]) == ("Victims identified", "ជនរងគ្រោះ")
    assert document["series"] == [{"id": "office", "label": "The office", "label_km": "", "note": "", "note_km": ""}]


@pytest.mark.parametrize("folder", [ROOT / "data", FIXTURES / "synthetic", FIXTURES / "fiscal", FIXTURES / "kestria"],
                         ids=["default", "synthetic", "fiscal", "kestria"])  # fmt: skip
def test_every_download_column_is_described_on_the_use_data_page(folder: Path) -> None:
    data = check(folder)
    published = [i for i in data.indicators if i.published]
    dims = {d.id for i in published for d in i.dimensions}
    others = "|".join(data.site.languages[1:]) or "-"
    listed = {name for name, _ in documented_columns(data.site.languages, machine_locale())}
    for column in [*all_columns(published, data.site.languages),
                   *(c for i in published for c in observation_columns(i, data.site.languages))]:  # fmt: skip
        general = re.sub(rf"_name_({others})$", "_name", column)
        general = re.sub(rf"^({'|'.join(dims) or '-'})(_name)?$", r"<dimension>\2", general)
        assert general in DOCUMENTED_COLUMNS or column in listed, column
    assert column_description("geography_name", dims, data.site.languages) != ""
