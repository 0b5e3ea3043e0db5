"""The output audit finds a small count of a sensitive breakdown wherever the build put it.

The synthetic site is built once; each case copies one built file into an otherwise empty
site folder with one number changed to a small count, and the audit must name that file.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from scripts.audit import audit
from scripts.build import build
from scripts.model import Dataset

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"
PAGE = "indicators/people-assisted/index.html"
MALE_ROW = '<td data-label="Sex">Male</td><td data-label="Value" class="num">48</td>'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    site = tmp_path_factory.mktemp("audit") / "site"
    return site, build(SYNTHETIC, site)


def test_built_site_passes(built: tuple[Path, Dataset]) -> None:
    site, data = built
    assert audit(site, data) == []


def _leaks(built: tuple[Path, Dataset], tmp_path: Path, file: str, old: str, new: str) -> list[tuple[str, str]]:
    source, data = built
    site = tmp_path / "site"
    target = site / file
    target.parent.mkdir(parents=True)
    text = (source / file).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [(p.path, p.code) for p in audit(site, data)]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        pytest.param("data/people-assisted.csv", ",male,Male,40,", ",male,Male,4,", id="download-csv"),
        pytest.param("data/people-assisted.json", '"value": 40', '"value": 4', id="download-json"),
        pytest.param("data/all.csv", ",male,Male,count,40,", ",male,Male,count,4,", id="all-csv"),
        pytest.param("charts/people-assisted-by-sex.csv", "Male,48,", "Male,4,", id="chart-data-csv"),
        pytest.param(PAGE, MALE_ROW, MALE_ROW.replace("48", "4"), id="html-table"),
        pytest.param(PAGE, '"text":"48","value":48', '"text":"4","value":4', id="embedded-spec"),
        pytest.param(PAGE, "Sex: Male; Value: 48;", "Sex: Male; Value: 4;", id="mark-label"),
        pytest.param(PAGE, "Female: 75; Male: 48.", "Female: 75; Male: 4.", id="chart-description"),
        pytest.param("search/search_index.json", "North RegionAll40", "North RegionAll4", id="search-index"),
        pytest.param(PAGE, MALE_ROW, MALE_ROW.replace("48", "៤"), id="khmer-digits"),
        pytest.param(
            PAGE.replace("indicators", "embed"),
            "Period: 2019; Value: 100;",
            "Period: 2019; Value: 4; Sex: Male;",
            id="embed",
        ),  # fmt: skip
    ],
)
def test_leak_is_found(built: tuple[Path, Dataset], tmp_path: Path, file: str, old: str, new: str) -> None:
    assert _leaks(built, tmp_path, file, old, new) == [(f"site/{file}", "published-small-count")]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        pytest.param(PAGE, MALE_ROW, MALE_ROW.replace("48", "fewer than 10"), id="marker"),
        pytest.param(PAGE, MALE_ROW, MALE_ROW.replace("48", "0"), id="zero"),
        pytest.param(
            "data/people-assisted.csv",
            "2019,year,ZZ,Synthetica,ministry,Ministry of the Interior (fictional),,,100",
            "2019,year,ZZ,Synthetica,ministry,Ministry of the Interior (fictional),,,7",
            id="national-total",
        ),  # fmt: skip
        pytest.param("data/cases-recorded.csv", ",120,", ",7,", id="not-sensitive"),
    ],
)
def test_allowed(built: tuple[Path, Dataset], tmp_path: Path, file: str, old: str, new: str) -> None:
    assert _leaks(built, tmp_path, file, old, new) == []


def test_province_page_row(built: tuple[Path, Dataset], tmp_path: Path) -> None:
    """On a province's page every row is below national level, whatever its cells say."""
    source, data = built
    page = tmp_path / "site" / "provinces" / "zz-1" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<table><tr><td><a href="../../indicators/people-assisted/">Victims assisted</a></td>'
                    '<td>2023</td><td class="num">3</td></tr></table>')  # fmt: skip
    assert [p.code for p in audit(tmp_path / "site", data)] == ["published-small-count"]
    shutil.rmtree(tmp_path / "site")


# --- numbers read as each page writes them ----------------------------------------------------


