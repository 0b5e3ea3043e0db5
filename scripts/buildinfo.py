"""build-info.json: which commit and which data files a built site was made from.

A researcher who downloaded a figure can check it against the exact version of the data:
the commit, the SHA-256 of every data file, the build time and the versions of the tools
that drew the pages and charts. Nothing here reads the clock: the build time is
SOURCE_DATE_EPOCH or the commit's time, so rebuilding the same commit gives the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
from importlib import metadata
from pathlib import Path

from scripts.git import build_epoch, git
from scripts.tabular import json_document

# The packages whose versions change what the site looks like.
PACKAGES = ("mkdocs", "mkdocs-material", "altair", "vl-convert-python")


def build_info(data_dir: Path, files: list[Path]) -> dict[str, str]:
    """build-info.json for the site root: commit, build time, data file hashes, tool versions.

    `files` are the data files read: paths inside `data_dir`, or relative to it (Dataset.files).
    """
    # --- load inputs ---
    commit = git(data_dir, "rev-parse", "HEAD") or "unknown"
    hashes = {}
    for file in files:
        path = file if file.is_absolute() or file.is_relative_to(data_dir) else data_dir / file
        name = path.resolve().relative_to(data_dir.resolve()).as_posix()
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()

    # --- process data ---
    info = {
        "commit": commit,
        "build_time": _build_time(data_dir),
        "data_sha256": dict(sorted(hashes.items())),
        "packages": {name: _version(name) for name in PACKAGES},
        "python": platform.python_version(),
    }

    # --- save outputs ---
    return {"build-info.json": json_document(info)}


def _build_time(data_dir: Path) -> str:
    """SOURCE_DATE_EPOCH (reproducible-builds.org), else the commit's time, as ISO 8601 UTC."""
    epoch = build_epoch(data_dir)
    if not epoch:
        return "unknown"
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
