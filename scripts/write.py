"""The only stage that touches disk: stage the docs, run MkDocs, swap the finished site in.

The new site is built beside the old one and published in a single step, so a failed build,
or one killed at any moment, leaves the old site whole: `out` (site/) is a symbolic link to a
release folder `.<out>-releases/<id>/`, and publishing renames a new link over it (os.replace,
atomic). Readers, `make serve` and the Pages upload (tar --dereference) see through the link.
The next build removes what a killed one left behind; builds into the same `out` take turns.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from scripts import console
from scripts.finish import finish_pages
from scripts.i18n import locale
from scripts.model import LOCAL_URL
from scripts.paths import ROOT
from scripts.problems import DataError, Problem
from scripts.tabular import File, Stream

CONFIG = ROOT / "mkdocs.yml"


def write(
    files: dict[str, File],
    out: Path,
    site_name: str,
    nav: list[Any],
    languages: list[dict[str, Any]],
    site_url: str,
    check: Callable[[Path], list[Problem]] | None = None,
    preview_url: str = LOCAL_URL,
    late: Callable[[], Mapping[str, File]] = dict,
) -> None:
    """Build the site from docs/ plus the generated `files` into `out`, atomically.

    `files` is emptied as its files are staged, so that MkDocs and the audit run without them in memory;
    a Stream (the big downloads) is made as it is written, never whole.

    `check` inspects the built site before it replaces the old one (the disclosure audit);
    any problem it finds stops the build with the old site untouched. Sitemaps need an
    absolute address: a build that does not know where it will be published (`site_url` "")
    uses the local preview's, `preview_url`.

    `late()` gives the files that MkDocs never reads (no page links them in Markdown) and that may
    still be in the making while it runs: the Vega bundle and the fonts (scripts/build.py). They
    are put into the built site after MkDocs, as it would have copied them, before its pages are finished.
    """
    out = out.parent.resolve() / out.name  # the link itself, not the release it points to
    releases = out.parent / f".{out.name}-releases"
    releases.mkdir(parents=True, exist_ok=True)
    with _lock(releases / ".lock"), tempfile.TemporaryDirectory(prefix=".build-", dir=releases) as tmp:
        _clean(releases, out, keep=Path(tmp))
        stage, built = Path(tmp) / "docs", Path(tmp) / "site"
        shutil.copytree(ROOT / "docs", stage, ignore=_not_for([lang["locale"] for lang in languages]))
        with console.stage("write"):  # the big downloads are made here, as they are written
            _stage(files, stage)
        config = load_config(
            str(CONFIG), docs_dir=str(stage), site_dir=str(built), site_name=site_name, nav=nav,
            plugins=_plugins(languages), site_url=site_url or preview_url,
        )  # fmt: skip
        with console.stage("mkdocs"):
            mkdocs_build(config)
            del config  # and its plugins' state (the search index of every page): not needed after MkDocs
        with console.stage("assets"):  # what is left of making them
            _stage(dict(late()), built)
        with console.stage("finish"):  # every page read, edited, secured, written and shown to the audit once
            finish_pages(built, [lang["locale"] for lang in languages], site_url, getattr(check, "page", None))
        with console.stage("audit"):
            if check and (problems := check(built)):
                raise DataError(problems)
        _publish(built, out, releases)


def _stage(files: dict[str, File], stage: Path) -> None:
    """Write the generated files under the staged docs/, letting go of each once it is on disk."""
    for rel in sorted(files):
        content = files.pop(rel)
        path = stage / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, Stream):  # made piece by piece: never whole in memory
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(content.pieces())
        else:
            path.write_text(content, encoding="utf-8", newline="\n")


def _publish(built: Path, out: Path, releases: Path) -> None:
    """Make `built` the site at `out` in one step: a link to it, renamed over the old link."""
    release = releases / built.parent.name.removeprefix(".build-")
    os.rename(built, release)
    link = releases / f".link-{release.name}"
    os.symlink(os.path.relpath(release, out.parent), link)
    if out.is_dir() and not out.is_symlink():
        # A site built before releases existed: moved aside once (the only time out is briefly absent).
        os.rename(out, releases / f"{release.name}-before")
    os.replace(link, out)
    _clean(releases, out)


def _clean(releases: Path, out: Path, keep: Path | None = None) -> None:
    """Remove what killed or earlier builds left: staging folders, stray links, releases no longer published."""
    current = out.resolve() if out.is_symlink() else None
    for entry in sorted(releases.iterdir()):
        if entry.is_symlink():
            os.unlink(entry)
        elif entry.is_dir() and entry != keep and entry.resolve() != current:
            shutil.rmtree(entry)


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    """Hold the releases folder alone: two builds into one site wait for each other, never mix."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one build at a time is up to the editor
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the system if the build is killed
        yield


def _search_separator(languages: list[str]) -> str:
    """Where search splits words: white space, hyphens, the zero-width spaces the word hook puts
    between words, and what each of the site's languages adds (_search_separators: Khmer's full
    stops, which follow a word with no space before them)."""
    extra = "".join(str(locale(lang).setting("search_separators", "")) for lang in languages)
    return rf"[\s\u200b{extra}\-]+"


def _not_for(languages: list[str]) -> Callable[[str, list[str]], set[str]]:
    """What of docs/ this site does not ship: the theme's overrides (read from their own folder), and
    search rules for a language it does not have (docs/assets/javascripts/lunr/min/lunr.<lang>.min.js)."""
    own = {f"lunr.{lang}.min.js" for lang in languages}

    def ignored(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "overrides" or (re.fullmatch(r"lunr\.[\w-]+\.min\.js", n) and n not in own)}

    return ignored


def _plugins(languages: list[dict[str, Any]]) -> list[Any]:
    """mkdocs.yml's plugins, with the site's languages given to the i18n plugin."""
    plugins: list[Any] = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["plugins"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = languages
        if isinstance(plugin, dict) and "search" in plugin:
            plugin["search"]["separator"] = _search_separator([lang["locale"] for lang in languages])
    return plugins
