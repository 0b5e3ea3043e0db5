"""git, asked from Python: the build reads commits and diffs but never changes a repository."""

import os
import subprocess
from pathlib import Path


def git(folder: Path, *args: str, strict: bool = False) -> str:
    """git's answer in `folder`, stripped.

    Where git is missing or the command fails, "" (builds outside a repository still work);
    with strict=True, a RuntimeError that says which command failed and why.
    """
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except OSError as err:
        if strict:
            raise RuntimeError("git is not installed") from err
        return ""
    if result.returncode != 0:
        if strict:
            raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
        return ""
    return result.stdout.strip()


def build_epoch(folder: Path) -> str:
    """The build's time in seconds since 1970: SOURCE_DATE_EPOCH (reproducible-builds.org) when
    set, else the last commit's time, else "" (outside git). Same commit, same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise ValueError(f'SOURCE_DATE_EPOCH must be whole seconds since 1970, got "{epoch}"')
    return epoch or git(folder, "log", "-1", "--format=%ct")


def show(folder: Path, commit: str, path: str) -> bytes | None:
    """The bytes of `path` (from the repository's top) at `commit`; None where it did not exist.

    Bytes, not text: callers decode it as they would the file itself.
    """
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "show", f"{commit}:{path}"], capture_output=True, check=False
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None
