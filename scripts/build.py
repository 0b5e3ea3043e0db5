"""Build the site: data/ -> load -> validate -> compute -> charts -> pages -> write -> site/.

Usage: python -m scripts.build [--data DIR] [--out DIR] [--check] [--verbose] [--summary FILE]
A build prints one timed line per stage; --verbose adds the translation coverage table.
Data problems are printed as file:line: message. Hint: ... (then the same in the site's other languages
that have problem words) and the previous site is left as it was.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from scripts import cache as cache_store
from scripts.address import published
from scripts.apart import resident_mb
from scripts.console import quiet, stage
from scripts.disclosure import exceptions
from scripts.git import build_epoch
from scripts.guard import internal_error
from scripts.load import load
from scripts.logcheck import changelog_problems
from scripts.model import LOCAL_URL, Dataset
from scripts.paths import ROOT
from scripts.problems import DataError, emit, languages_of
from scripts.translations import coverage
from scripts.translations import report as translation_report
from scripts.updatelog import last_updated, update_log
from scripts.validate import validate

if TYPE_CHECKING:
    from scripts.charts import Chart
    from scripts.compute import Facts
    from scripts.i18n import Locale
    from scripts.tabular import File

# The stages after validation are imported by the functions that run them: `--check` needs
# none of them, and Altair, MkDocs and fontTools take a second of every check to import.

# The site's stylesheet under docs/, written again with the fonts of the site's scripts (scripts/fonts.py).
STYLESHEET = "assets/stylesheets/site.css"

T = TypeVar("T")
# How many indicator pages' charts (in one language each) the cache must lack for some to be drawn
# by a process apart: starting one costs about a second and a half, what drawing some six of them takes.
APART_FROM = 10
APART_UNDER_MB = 200  # ...and only while the build holds less than this (MB)


def check(data_dir: Path) -> Dataset:
    """Load and validate a data folder; raise DataError with every problem found."""
    with stage("load"):
        raw, problems = load(data_dir)
    with stage("validate"):
        data, more = validate(raw)
        if problems or more or data is None:
            raise DataError(problems + more)
        try:  # the update log is data too: its problems stop the build
            log, more = update_log(raw.changelog, data)
        except Exception as err:  # noqa: BLE001 (never a traceback for a data file)
            raise DataError([internal_error(err, data_dir)]) from err
        if more:
            raise DataError(more)
        data = replace(data, updates=log)
    for line in exceptions(data.indicators):  # an indicator of persons left without disclosure control
        print(line, flush=True)
    return data


def build(data_dir: Path, out: Path, env: Mapping[str, str] | None = None, preview_url: str = LOCAL_URL) -> Dataset:
    """Run the whole pipeline and leave the finished site in `out`.

    `env` holds the publish workflow's SITE_URL and GITHUB_* variables (main passes the real
    environment); without them the build is a local preview served at `preview_url`.
    Once the site is published, the cache entries it did not use are pruned (scripts/cache.py).
    """
    from scripts.audit import Audit
    from scripts.buildinfo import build_info
    from scripts.charts import vega_bundle
    from scripts.compute import compute
    from scripts.downloads import downloads, pictures
    from scripts.feed import feed
    from scripts.fonts import fonts_for, stylesheet
    from scripts.i18n import site_locales
    from scripts.opendata import opendata
    from scripts.pages import pages
    from scripts.release import release
    from scripts.write import write

    started = time.time()
    # The Vega bundle depends on no data, the font subsets only on the site's scripts: each is made
    # (or read from the cache) in a process of its own from as soon as it can start, beside every
    # stage up to MkDocs, which never reads them; they join the built site after it (write.py).
    bundle = _soon(vega_bundle)
    data = check(data_dir)
    data = replace(data, site=published(data.site, env or {}, preview_url))
    locales = site_locales(data.site)
    fonts = _soon(lambda: fonts_for(loc.script for loc in locales if loc.script))
    with stage("compute"):
        facts = compute(data)
    with stage("charts"):
        figures = _figures(data, facts, locales)
    cov = coverage(data)  # the translation table: python -m scripts.build --verbose
    files: dict[str, File] = {}
    pngs = _soon(partial(pictures, figures))  # rasterised meanwhile, by a process apart when many
    with stage("pages"):
        files |= pages(data, facts, figures, cov, release(last_updated(data.updates)))
    with stage("downloads"):
        files |= downloads(data, figures, pngs.result()) | opendata(data)
    del figures, facts  # drawn and written: their SVG and specs are not kept through MkDocs and the audit
    files["feed.xml"] = feed(data)
    files |= build_info(data_dir, [Path(f) for f in data.files])
    files[STYLESHEET] = stylesheet((ROOT / "docs" / STYLESHEET).read_text(encoding="utf-8"),
                                   [(loc.lang, loc.script) for loc in locales])  # fmt: skip
    write(files, out, site_name=data.site.title.default, nav=navigation(data, locales[0]), languages=languages(data, locales),
          site_url=data.site.url, preview_url=data.site.preview_url, check=Audit(data),
          late=lambda: {"assets/javascripts/vega.js": bundle.result()} | fonts.result())  # fmt: skip
    cache_store.prune(started)
    return data


def _soon(make: Callable[[], T]) -> Future[T]:
    """`make()` started on a thread of its own; its result (or exception) is the future's."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(make)
    finally:
        pool.shutdown(wait=False)  # the thread ends once `make` returns


