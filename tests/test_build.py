"""The whole pipeline, as `make build` runs it, on the default data and on another country's."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.build import main
from scripts.console import quiet
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def test_default_site_has_stable_urls(built_site: Path) -> None:
    for url in ["index.html", "indicators/index.html", "indicators/cases-cracked-down/index.html",
                "sources/index.html", "methodology/index.html", "about/index.html",
                "data/cases-cracked-down.csv", "data/cases-cracked-down.json", "sitemap.xml",
                "provinces/index.html", "provinces/kh-2/index.html", "km/provinces/kh-2/index.html",
                "commitments/index.html", "availability/index.html", "km/availability/index.html"]:  # fmt: skip
        assert (built_site / url).is_file(), url


def test_built_pages_load_nothing_from_other_hosts(built_site: Path) -> None:
    loads = re.compile(r"""(?:src|href)=["']?(?:https?:)?//|url\((?:https?:)?//""")
    offenders = []
    for page in built_site.rglob("*.html"):
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", page.read_text(encoding="utf-8")):
            if loads.search(tag):
                offenders.append((page.relative_to(built_site).as_posix(), tag[:120]))
    assert offenders == []


def test_another_country_builds_with_nothing_of_cambodia(tmp_path: Path, capsys) -> None:
    out = tmp_path / "site"
    assert main(["--data", str(FIXTURES / "synthetic"), "--out", str(out)]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Synthetica" in html and "Synthetic data" in html
    # The editors' guide illustrates the data contract with examples from the default data.
    pages = [p for p in out.rglob("*.html") if p.parent.name != "guide"]
    assert not [p for p in pages if "Cambodia" in p.read_text(encoding="utf-8")]


def test_bad_data_exits_1_and_leaves_the_previous_site(tmp_path: Path, data_copy: Path, capsys) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")
    csv = next((data_copy / "observations").glob("*.csv"))
    csv.write_text(csv.read_text(encoding="utf-8") + "2030,ZZ,nope,12.5,,reported,nowhere,x,\n", encoding="utf-8")
    assert main(["--data", str(data_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"data/observations/{csv.name}:" in err and "Traceback" not in err
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert not list(tmp_path.glob(".build-*"))


def test_a_khmer_site_tells_its_editors_each_problem_in_khmer_too(tmp_path: Path, capsys) -> None:
    """--check on a site with Khmer among its languages: the English line, then the same in Khmer."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "cambodia", data)
    csv = data / "observations" / "cases-cracked-down.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2016,KH,ncct,92,", "2016,KH,ncct,N/A,"), encoding="utf-8")
    assert main(["--check", "--data", str(data)]) == 1
    lines = capsys.readouterr().err.splitlines()
    english = next(i for i, line in enumerate(lines) if line.startswith("data/observations/cases-cracked-down.csv:2:"))
    assert 'column "value" is not a number (got "N/A")' in lines[english]
    assert lines[english + 1] == (
        '  km: ជួរឈរ "value" មិនមែនជាលេខទេ (បានសរសេរ "N/A")។ ការណែនាំ៖ ទុក value ឱ្យទទេ ហើយកំណត់ status ជា '
        "not-available (ឬ suppressed) ដោយប្រាប់ហេតុផលក្នុង note។"
    )


def test_a_french_site_tells_its_editors_each_problem_in_french_too(tmp_path: Path, capsys) -> None:
    """--check on a site in French first: the English line, then the same in French; no Khmer."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "kestria", data)
    csv = data / "observations" / "affaires-enregistrees.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2021,XQ,ministere,1310,", '2021,XQ,ministere,"1,310",'),
                   encoding="utf-8")  # fmt: skip
    assert main(["--check", "--data", str(data)]) == 1
    lines = capsys.readouterr().err.splitlines()
    english = next(
        i for i, line in enumerate(lines) if line.startswith("data/observations/affaires-enregistrees.csv:3:")
    )
    assert 'column "value" has a thousands separator (got "1,310")' in lines[english]
    assert lines[english + 1] == (
        '  fr: colonne "value" a un séparateur de milliers (écrit "1,310"). Conseil : écrivez les nombres sans '
        "séparateur, par ex. 1234."
    )
    assert not any(line.startswith("  km:") for line in lines)


def test_a_french_site_tells_its_editors_bad_dates_and_periods_in_french(tmp_path: Path, capsys) -> None:
    """A day that does not exist, a period before 1945 and one not yet ended: each located, in English then French."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "kestria", data)
    sources = data / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").replace('"2024-05-20"', '"2024-02-30"'), encoding="utf-8")
    csv = data / "observations" / "condamnations.csv"
    text = csv.read_text(encoding="utf-8").replace("2021,XQ,", "1940,XQ,").replace("2023,XQ,", "2090,XQ,")
    csv.write_text(text, encoding="utf-8")
    assert main(["--check", "--data", str(data)]) == 1
    lines = capsys.readouterr().err.splitlines()
    told = {line.split(": ", 1)[0]: lines[i + 1] for i, line in enumerate(lines) if line.startswith("data/")}
    assert told["data/sources.yml:6:14"] == (
        '  fr: "[0].published" n\'est pas une date réelle (écrit "2024-02-30"). Conseil : écrivez AAAA, AAAA-MM ou '
        "AAAA-MM-JJ avec un mois de 01 à 12 et un jour que ce mois a, par ex. 2017-02-28."
    )
    assert told["data/observations/condamnations.csv:2:1"].startswith(
        '  fr: colonne "period" commence avant 1945 (écrit "1940"). Conseil : les dates vont de 1945 au jour où le site '
        "est construit ("
    )
    assert told["data/observations/condamnations.csv:4:1"].startswith(
        '  fr: colonne "period" se termine après la date de construction ('
    )
    assert told["data/observations/condamnations.csv:4:1"].endswith(
        "(écrit \"2090\"). Conseil : une période qui n'est pas terminée n'a pas encore de chiffre : pour les mois "
        "écoulés, écrivez-les en mois, par ex. 2024-01/2024-06."
    )


# "write" stages the generated files, making the big downloads as they are written (scripts/tabular.Stream);
# "hooks" is the project's own work inside the mkdocs stage (scripts/mkdocs_hooks.py), reported after it.
STAGES = ["load", "validate", "compute", "charts", "pages", "downloads", "write", "mkdocs", "hooks", "assets",
          "finish", "audit",
          "total"]  # fmt: skip


def _build(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scripts.build", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_a_clean_build_prints_one_timed_line_per_stage_and_nothing_else(tmp_path: Path) -> None:
    run = _build("--data", str(FIXTURES / "synthetic"), "--out", str(tmp_path / "site"))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert [re.fullmatch(r"  ([a-z]+) +\d+\.\d s", line)[1] for line in lines] == STAGES, run.stdout


def test_verbose_adds_the_translation_table(tmp_path: Path, data_copy: Path) -> None:
    site = data_copy / "site.yml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, km]"), encoding="utf-8"
    )
    summary = tmp_path / "summary.md"
    run = _build("--data", str(data_copy), "--out", str(tmp_path / "site"), "--verbose", "--summary", str(summary))
    assert run.returncode == 0 and run.stderr == "", run.stderr
    stages, table = run.stdout.split("Khmer translations:")
    assert len(stages.splitlines()) == len(STAGES)
    assert "data/indicators/cases-recorded.yml" in table and "total" in table
    assert "data/indicators/cases-recorded.yml" in summary.read_text(encoding="utf-8")


def test_libraries_tell_only_warnings(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    import khmernltk  # noqa: F401  (sets its own logger to DEBUG, with a handler of its own)

    quiet()
    with caplog.at_level(logging.INFO):  # a root logger at INFO, as a preview server might set
        for name in ("khmer-nltk", "fontTools.subset", "mkdocs.commands.build", "mkdocs.livereload"):
            logging.getLogger(name).info("progress chatter")
        logging.getLogger("mkdocs.structure.pages").warning("a strict-mode warning")
    assert [r.getMessage() for r in caplog.records] == ["a strict-mode warning"]
    assert "progress chatter" not in capfd.readouterr().err