def _khmer(built: tuple[Path, Dataset], tmp_path: Path, file: str, old: str, new: str) -> list[tuple[str, str]]:
    """Copy a built file to its Khmer place (km/...) with one text changed; audit it as a site in en and km."""
    source, data = built
    data = replace(data, site=replace(data.site, languages=("en", "km")))
    site = tmp_path / "site"
    target = site / "km" / file
    target.parent.mkdir(parents=True)
    text = (source / file).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    target.write_text(text.replace(old, new, 1).replace('"location":"', '"location":"km/'), encoding="utf-8")
    return [(p.path, p.code) for p in audit(site, data)]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        # 1.570 is one thousand five hundred and seventy on a Khmer page, not 1.
        pytest.param(PAGE, "Female: 75; Male: 48.", "Female: 75; Male: 1.570.", id="chart-description"),
        pytest.param(PAGE, "Female: 75; Male: 48.", "Female: ៧៥; Male: ១.៥៧០.", id="khmer-digits"),
        pytest.param(PAGE, MALE_ROW, MALE_ROW.replace("48", "1.570"), id="html-table"),
        pytest.param("search/search_index.json", "North RegionAll40", "North RegionAll1.570", id="search-index"),
    ],
)
def test_khmer_grouping_is_not_a_leak(
    built: tuple[Path, Dataset], tmp_path: Path, file: str, old: str, new: str
) -> None:
    assert _khmer(built, tmp_path, file, old, new) == []


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        pytest.param(PAGE, "Female: 75; Male: 48.", "Female: 75; Male: ៤.", id="chart-description"),
        pytest.param(PAGE, MALE_ROW, MALE_ROW.replace("48", "4"), id="html-table"),
        pytest.param("search/search_index.json", "North RegionAll40", "North RegionAll៤", id="search-index"),
    ],
)
def test_khmer_page_leak_is_found(built: tuple[Path, Dataset], tmp_path: Path, file: str, old: str, new: str) -> None:
    assert _khmer(built, tmp_path, file, old, new) == [(f"site/km/{file}", "published-small-count")]


def test_english_decimal_is_not_a_count(built: tuple[Path, Dataset], tmp_path: Path) -> None:
    """On an English page 1.570 is a decimal (a rate), never the count 1."""
    assert _leaks(built, tmp_path, PAGE, "Female: 75; Male: 48.", "Female: 75; Male: 1.570.") == []


def test_a_file_audited_before_is_read_again_only_when_it_or_what_is_sensitive_changes(
    built: tuple[Path, Dataset], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scripts import audit as audit_module

    monkeypatch.setenv("CTIP_CACHE", str(tmp_path / "cache"))
    source, data = built
    site = tmp_path / "site"
    shutil.copytree(source, site)
    audited: list[str] = []
    real = audit_module._file
    monkeypatch.setattr(audit_module, "_file", lambda path, *rest: audited.append(path.name) or real(path, *rest))
    assert audit(site, data) == []
    assert "index.html" in audited and "people-assisted.csv" in audited
    audited.clear()
    assert audit(site, data) == []
    assert audited == []
    page = site / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace(MALE_ROW, MALE_ROW.replace("48", "4")), encoding="utf-8")
    leak = audit(site, data)
    assert [(p.path, p.code) for p in leak] == [(f"site/{PAGE}", "published-small-count")]
    assert audited == ["index.html"]  # the one page that changed
    assert [(str(p), p.got) for p in audit(site, data)] == [(str(p), p.got) for p in leak]  # as found, from the cache
    assert audited == ["index.html"]
    audited.clear()
    assert audit(site, replace(data, site=replace(data.site, disclosure_threshold=50)))
    assert len(audited) > 20  # a higher threshold: every file is audited again


@pytest.mark.parametrize("lang", ["km", "fr-CA"])
def test_a_page_in_a_later_language_belongs_to_the_indicator_it_shows(lang: str) -> None:
    """Under /km/ or a region-tagged /fr-CA/, a sensitive indicator's page is audited as that indicator's."""
    from scripts.audit import _owner

    shown = {"indicators/victims": ("victims",), "": ()}
    page = Path(lang) / "indicators" / "victims" / "index.html"
    assert _owner(page, ["victims"], shown, ("en", lang)) == "victims"
    assert _owner(Path("indicators/victims/index.html"), ["victims"], shown, ("en", lang)) == "victims"
    assert _owner(Path(lang) / "index.html", ["victims"], shown, ("en", lang)) == ""
