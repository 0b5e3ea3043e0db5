"""The pull-request check that changed figures come with an entry in the update log."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scripts.logcheck import changelog_problems

ENTRY = '- date: "{date}"\n  indicators: [{ind}]\n  summary: {{en: {summary}}}\n  reason: {{en: A new report.}}\n'


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a data folder on main, and a branch to change it on."""
    (tmp_path / "data" / "observations").mkdir(parents=True)
    (tmp_path / "data" / "observations" / "a.csv").write_text("period,value\n2018,1\n", encoding="utf-8")
    (tmp_path / "data" / "changelog.yml").write_text(
        ENTRY.format(date="2026-11-28", ind="a", summary="S"), encoding="utf-8"
    )
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first")
    _git(tmp_path, "checkout", "-q", "-b", "update")
    return tmp_path


def _codes(repo: Path) -> list[str]:
    return [p.code for p in changelog_problems(repo / "data", "main")]


def test_changed_figures_need_an_entry_in_the_log(repo: Path) -> None:
    assert _codes(repo) == []
    (repo / "data" / "observations" / "a.csv").write_text("period,value\n2018,1\n2019,2\n", encoding="utf-8")
    [problem] = changelog_problems(repo / "data", "main")
    # Located where the editor changed the figures, not in the log they forgot.
    assert (problem.path, problem.line, problem.code) == ("data/observations/a.csv", 3, "changelog-not-updated")
    assert '"a"' in problem.message and "indicators: [a]" in problem.hint
    log = repo / "data" / "changelog.yml"
    log.write_text(
        ENTRY.format(date="2026-12-01", ind="b", summary="T") + log.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert _codes(repo) == ["changelog-missing-indicator"]
    log.write_text(
        ENTRY.format(date="2026-12-01", ind="a", summary="T") + log.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert _codes(repo) == []


def test_new_observation_files_count_and_other_files_do_not(repo: Path) -> None:
    (repo / "data" / "sources.yml").write_text("[]\n", encoding="utf-8")
    assert _codes(repo) == []
    (repo / "data" / "observations" / "b.csv").write_text("period,value\n2020,5\n", encoding="utf-8")
    assert [(p.path, p.line, p.code) for p in changelog_problems(repo / "data", "main")] == [
        ("data/observations/b.csv", 2, "changelog-not-updated")
    ]


def test_removed_rows_and_files_are_changes_too(repo: Path) -> None:
    (repo / "data" / "observations" / "a.csv").write_text("period,value\n", encoding="utf-8")
    assert [(p.line, p.code) for p in changelog_problems(repo / "data", "main")] == [(2, "changelog-not-updated")]
    (repo / "data" / "observations" / "a.csv").unlink()
    assert [(p.path, p.line) for p in changelog_problems(repo / "data", "main")] == [("data/observations/a.csv", 0)]


def test_the_check_fails_loudly_without_the_base(repo: Path) -> None:
    with pytest.raises(RuntimeError, match="merge-base"):
        changelog_problems(repo / "data", "origin/nowhere")


def test_an_earlier_value_recorded_needs_an_entry_too(repo: Path) -> None:
    """Recording a revision changes what the figure's row says ("revised from …"), as a new value does."""
    (repo / "data" / "revisions").mkdir()
    (repo / "data" / "revisions" / "a.csv").write_text("period,value\n2018,3\n", encoding="utf-8")
    assert [(p.path, p.line, p.code) for p in changelog_problems(repo / "data", "main")] == [
        ("data/revisions/a.csv", 2, "changelog-not-updated")
    ]
