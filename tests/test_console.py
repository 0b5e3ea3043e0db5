"""The stage lines: the project's work done inside another stage (MkDocs' hooks) is reported as its own."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from scripts.console import part, stage


@part("hooks")
def _hook(seconds: float) -> str:
    """Stands for a hook MkDocs calls: busy for a moment."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
    return "done"


def test_work_timed_as_a_part_is_reported_after_the_stage_it_ran_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "stages.jsonl"
    monkeypatch.setenv("CTIP_STAGE_LOG", str(log))
    with stage("total"):
        with stage("mkdocs"):
            assert _hook(0.05) == "done"
            _hook(0.05)
        with stage("finish"):
            pass
    lines = capsys.readouterr().out.splitlines()
    assert [re.fullmatch(r"  ([a-z]+) +\d+\.\d s", line)[1] for line in lines] == ["mkdocs", "hooks", "finish", "total"]
    entries = {e["stage"]: e for e in map(json.loads, log.read_text(encoding="utf-8").splitlines())}
    assert entries["hooks"]["within"] == "mkdocs"
    assert 0.1 <= entries["hooks"]["cpu"] <= entries["mkdocs"]["cpu"] + 0.01
    assert "within" not in entries["mkdocs"] and "within" not in entries["total"]


def test_a_stage_without_parts_reports_none(capsys: pytest.CaptureFixture[str]) -> None:
    with stage("pages"):
        pass
    _hook(0.0)  # outside any stage: reported by none
    with stage("audit"):
        pass
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["pages", "audit"]
