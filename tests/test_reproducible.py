"""Same input, same output: two builds of the same data give byte-identical sites."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_in_different_places_zones_and_times_are_identical(tmp_path: Path) -> None:
    epoch = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True
    ).stdout.strip()
    base = os.environ | {"SOURCE_DATE_EPOCH": epoch or "1700000000", "PYTHONPATH": str(ROOT)}
    # Different folders, working directories, time zones, hash seeds (unordered sets and
    # dicts iterate differently) and start times; the builds overlap to keep the test quick.
    runs = [
        (tmp_path / "one" / "site", {"TZ": "UTC", "PYTHONHASHSEED": "1"}),
        (tmp_path / "two" / "deeper" / "out", {"TZ": "Asia/Phnom_Penh", "PYTHONHASHSEED": "2"}),
    ]
    builds = []
    for out, env in runs:
        out.parent.mkdir(parents=True)
        command = [sys.executable, "-m", "scripts.build", "--out", str(out)]
        builds.append(
            subprocess.Popen(command, cwd=out.parent, env=base | env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        )
        time.sleep(1)
    for process in builds:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output.decode()
    first, second = (_digests(out) for out, _ in runs)
    assert len(first) > 50
    differing = sorted(p for p in first.keys() | second.keys() if first.get(p) != second.get(p))
    assert differing == [], f"these files differ between two builds of the same data: {differing}"
