"""An editor's day, on a copy of the real repository: the data → pull request → site loop.

Each story edits only files under data/, as the editors' guide says, then runs the same
commands as the pull-request workflow (`--check` with GITHUB_BASE_REF) and the build. The live
figures are never written here: the stories pick what to change from the data itself, and
what they add is marked as a test figure in a throwaway copy.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.build import check
from scripts.model import Dataset, Observation
from tests.conftest import LIVE, ROOT
from tests.publishable import assert_publishable, chart_points


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
                   check=True, capture_output=True)  # fmt: skip


def _run(repo: Path, *args: str, base: str | None = None) -> subprocess.CompletedProcess:
    """The build's command line on the copy, as CI runs it (GITHUB_BASE_REF on a pull request)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    if base:
        env["GITHUB_BASE_REF"] = base
    return subprocess.run([sys.executable, "-m", "scripts.build", "--data", str(repo / "data"), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def main_branch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose main branch holds today's data/, as a pull request's base."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(LIVE, repo / "data")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "data as on main")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # what actions/checkout fetches
    _git(repo, "checkout", "-q", "-b", "editor/update")
    return repo


@pytest.fixture
def repo(main_branch: Path, tmp_path: Path) -> Path:
    """The editor's own branch: a fresh copy of the repository for each story."""
    copy = tmp_path / "repo"
    shutil.copytree(main_branch, copy, symlinks=True)
    return copy


def _a_figure_to_change(data: Dataset) -> tuple[str, Observation]:
    """The latest national count of an indicator that is not sensitive, from the data itself."""
    for ind in data.indicators:
        counts = [o for o in ind.observations if o.geography == data.site.country_code and not o.is_breakdown
                  and o.status == "reported" and isinstance(o.value, (int, float)) and not o.qualifier]  # fmt: skip
        if ind.unit == "count" and not ind.sensitive and counts:
            return ind.id, max(counts, key=lambda o: (o.period.end_year, o.period.end_month))
    pytest.fail("the live data has no national count of a non-sensitive indicator to change")


def _set_value(csv_path: Path, line: int, value: str) -> None:
    """Change the value cell of one row, as a spreadsheet would save it, leaving the rest as it was."""
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[line - 1]]))
    row[header.index("value")] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    lines[line - 1] = out.getvalue()
    csv_path.write_text("".join(lines), encoding="utf-8")