def _figures(data: Dataset, facts: dict[str, Facts], locales: list[Locale]) -> dict[str, dict[str, list[Chart]]]:
    """Every indicator's charts in every language, drawn on threads (vl-convert frees the GIL) and,
    when the cache lacks many of them, on another core by a process apart (charts.charts_apart)."""
    from scripts.charts import charts, charts_apart, drawn_before

    jobs = [(ind, facts[ind.id], data.site, data.events, loc) for loc in locales for ind in data.indicators]
    drawn = {i: found for i, job in enumerate(jobs) if (found := drawn_before(*job)) is not None}
    to_draw = [i for i in range(len(jobs)) if i not in drawn]
    # Two in five go apart: that process starts drawing about two seconds after this one. Not for a
    # build that already holds much data: the process apart would hold some 200 MB more beside it.
    shared = len(to_draw) >= APART_FROM and (os.cpu_count() or 1) > 1 and resident_mb() < APART_UNDER_MB
    away = [i for n, i in enumerate(to_draw) if shared and n % 5 in (1, 3)]
    drawn_away = _soon(lambda: dict(zip(away, charts_apart([jobs[i] for i in away]), strict=True)))
    skip = set(away)
    here = [i for i in to_draw if i not in skip]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        drawn |= dict(zip(here, pool.map(lambda i: charts(*jobs[i]), here), strict=True)) | drawn_away.result()
    figures: dict[str, dict[str, list[Chart]]] = {loc.lang: {} for loc in locales}
    for i, (ind, _, _, _, loc) in enumerate(jobs):  # in the jobs' order, whatever finished first
        figures[loc.lang][ind.id] = drawn[i]
    return figures


def navigation(data: Dataset, loc: Locale) -> list[Any]:
    """The site's menu (MkDocs' nav): every page of the registry that has a place in it, in its order."""
    from scripts.registry import PAGES

    menu: list[Any] = []
    for page in PAGES:
        if page.menu is None:  # a page with no place in the menu
            continue
        for item in page.files(data):
            *sections, title = page.menu(item, data, loc)
            level = menu
            for section in sections:  # each section is a one-key dict holding its list, made when first met
                found = next((entry[section] for entry in level if isinstance(entry, dict) and section in entry), None)
                if found is None:
                    found = []
                    level.append({section: found})
                level = found
            level.append({title: item.path} if title else item.path)
    return menu


def languages(data: Dataset, locales: list[Locale]) -> list[dict[str, Any]]:
    """The i18n plugin's languages: the first is the default, at /; the others at /<lang>/."""
    from scripts.i18n import own_name

    default = locales[0]
    out = []
    for loc in locales:
        entry: dict[str, Any] = {"locale": loc.lang, "name": own_name(loc.lang), "build": True}
        entry["site_name"] = loc.text(data.site.title)
        # Every language names its theme words: before each language after the first, the plugin
        # puts back the theme's language as the first build found it, and one naming none would
        # be built with those words (for a first language fr-CA, a file the theme lacks).
        entry["theme"] = {"language": _theme_language(loc.lang)}
        if loc is default:
            entry["default"] = True
        else:
            entry["nav_translations"] = dict(zip(_titles(data, default), _titles(data, loc), strict=True))
        out.append(entry)
    return out


def _theme_language(lang: str) -> str:
    """The language of the theme's own words (search box, skip link): the theme's file for `lang`
    (partials/languages/<lang>.html, Material's or docs/overrides'), else its base language's (fr
    for fr-CA), else English. Material has no file for most regions, and a missing one stops the build."""
    import material

    from scripts.i18n import FALLBACK, base_language

    folders = (ROOT / "docs" / "overrides", Path(material.__file__).parent / "templates")
    for code in (lang, base_language(lang)):
        if any((folder / "partials" / "languages" / f"{code}.html").is_file() for folder in folders):
            return code
    return FALLBACK


def _titles(data: Dataset, loc: Locale) -> list[str]:
    """Every title in the menu, in the registry's order: the same list in each language."""
    from scripts.registry import PAGES

    return [title for page in PAGES if page.menu for item in page.files(data) for title in page.menu(item, data, loc)
            if title]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; exit status 1 on data problems, with no traceback."""
    parser = argparse.ArgumentParser(prog="python -m scripts.build", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="where the site goes (default: site/)")
    parser.add_argument("--check", action="store_true", help="only validate the data; build nothing")
    parser.add_argument("--verbose", action="store_true", help="also print the translation coverage table")
    parser.add_argument("--summary", type=Path, help="append the translation coverage table to this Markdown file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    quiet()
    _reproducible_time()
    try:
        if args.check:
            data = check(args.data)
            published(data.site, os.environ)  # the workflow's addresses, checked as the build will
            # On a pull request, changed figures must be described in the update log.
            base = os.environ.get("GITHUB_BASE_REF")
            if base and (problems := changelog_problems(args.data, f"origin/{base}")):
                raise DataError(problems)
            print(f"{args.data}: {len(data.files)} files, {len(data.indicators)} indicators, no problems.")
        else:
            with stage("total"):
                data = build(args.data, args.out, os.environ)
            if len(data.site.languages) > 1 and (args.verbose or args.summary):
                _translations(translation_report(coverage(data)), args.verbose, args.summary)
    except DataError as err:
        print(emit(err.problems, languages_of(args.data)), file=sys.stderr)
        return 1
    return 0


def _translations(table: str, verbose: bool, summary: Path | None) -> None:
    """The translation coverage table, for maintainers (--verbose) or a job summary (--summary)."""
    if verbose:
        print(table)
    if summary:
        with summary.open("a", encoding="utf-8") as fh:
            fh.write(f"## Translations\n\n```\n{table}\n```\n")


def _reproducible_time() -> None:
    """Same commit, same bytes: date the build by the commit's time, not the clock."""
    if epoch := build_epoch(ROOT):  # SOURCE_DATE_EPOCH when set, else the commit's time
        os.environ["SOURCE_DATE_EPOCH"] = epoch


if __name__ == "__main__":
    sys.exit(main())
