"""build-info.json: the commit, a build time that never comes from the clock, and data hashes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from scripts.buildinfo import build_info


def _info(data_dir: Path, files: list[Path]) -> dict:
    [(name, text)] = build_info(data_dir, files).items()
    assert name == "build-info.json" and text.endswith("}\n")
    return json.loads(text)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "observations").mkdir(parents=True)
    (folder / "site.yml").write_text("title: {en: T}\n", encoding="utf-8")
    (folder / "observations" / "a.csv").write_text("period,value\n2018,1\n", encoding="utf-8")
    return folder


def test_hashes_every_data_file_by_its_path_in_the_data_folder(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = _info(data_dir, [Path("site.yml"), data_dir / "observations" / "a.csv"])
    assert _info(data_dir, [data_dir.resolve() / "site.yml"])["data_sha256"] == {
        "site.yml": info["data_sha256"]["site.yml"]
    }
    assert info["data_sha256"] == {
        "observations/a.csv": hashlib.sha256(b"period,value\n2018,1\n").hexdigest(),
        "site.yml": hashlib.sha256(b"title: {en: T}\n").hexdigest(),
    }
    assert list(info["data_sha256"]) == sorted(info["data_sha256"])
    assert info["build_time"] == "2023-11-14T22:13:20Z"
    assert info["commit"] == "unknown"  # not a repository
    assert set(info["packages"]) == {"mkdocs", "mkdocs-material", "altair", "vl-convert-python"}
    assert all(v[0].isdigit() for v in info["packages"].values())


def test_without_source_date_epoch_the_build_time_is_the_commits(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert _info(data_dir, [])["build_time"] == "unknown"  # no repository: no time, and never the clock
    git = ["git", "-C", str(data_dir), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    env = os.environ | {"GIT_COMMITTER_DATE": "2020-01-02T03:04:05Z", "GIT_AUTHOR_DATE": "2020-01-02T03:04:05Z"}
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True, env=env)
    head = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    info = _info(data_dir, [Path("site.yml")])
    assert (info["commit"], info["build_time"]) == (head, "2020-01-02T03:04:05Z")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert _info(data_dir, [])["build_time"] == "1970-01-01T00:00:00Z"


def test_the_same_inputs_give_the_same_bytes(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    files = [Path("observations/a.csv"), Path("site.yml")]
    assert build_info(data_dir, files) == build_info(data_dir, list(reversed(files)))


def test_a_malformed_source_date_epoch_is_an_error(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2024-01-01")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_info(data_dir, [])