def _log_entry(data_dir: Path, indicators: list[str], summary: str, sources: list[str] = ()) -> None:
    """An entry at the top of the update log, as the guide asks, dated like the newest one."""
    log = data_dir / "changelog.yml"
    text = log.read_text(encoding="utf-8")
    first = text.index("\n- date:") + 1
    date = text[first:].split("\n", 1)[0].split(":", 1)[1].strip()
    entry = (f"- date: {date}\n  indicators: [{', '.join(indicators)}]\n  summary:\n    en: {summary}\n"
             f"  reason:\n    en: A test of the editors' loop.\n")  # fmt: skip
    if sources:
        entry += f"  sources: [{', '.join(sources)}]\n"
    log.write_text(text[:first] + entry + "\n" + text[first:], encoding="utf-8")


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def test_a_changed_figure_with_its_log_entry_is_published(repo: Path) -> None:
    data = check(repo / "data")
    ind_id, obs = _a_figure_to_change(data)
    new = int(obs.value) + 1
    _set_value(repo / obs.where.path, obs.where.line, str(new))
    _log_entry(repo / "data", [ind_id], f"Corrected {obs.period.code()} to {new}.")

    checked = _run(repo, "--check", base="main")
    assert checked.returncode == 0, checked.stderr
    built = _run(repo, "--out", str(repo / "site"))
    assert built.returncode == 0, built.stderr
    assert_publishable(repo / "data", repo / "site")

    site = repo / "site"
    page = (site / "indicators" / ind_id / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<td[^>]* class="num">{new:,}</td>', page)
    assert (obs.period.code(), str(new)) in chart_points(site, ind_id)
    assert f",{new}," in (site / "data" / f"{ind_id}.csv").read_text(encoding="utf-8")
    assert f"Corrected {obs.period.code()} to {new}." in (site / "feed.xml").read_text(encoding="utf-8")


def test_a_new_indicator_needs_only_files_under_data(repo: Path) -> None:
    data_dir = repo / "data"
    site = check(data_dir).site
    pillar, country = site.pillars[0].id, site.country_code
    (data_dir / "indicators" / "test-inspections.yml").write_text(
        "# yaml-language-server: $schema=../../scripts/schemas/indicator.schema.json\n"
        "id: test-inspections\n"
        "title:\n  en: Test inspections\n"
        "description:\n  en: A made-up indicator that only this test publishes.\n"
        f"pillar: {pillar}\n"
        "unit: count\n"
        "unit_label:\n  en: inspections\n"
        "measure:\n  en: Made-up inspections; nothing real is counted.\n"
        "higher_is: neutral\n"
        "counts: other\n"
        "sensitive: false\n"
        "series:\n  - id: test-body\n    label:\n      en: A test body\n"
        "update_frequency: annual\n"
        "release_lag_months: 3\n",
        encoding="utf-8",
    )
    (data_dir / "observations" / "test-inspections.csv").write_text(
        "period,geography,series,value,qualifier,status,source,locator,note\n"
        f"2022,{country},test-body,40,,reported,test-report,Table 1,\n"
        f"2023,{country},test-body,45,,reported,test-report,Table 1,\n",
        encoding="utf-8",
    )
    with (data_dir / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write(
            '\n- id: test-report\n  title: "A test report"\n  publisher: A test body\n  published: "2024"\n'
            "  url: https://example.org/test-report\n  kind: government-report\n  language: en\n"
        )
    _log_entry(data_dir, ["test-inspections"], "New indicator, test inspections, 2022 and 2023.", ["test-report"])

    checked = _run(repo, "--check", base="main")
    assert checked.returncode == 0, checked.stderr
    built = _run(repo, "--out", str(repo / "site"))
    assert built.returncode == 0, built.stderr
    assert_publishable(data_dir, repo / "site")
    page = (repo / "site" / "indicators" / "test-inspections" / "index.html").read_text(encoding="utf-8")
    assert "Test inspections" in page and re.search(r'<td[^>]* class="num">45</td>', page)
    assert (repo / "site" / "km" / "indicators" / "test-inspections" / "index.html").is_file()
    assert "test-inspections" in (repo / "site" / "data" / "all.csv").read_text(encoding="utf-8")


def test_a_figure_changed_without_a_log_entry_is_reported_at_its_line(repo: Path) -> None:
    ind_id, obs = _a_figure_to_change(check(repo / "data"))
    _set_value(repo / obs.where.path, obs.where.line, str(int(obs.value) + 1))
    _git(repo, "commit", "-qam", "change a figure")  # committed or not, the pull request changed it

    checked = _run(repo, "--check", base="main")
    assert checked.returncode == 1
    problems = [line for line in checked.stderr.splitlines() if line.startswith("data/")]
    assert len(problems) == 1, checked.stderr
    assert problems[0].startswith(f"{obs.where.path}:{obs.where.line}:")
    assert "[changelog-not-updated]" in problems[0] and "Traceback" not in checked.stderr


def test_a_broken_edit_is_located_and_the_last_good_site_stays(repo: Path) -> None:
    site = repo / "site"
    assert _run(repo, "--out", str(site)).returncode == 0
    before = _tree(site)
    ind_id, obs = _a_figure_to_change(check(repo / "data"))
    _set_value(repo / obs.where.path, obs.where.line, "1,234")  # a thousands separator from a spreadsheet

    built = _run(repo, "--out", str(site))
    assert built.returncode == 1
    assert f"{obs.where.path}:{obs.where.line}:" in built.stderr and "Hint:" in built.stderr
    assert "Traceback" not in built.stderr
    assert _tree(site) == before


def test_the_check_can_fail(repo: Path, tmp_path: Path) -> None:
    """Guards the stories above: a figure missing from its page fails assert_publishable."""
    site = repo / "site"
    assert _run(repo, "--out", str(site)).returncode == 0
    ind_id, obs = _a_figure_to_change(check(repo / "data"))
    page = site / "indicators" / ind_id / "index.html"
    html = page.read_text(encoding="utf-8")
    emptied = re.sub(rf'(<td[^>]* class="num">){int(obs.value):,}</td>', r"\1</td>", html)
    assert emptied != html
    page.write_text(emptied, encoding="utf-8")
    with pytest.raises(AssertionError, match="is not in the table"):
        assert_publishable(repo / "data", site)
