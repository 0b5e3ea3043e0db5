"""The pull-request check that figures never change without an entry in the update log.

Editors add an entry at the top of data/changelog.yml whenever figures change; this compares
a branch with its base and names each observations (or revisions) file changed without one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from scripts.git import git, show
from scripts.problems import Place, Problem, problem

CHANGELOG = "changelog.yml"


def changelog_problems(data_dir: Path, base_ref: str) -> list[Problem]:
    """Observations that changed since `base_ref` without a matching entry in the update log.

    For pull requests: compares the working tree of the repository that holds `data_dir` with
    the merge base of `base_ref` and HEAD, so committed and uncommitted changes both count.
    Problems name files from the repository's top, as GitHub shows them. Raises RuntimeError
    when git cannot compare (no repository, or `base_ref` not fetched: use fetch-depth: 0).
    """
    repo_root = Path(git(data_dir, "rev-parse", "--show-toplevel", strict=True))
    data = data_dir.resolve().relative_to(repo_root.resolve()).as_posix()
    base = git(repo_root, "merge-base", base_ref, "HEAD", strict=True).strip()
    changed = git(repo_root, "diff", "--name-only", "--no-renames", base, "--", f"{data}/", strict=True).splitlines()
    changed += git(repo_root, "ls-files", "--others", "--exclude-standard", "--", f"{data}/", strict=True).splitlines()
    # An earlier value recorded in revisions/ changes what the figure's row says, as a new value does.
    figures = (f"{data}/observations/", f"{data}/revisions/")
    observations = sorted({p for p in changed if p.startswith(figures) and p.endswith(".csv")})
    log = f"{data}/{CHANGELOG}"
    if not observations:
        return []
    named: set[str] = set()
    if log in changed:
        # Each changed indicator must be named by an entry that is new or edited.
        before = _entries(show(repo_root, base, log) or b"")
        after = _entries(Path(repo_root, log).read_bytes()) if Path(repo_root, log).exists() else []
        new = [e for e in after if isinstance(e, dict) and e not in before]
        named = {i for e in new for i in e.get("indicators") or [] if isinstance(i, str)}
    key = "changelog-missing-indicator" if log in changed else "changelog-not-updated"
    # Each problem points at the first changed row, where the editor made the change.
    return [
        problem(key, Place(p, _first_changed_line(repo_root, base, p)), id=Path(p).stem, log=log)
        for p in observations
        if Path(p).stem not in named
    ]


def _first_changed_line(repo_root: Path, base: str, path: str) -> int:
    """The line of `path` where it first differs from `base` (0 for a deleted file)."""
    if not Path(repo_root, path).exists():
        return 0
    if show(repo_root, base, path) is None:  # a new file: its first row of figures, below the header
        return 2 if len(Path(repo_root, path).read_bytes().splitlines()) > 1 else 1
    diff = git(repo_root, "diff", "-U0", "--no-renames", base, "--", path, strict=True)
    for line in diff.splitlines():
        if line.startswith("@@"):
            # "@@ -a,b +c,d @@": the new file's changed lines start at c (after c when d is 0).
            start, _, count = line.split()[2][1:].partition(",")
            return max(int(start) + (1 if count == "0" else 0), 1)
    return 1


def _entries(data: bytes) -> list[Any]:
    """The entries of a log, or none when it cannot be read (validation reports why)."""
    try:
        entries = yaml.safe_load(data)
    except yaml.YAMLError:
        return []
    return entries if isinstance(entries, list) else []
