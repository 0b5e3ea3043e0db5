"""Same input, same output: two builds of the same data give byte-identical sites.

Also with the build cache (scripts/cache.py): a build that finds every chart, font and bundle in
the cache, and one whose cache entries were damaged or swapped, give the same site as a cold one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _env() -> dict[str, str]:
    epoch = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True
    ).stdout.strip()
    return os.environ | {"SOURCE_DATE_EPOCH": epoch or "1700000000", "PYTHONPATH": str(ROOT)}


def _start(out: Path, env: dict[str, str]) -> subprocess.Popen:
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "scripts.build", "--out", str(out)]
    return subprocess.Popen(command, cwd=out.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _finish(process: subprocess.Popen) -> None:
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output.decode()


def _differing(first: dict[str, str], second: dict[str, str]) -> list[str]:
    return sorted(p for p in first.keys() | second.keys() if first.get(p) != second.get(p))


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """Two cold builds (each with an empty cache of its own) in different places, zones and times."""
    tmp_path = tmp_path_factory.mktemp("cold")
    base = _env()
    # Different folders, working directories, time zones, hash seeds (unordered sets and
    # dicts iterate differently) and start times; the builds overlap to keep the test quick.
    runs = [
        (tmp_path / "one" / "site", {"TZ": "UTC", "PYTHONHASHSEED": "1", "CTIP_CACHE": str(tmp_path / "cache-one")}),
        (tmp_path / "two" / "deeper" / "out",
         {"TZ": "Asia/Phnom_Penh", "PYTHONHASHSEED": "2", "CTIP_CACHE": str(tmp_path / "cache-two")}),
    ]  # fmt: skip
    builds = []
    for out, env in runs:
        builds.append(_start(out, base | env))
        time.sleep(1)
    for process in builds:
        _finish(process)
    first, second = (_digests(out) for out, _ in runs)
    assert len(first) > 50
    differing = _differing(first, second)
    assert differing == [], f"these files differ between two builds of the same data: {differing}"
    return first, tmp_path / "cache-one"


def test_two_builds_in_different_places_zones_and_times_are_identical(cold: tuple[dict[str, str], Path]) -> None:
    assert cold[0]


def test_a_warm_build_is_identical_to_a_cold_one(cold: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    digests, cache = cold
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert {p.relative_to(cache).parts[0] for p in entries} >= {"svg", "png", "font", "vega-bundle"}
    out = tmp_path / "warm" / "site"
    _finish(_start(out, _env() | {"CTIP_CACHE": str(cache)}))
    assert _differing(digests, _digests(out)) == []
    assert sorted(p for p in cache.rglob("*") if p.is_file()) == entries  # all found, nothing made again


def test_damaged_or_swapped_cache_entries_are_made_again(cold: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    digests, original = cold
    cache = tmp_path / "cache"
    shutil.copytree(original, cache)
    damaged = []
    for kind in ("charts", "svg", "png", "font", "vega-bundle"):
        entries = sorted(p for p in (cache / kind).rglob("*") if p.is_file())
        raw = entries[0].read_bytes()
        entries[0].write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))  # one bit of the content flipped
        damaged.append(entries[0])
        if len(entries) > 1:  # another key's entry, whole and valid for its own key, copied over
            shutil.copyfile(entries[-1], entries[1])
            damaged.append(entries[1])
    # A chart found whole in the cache is not drawn again, so its SVG is not read: drop the other
    # charts' entries, so that every SVG entry, damaged or not, is looked at.
    for entry in (p for p in (cache / "charts").rglob("*") if p.is_file() and p not in damaged):
        entry.unlink()
    out = tmp_path / "repaired" / "site"
    _finish(_start(out, _env() | {"CTIP_CACHE": str(cache)}))
    assert _differing(digests, _digests(out)) == [], "a damaged cache entry reached the site"
    for path in damaged:  # made again and stored whole
        assert path.read_bytes() == (original / path.relative_to(cache)).read_bytes()
