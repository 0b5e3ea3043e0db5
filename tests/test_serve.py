"""`make serve`: an editor saves a data file and the open page follows, under the strict policy."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_csp import LISTEN

CSV = "observations/cases-recorded.csv"


class _Output:
    """The preview's terminal, read line by line in the background."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, text: str, count: int = 1, timeout: float = 90) -> None:
        """Wait until `text` has appeared in `count` lines."""
        with self._changed:
            found = self._changed.wait_for(lambda: sum(text in line for line in self.lines) >= count, timeout)
        assert found, f"{text!r} not seen {count} time(s) in {timeout} s:\n" + "\n".join(self.lines)

    @property
    def text(self) -> str:
        with self._changed:
            return "\n".join(self.lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.browser
def test_the_open_page_follows_good_edits_and_keeps_the_last_good_site(
    browser, data_copy: Path, tmp_path: Path
) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "scripts.serve", "--data", str(data_copy), "--out", str(tmp_path / "site"),
               "--port", str(port)]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})  # fmt: skip
    output = _Output(proc)
    context = browser.new_context()
    try:
        output.wait_for("Serving on")
        context.add_init_script(LISTEN)
        pg = context.new_page()
        console: list[str] = []
        pg.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        pg.goto(f"http://127.0.0.1:{port}/indicators/cases-recorded/")
        assert "150 cases in 2023" in pg.inner_text("body")
        pg.evaluate("window.__before_edit = true")

        # A valid edit: the page reloads by itself within seconds of the rebuild.
        _edit(data_copy / CSV, "2023,ZZ,ministry,150,", "2023,ZZ,ministry,157,")
        output.wait_for("Site rebuilt", count=2)
        pg.wait_for_function("() => document.body?.innerText.includes('157 cases in 2023')", timeout=5000)
        assert pg.evaluate("window.__before_edit") is None  # a reload, not an edit in place
        assert pg.evaluate("window.__violations") == []
        assert "log: Enabled live reload" in console  # the reload script ran under the policy
        assert not [m for m in console if "Content Security Policy" in m or m.startswith("error")], console

        # A broken edit: the terminal says where, and the page stays on the last good site.
        pg.evaluate("window.__after_good_edit = true")
        _edit(data_copy / CSV, "2023,ZZ,ministry,157,", "2023,ZZ,ministry,15 7,")
        # The saved file may be seen half-written first (and rejected as such): wait for the full one's verdict.
        output.wait_for(f"data/{CSV}:6:")
        output.wait_for("Not rebuilt")
        time.sleep(2)  # a reload, if one were wrongly sent, would have happened by now
        assert pg.evaluate("window.__after_good_edit") is True
        assert "157 cases in 2023" in pg.inner_text("body")
        pg.reload()  # and the server still serves the last good site
        assert "157 cases in 2023" in pg.inner_text("body")
        assert pg.evaluate("window.__violations") == []
        assert "Traceback" not in output.text
    finally:
        context.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _files(site: Path) -> dict[str, str]:
    """Every file of a built site by its path, as the SHA-256 of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}  # fmt: skip


def test_after_an_edit_the_preview_shows_what_a_full_build_of_the_same_data_makes(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview redoes only what an edit changed (scripts/cache.py keeps the rest in memory):
    its rebuilt site must be, file for file, the one a fresh full build makes with an empty cache.
    (The reload script it adds to a page is added as the page is sent, never written: Preview.)"""
    from scripts import cache
    from scripts.build import build
    from scripts.git import build_epoch

    _edit(data_copy / "site.yml", "languages: [en]", "languages: [en, km]")  # Khmer too: the word-break hooks
    env = {"SOURCE_DATE_EPOCH": build_epoch(ROOT) or "1700000000", "CTIP_CACHE": str(tmp_path / "cache")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(cache, "_memory", {})  # as scripts/serve.py does (cache.keep_in_memory), for this test only
    monkeypatch.setattr(cache, "_memory_size", [0])
    preview = tmp_path / "preview"
    build(data_copy, preview)
    _edit(data_copy / CSV, "2023,ZZ,ministry,150,", "2023,ZZ,ministry,157,")  # a figure
    _edit(data_copy / "indicators/cases-recorded.yml", "Cases recorded (synthetic)", "Cases logged (synthetic)")
    build(data_copy, preview)  # the preview's rebuild, in the same process
    fresh = tmp_path / "fresh"
    command = [sys.executable, "-m", "scripts.build", "--data", str(data_copy), "--out", str(fresh)]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
                         env=os.environ | env | {"CTIP_CACHE": str(tmp_path / "empty-cache")})  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    shown, full = _files(preview), _files(fresh)
    assert "157 cases in 2023" in (preview / "indicators/cases-recorded/index.html").read_text(encoding="utf-8")
    assert "Cases logged" in (preview / "km/indicators/cases-recorded/index.html").read_text(encoding="utf-8")
    assert sorted(p for p in shown.keys() | full.keys() if shown.get(p) != full.get(p)) == []
