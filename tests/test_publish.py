"""The site is published in one step: a build killed at any moment leaves the old site or the new one.

Each run below builds a small site in a subprocess and kills it (os._exit, as a kill -9 would)
at one step of the publish: before each rename, link, copy or removal that scripts/write.py
makes, before and in the middle of MkDocs, and before the CSP step. After every kill the
site folder is whole, and is exactly the old site or the new one, never neither or a mix.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Builds a site whose pages name `variant`, killed at the `kill`-th step (0: never; -1: in the
# middle of MkDocs, after it has written a page). Prints how many steps it took.
DRIVER = """
import os, shutil, sys
from pathlib import Path
import mkdocs.commands.build
import scripts.write as w

kill, out, variant = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
steps, inside = 0, 0

def killing(real):
    # A step is a call made by write.py itself (directly, or through pathlib or tempfile), not
    # one made inside another step, such as the files shutil.rmtree removes one by one.
    def step(*args, **kwargs):
        global steps, inside
        frame, ours = sys._getframe(1), False
        while frame and not ours:
            ours, frame = frame.f_code.co_filename == w.__file__, frame.f_back
        if ours and not inside:
            steps += 1
            if steps == kill:
                os._exit(9)
        inside += 1
        try:
            return real(*args, **kwargs)
        finally:
            inside -= 1
    return step

for module, names in ((os, ("rename", "replace", "symlink", "unlink", "rmdir")), (shutil, ("rmtree", "copytree", "move"))):
    for name in names:
        setattr(module, name, killing(getattr(module, name)))
w.mkdocs_build, w.finish_pages = killing(w.mkdocs_build), killing(w.finish_pages)
if kill == -1:
    pages, real_page = [], mkdocs.commands.build._build_page
    def page(*args, **kwargs):
        pages.append(1)
        if len(pages) == 2:
            os._exit(9)
        return real_page(*args, **kwargs)
    mkdocs.commands.build._build_page = page
files = {"index.md": f"# Site {variant}\\n\\nThe {variant} site.\\n", f"{variant}.md": f"# Only in {variant}\\n"}
languages = [{"locale": "en", "name": "English", "build": True, "default": True, "site_name": variant}]
refused = [w.Problem("data/x.csv", 2, 0, "published-small-count", "refused by the audit")] if variant == "refused" else []
w.write(files, out, site_name=variant, nav=[{"Home": "index.md"}, {variant: f"{variant}.md"}], languages=languages,
        site_url="", check=lambda site: refused)
print(steps)
"""


def _build(out: Path, variant: str, kill: int = 0) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1780000000"}
    return subprocess.run([sys.executable, "-c", DRIVER, str(kill), str(out), variant],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip


def _tree(site: Path) -> dict[str, str]:
    """Every file of the site, through the link, with its digest."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """The two complete sites, each built undisturbed."""
    trees = {}
    for variant in ("old", "new"):
        out = tmp_path_factory.mktemp(variant) / "site"
        run = _build(out, variant)
        assert run.returncode == 0, run.stderr
        trees[variant] = _tree(out)
    assert trees["old"] != trees["new"]
    return trees


def test_a_build_killed_at_any_step_leaves_a_whole_site(tmp_path: Path, sites: dict[str, dict[str, str]]) -> None:
    published = tmp_path / "published"  # the old site, as a complete build left it
    assert _build(published / "site", "old").returncode == 0
    work, kill, steps = tmp_path / "work", -1, 0
    while True:
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(published, work, symlinks=True)
        run = _build(work / "site", "new", kill)
        found = _tree(work / "site")
        if run.returncode == 0:  # every step has been tried: this build ran to the end
            assert found == sites["new"] and steps >= 6, run.stderr
            break
        assert run.returncode == 9, (kill, run.stderr)
        assert found in (sites["old"], sites["new"]), f"killed at step {kill}: the site is neither the old nor the new"
        kill, steps = kill + 1 + (kill == -1), steps + 1
    # The next build removes whatever a killed one left behind: one release, no staging folder.
    shutil.rmtree(work)
    shutil.copytree(published, work, symlinks=True)
    assert _build(work / "site", "new", -1).returncode == 9
    assert _build(work / "site", "new").returncode == 0
    releases = work / ".site-releases"
    assert sorted(p.name for p in releases.iterdir()) == [".lock", os.readlink(work / "site").split("/")[-1]]
    assert sorted(p.name for p in work.iterdir()) == [".site-releases", "site"]


def test_a_site_built_before_releases_is_replaced(tmp_path: Path, sites: dict[str, dict[str, str]]) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("a site built by an older version", encoding="utf-8")
    assert _build(out, "new").returncode == 0
    assert out.is_symlink() and _tree(out) == sites["new"]
    kept = [p.name for p in (tmp_path / ".site-releases").iterdir() if p.name != ".lock"]
    assert kept == [os.readlink(out).split("/")[-1]]


def test_a_build_the_audit_refuses_leaves_the_old_site_and_nothing_else(
    tmp_path: Path, sites: dict[str, dict[str, str]]
) -> None:
    out = tmp_path / "site"
    assert _build(out, "old").returncode == 0
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    run = _build(out, "refused")
    assert run.returncode == 1 and "DataError" in run.stderr
    assert _tree(out) == sites["old"]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
