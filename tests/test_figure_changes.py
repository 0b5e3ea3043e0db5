"""The reviewers' table of changed figures, on a tiny git repository, and the screenshots."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scripts.figure_changes import figure_changes, main, markdown

HEADER = "period,geography,series,sex,value,qualifier,status,source,locator,note\n"
CASES = HEADER + (
    "2017,KH,ncct,,159,,reported,ppp,Paragraph 2,\n"
    "2018,KH,ncct,,134,,reported,ppp,Paragraph 2,\n"
    "2018,KH-12,ncct,female,,,suppressed,ppp,Table 1,\n"
    "2016,KH,ncct,,92,,reported,ppp,Paragraph 1,\n"
)
VICTIMS = HEADER + "2017/2018,KH,ncct,,575,,reported,ppp,Paragraph 3,\n"
TIERS = HEADER + "2018,KH,tip,,tier-2,,reported,tip,Heading,\n"


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True)
    return done.stdout


def _write(repo: Path, name: str, text: str) -> None:
    path = repo / "data" / "observations" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose main branch has three observations files; the test edits a branch."""
    for name, text in (("cases", CASES), ("victims", VICTIMS), ("tiers", TIERS)):
        _write(tmp_path, name, text)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first")
    _git(tmp_path, "checkout", "-q", "-b", "update")
    return tmp_path


def test_nothing_changed_lists_nothing(repo: Path) -> None:
    found = figure_changes(repo, "main")
    assert found.changes == [] and found.indicators == []
    assert "No published figure is added, removed or changed." in markdown(found)


def test_each_kind_of_change_is_one_row(repo: Path) -> None:
    edited = (
        CASES.replace("2018,KH,ncct,,134,,reported", "2018,KH,ncct,,136,,reported")  # value
        .replace("2018,KH-12,ncct,female,,,suppressed", "2018,KH-12,ncct,female,,,not-available")  # status
        .replace("2016,KH,ncct,,92,,reported,ppp,Paragraph 1,\n", "")  # removed
    )
    edited += "2019,KH,ncct,,150,at-least,estimate,ncct-2020,Page 4,\n"  # added
    # Saved by Excel: BOM and CRLF, and the rows in another order, change no figure.
    _write(repo, "cases", "\ufeff" + edited.replace("\n", "\r\n"))
    _git(repo, "rm", "-q", "data/observations/victims.csv")  # a deleted file: its figures are removed
    _write(repo, "arrests", HEADER + "2018,KH,ncct,,224,,reported,ppp,Paragraph 5,\n")  # a new indicator
    found = figure_changes(repo, "main")
    got = {(c.indicator, c.period, c.geography, c.dimensions, c.kind): c for c in found.changes}
    assert set(got) == {
        ("arrests", "2018", "KH", (), "added"),
        ("cases", "2016", "KH", (), "removed"),
        ("cases", "2018", "KH", (), "changed"),
        ("cases", "2018", "KH-12", (("sex", "female"),), "changed"),
        ("cases", "2019", "KH", (), "added"),
        ("victims", "2017/2018", "KH", (), "removed"),
    }
    assert got["cases", "2018", "KH", (), "changed"].fields == ["value"]
    assert got["cases", "2018", "KH-12", (("sex", "female"),), "changed"].fields == ["status"]
    assert found.indicators == ["arrests", "cases", "victims"], "tiers did not change"
    table = markdown(found)
    assert "2 added, 2 removed, 2 changed, in 3 indicators" in table
    assert "| changed: value | cases | 2018 | KH | ncct | all | 134 (reported) | 136 (reported) | ppp |" in table
    assert "| sex: female | — (suppressed) | — (not-available) |" in table
    assert "| added | cases | 2019 | KH | ncct | all | — | at least 150 (estimate) | ncct-2020 |" in table
    assert "| removed | victims | 2017/2018 | KH | ncct | all | 575 (reported) | — | ppp |" in table


def test_a_changed_source_or_note_is_a_change_and_an_empty_new_column_is_not(repo: Path) -> None:
    edited = CASES.replace("2017,KH,ncct,,159,,reported,ppp,Paragraph 2,", "2017,KH,ncct,,159,,reported,tip,Page 9,x")
    edited = edited.replace("note\n", "note,note_km\n").replace(",\n", ",,\n")  # every other row: same figure
    _write(repo, "cases", edited)
    [change] = figure_changes(repo, "main").changes
    assert change.fields == ["source", "locator", "note"]
    assert "| ppp → tip |" in markdown(figure_changes(repo, "main"))


def test_the_period_an_edition_covers_is_a_field_of_the_figure_not_a_breakdown(repo: Path) -> None:
    header = HEADER.replace("series,", "series,covers,")
    _write(repo, "tiers", header + "2018,KH,tip,2017-04/2018-03,,tier-2,,reported,tip,Heading,\n")
    [change] = figure_changes(repo, "main").changes
    assert (change.kind, change.dimensions, change.fields) == ("changed", (), ["covers"])


def test_editors_text_cannot_break_the_table(repo: Path) -> None:
    _write(repo, "cases", CASES.replace("ppp,Paragraph 2,\n2018", "a|b,Paragraph 2,<img src=x>\n2018", 1))
    table = markdown(figure_changes(repo, "main"))
    assert "a\\|b" in table and "<img" not in table


def test_an_unreadable_file_is_named_not_fatal(repo: Path) -> None:
    (repo / "data" / "observations" / "tiers.csv").write_bytes("période\n".encode("cp1252"))
    found = figure_changes(repo, "main")
    assert found.unreadable == ["data/observations/tiers.csv"]
    assert "data/observations/tiers.csv could not be read" in markdown(found)


def test_the_summary_goes_to_the_job_summary_in_actions(repo: Path, monkeypatch, tmp_path: Path) -> None:
    _write(repo, "tiers", TIERS.replace("tier-2", "tier-3"))
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setattr("scripts.figure_changes.ROOT", repo)
    assert main(["--base", "main"]) == 0
    assert "tier-2 (reported) | tier-3 (reported)" in summary.read_text(encoding="utf-8")


def test_without_the_base_it_says_why(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr("scripts.figure_changes.ROOT", repo)
    assert main(["--base", "origin/nowhere"]) == 1
    err = capsys.readouterr().err
    assert "origin/nowhere" in err and "fetch-depth: 0" in err


@pytest.mark.browser
def test_screenshots_show_the_changed_pages_in_every_language(browser, built_site: Path, tmp_path: Path) -> None:
    from scripts.screenshots import capture

    written = capture(browser, built_site, ["cases-cracked-down", "an-indicator-whose-file-was-deleted"], tmp_path)
    assert sorted(p.name for p in written) == [
        "cases-cracked-down-desktop.png",
        "cases-cracked-down-km-desktop.png",
        "cases-cracked-down-km-phone.png",
        "cases-cracked-down-phone.png",
    ]
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 10_000
