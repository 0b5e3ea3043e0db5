"""Everything done to the site after MkDocs built it, each page read, parsed and written once.

After MkDocs, each language needs a search index and a sitemap of its own, and every page a
few edits: its language's search index, no made-up language or canonical links, the theme's
markup fixed (scripts/markup.py), and a Content-Security-Policy that hashes its inline
scripts as they finally are (scripts/csp.py). Each page is read once, parsed once
(scripts/htmlpage.py), passed through the edits in order (the policy last: it hashes the
final text), written once if it changed, and what a reader finds in it is handed to the
output audit, which so reads no page again. A page MkDocs wrote as in an earlier build is
finished from the cache (scripts/cache.py), keyed by its text, its path, the edits and the
build's code: parsing is most of the pass, and most pages do not change between builds. A live
preview also keeps them decoded in memory, so its rebuild decodes only the pages that changed.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

from scripts import cache
from scripts.apart import resident_mb
from scripts.csp import THEME_SCRIPTS, secure_page
from scripts.fonts import WEIGHTS, font_path
from scripts.htmlpage import Page, Reading
from scripts.i18n import FALLBACK, locale
from scripts.markup import fix_page
from scripts.problems import DataError, Problem

# How many pages left to finish are shared with a second process: forking one costs some 50 ms.
SHARE_FROM = 40
# ...and only while the build holds less than this in memory (MB): a forked process's memory is
# the build's until it touches it, and it then copies what it touches, so a large build (100,000
# observations) would be held twice over for a second or two of parsing.
SHARE_UNDER_MB = 400
# What a forked process finishes pages with: [the site's folder, the edits].
_forked: list[Any] = []
# One edit of a page: (its path under the site, e.g. "km/index.html"; the page, changed in place).
Edit = Callable[[str, Page], None]
# What is shown each finished page: (its file, what a reader finds in it).
Visit = Callable[[Path, Reading], None]


def finish_pages(site: Path, locales: Sequence[str], site_url: str, visit: Visit | None = None) -> None:
    """Finish the site MkDocs built in `site`, in the languages `locales` (the first the default).

    `site_url` is "" for a build that does not know where it will be published. A page with an
    inline script the theme did not write stops the build: DataError, and no page is visited.
    """
    others = locales[1:]
    split = _split_search_index(site, others)
    edits = [search_base(others)] if split else []
    _language_sitemaps(site, others)
    edits += [language_links(site_url), not_found_page(locales), preload_fonts, fix_page]
    # What decides the edits besides a page's own text and path: the key of its cache entry
    # (the 404 page's words and the fonts' paths are the build's code, in the key already).
    # The theme's templates too: the policy allows the inline scripts they write (scripts/csp.py).
    theme = [f"{t.name}:{cache.file_hash(t)}" for folder in THEME_SCRIPTS for t in sorted(folder.rglob("*.html"))]
    recipe = {"languages": list(locales), "site_url": site_url, "split_search": split, "theme": theme}
    edit_pages(site, edits, visit, recipe)


def edit_pages(site: Path, edits: Sequence[Edit], visit: Visit | None = None, recipe: object = None) -> None:
    """Apply `edits` and then the Content-Security-Policy to every page, and show each finished page to `visit`.

    With a `recipe` (JSON values naming everything the edits depend on besides a page's text
    and path), finished pages are cached; without one, every page is parsed.
    """
    problems: list[Problem] = []
    finished: list[tuple[Path, Reading | None]] = []  # in order; None for a page not found before, until finished
    todo: list[tuple[Path, str | None]] = []  # those pages, with their cache keys; their text is read again
    with _no_cycle_collection():
        for path in sorted(site.rglob("*.html")):
            rel = path.relative_to(site).as_posix()
            original = path.read_text(encoding="utf-8")
            digest = None if recipe is None else _key(recipe, rel, original)
            kept = None if digest is None else _read_before.get(digest)
            found = None if digest is None or kept is not None else cache.get("page", digest)
            if kept is not None:  # a live preview's page, as it finished it before
                html, reading = kept[0] or original, kept[1]
            elif found is not None:
                stored = json.loads(found)
                html, reading = stored["html"] or original, Reading.from_json(stored["reading"])
                _keep(digest, None if html == original else html, reading)
            else:  # not held meanwhile: at 100,000 observations the pages' text is some 100 MB
                todo.append((path, digest))
                finished.append((path, None))
                continue
            if html != original:
                path.write_text(html, encoding="utf-8", newline="")
            finished.append((path, reading))
        fresh = []
        # Each page written as soon as it is finished: only what a reader finds in it is kept, for `visit`.
        for (path, digest), (original, html, reading, refused) in zip(
            todo, _finish_all(site, todo, edits), strict=True
        ):
            fresh.append(reading)
            problems += refused
            if digest is not None and not refused:
                changed = None if html == original else html
                entry = {"html": changed, "reading": reading.to_json()}
                cache.put("page", digest, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
                _keep(digest, changed, reading)
            if html != original:
                path.write_text(html, encoding="utf-8", newline="")
    if problems:
        raise DataError(problems)
    if visit:
        readings = iter(fresh)
        for path, seen in finished:
            visit(path, seen if seen is not None else next(readings))


# A live preview's finished pages by their cache key, as read: its rebuild decodes no entry twice.
_read_before: dict[str, tuple[str | None, Reading]] = {}


def _keep(digest: str | None, html: str | None, reading: Reading) -> None:
    """Keep a finished page decoded, in a process that keeps the cache in memory (scripts/cache.py)."""
    if digest is None or not cache.keeping():
        return
    if len(_read_before) > 20_000:  # a preview that has run all day: start again rather than grow
        _read_before.clear()
    _read_before[digest] = (html, reading)


def _finish_all(
    site: Path, todo: list[tuple[Path, str | None]], edits: Sequence[Edit]
) -> Iterator[tuple[str, str, Reading, list[Problem]]]:
    """Every page of `todo` read and `_finish`ed, in order, as (its text, then what `_finish` gives);
    with many, every other one by a second process, on another core, meanwhile. Forked, not started
    afresh: the edits are closures, which cannot be sent."""
    paths = [path for path, _ in todo]
    alone = len(paths) < SHARE_FROM or (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods()
    if alone or resident_mb() >= SHARE_UNDER_MB:
        yield from (_finish_file(site, path, edits) for path in paths)
        return
    _forked[:] = [site, edits]
    with mp.get_context("fork").Pool(1) as pool:
        theirs = pool.imap(_finish_forked, paths[1::2], chunksize=4)
        # Back in the pages' order: mine are the even ones, theirs the odd ones (one fewer when odd).
        for mine in paths[0::2]:
            yield _finish_file(site, mine, edits)
            if (shared := next(theirs, None)) is not None:
                yield shared
    _forked.clear()


def _finish_file(site: Path, path: Path, edits: Sequence[Edit]) -> tuple[str, str, Reading, list[Problem]]:
    """A page read from `path` and `_finish`ed: its text as MkDocs wrote it, then what `_finish` gives."""
    original = path.read_text(encoding="utf-8")
    return (original, *_finish(site, path.relative_to(site).as_posix(), original, edits))


def _finish_forked(path: Path) -> tuple[str, str, Reading, list[Problem]]:
    """`_finish_file` in the forked process, with the site and edits it was forked with."""
    site, edits = _forked
    return _finish_file(site, path, edits)


def _finish(site: Path, rel: str, original: str, edits: Sequence[Edit]) -> tuple[str, Reading, list[Problem]]:
    """One page parsed, edited and secured: its final text, what a reader finds in it, and why it was refused."""
    page = Page(original)
    for edit in edits:
        edit(rel, page)
    refused: list[Problem] = []
    secure_page(page, f"{site.name}/{rel}", refused)
    return page.html(), page.reading(), refused


def _key(recipe: object, rel: str, original: str) -> str:
    """A finished page's cache key: the build's code, the edits' recipe, the page's path and text."""
    return cache.key("page", cache.code(), recipe, rel, hashlib.sha256(original.encode("utf-8")).hexdigest())


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Hold off Python's cycle collector while pages are parsed, and restore it after.

    A page is a few thousand tokens, alive until the next page, and none is part of a reference
    cycle: plain reference counting frees them all. The collector would scan them some two
    hundred times per build for nothing, about a fifth of the pass's time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def search_base(others: Sequence[str]) -> Edit:
    """Point each page of another language at that language's own search index (see _split_search_index).

    Material fetches the index from its settings' "base"; pages under <lang>/ get <base>/<lang>/.
    """
    prefixes = tuple(f"{lang}/" for lang in others)

    def edit(rel: str, page: Page) -> None:
        lang = next((p[:-1] for p in prefixes if rel.startswith(p)), None)
        config = (
            next((at for at, t in page.elements("script") if t.attrs.get("id") == "__config"), None) if lang else None
        )
        if config is None:
            return
        end, text = page.inner(config)
        app = json.loads(text)
        app["base"] = f"{app['base']}/{lang}/"
        first, *rest = page.tokens[config + 1 : end]  # the settings' text: one token, unless split oddly
        first.source = first.text = json.dumps(app, sort_keys=True)
        for token in rest:
            token.source = token.text = ""

    return edit


def language_links(site_url: str) -> Edit:
    """Leave the language alternates to the sitemaps, and drop a made-up canonical or og:url link.

    Each language's sitemap names every page's versions in the other languages (hreflang,
    absolute addresses). In the page head, Material would treat such links as language roots
    and request a sitemap.xml beside every page, which does not exist; the language menu's
    own links already lead to the same page in the other language.
    """

    def edit(rel: str, page: Page) -> None:
        for at, link in page.elements("link"):
            alternate = link.attrs.get("rel") == "alternate" and "hreflang" in link.attrs
            # A preview does not know its public address: no canonical link to a made-up one.
            if alternate or (not site_url and link.attrs.get("rel") == "canonical"):
                page.remove(at, space_before=True)
        if not site_url:  # nor an Open Graph address (the shared card's own link)
            for at, meta in page.elements("meta"):
                if meta.attrs.get("property") == "og:url":
                    page.remove(at, space_before=True)

    return edit


def not_found_page(locales: Sequence[str]) -> Edit:
    """Write the 404 page's text in every language, each part marked with its language and linking to its home.

    GitHub Pages serves the one 404.html for a missing address in any language, so a reader may
    arrive from either; its menus are the default language's (scripts/mkdocs_hooks.py).
    """

    def edit(rel: str, page: Page) -> None:
        if rel != "404.html":
            return
        article = next(
            (at for at, t in page.elements("article") if "md-content__inner" in t.attrs.get("class", "")), None
        )
        logo = next((t for _, t in page.elements("a") if "md-logo" in t.attrs.get("class", "")), None)
        if article is None or logo is None:
            return
        base = logo.attrs.get("href", "/").removesuffix(".")  # the default home, "/." or "/repo/.": the base path
        base += "" if base.endswith("/") else "/"
        end, _ = page.inner(article)
        for at in range(article + 1, end):
            page.remove(at)
        parts = []
        for n, lang in enumerate(locales):
            words = locale(lang)
            home = base if n == 0 else f"{base}{lang}/"
            heading = "h1" if n == 0 else "h2"
            parts.append(
                f'<section lang="{lang}"><{heading}>{escape(words.t("not_found.title"))}</{heading}>'
                f"<p>{escape(words.t('not_found.text'))}</p>"
                f'<p><a href="{escape(home)}">{escape(words.t("not_found.home"))}</a></p></section>'
            )
        page.insert(end, "\n".join(parts))

    return edit


_STYLESHEET = "assets/stylesheets/site.css"


def preload_fonts(rel: str, page: Page) -> None:
    """Ask for the web font of a page's script with the page, not after its text was laid out.

    A font found only while laying the text out arrives after the first paint, and swapping it
    in moved the Khmer home's heading and lead (Lighthouse layout shift 0.03-0.22, issue #15): the
    translation notice at the top of each Khmer page, in bold, was set in a taller fallback face
    until the 700 weight came. Every weight is asked for (three files of about 17 KB).
    """
    html = next((t for _, t in page.elements("html")), None)
    script = locale(html.attrs.get("lang", FALLBACK)).script if html is not None else ""
    if not script:
        return
    sheet = next((at for at, t in page.elements("link") if t.attrs.get("href", "").endswith(_STYLESHEET)), None)
    if sheet is None or any(t.attrs.get("rel") == "preload" for _, t in page.elements("link")):
        return
    base = page.tokens[sheet].attrs["href"].removesuffix(_STYLESHEET)
    links = "".join(
        f'<link rel="preload" href="{escape(base + font_path(weight, script))}" as="font" type="font/woff2" crossorigin>'
        for weight in WEIGHTS
    )
    page.insert(sheet, links)


# --- the files beside the pages: search indexes and sitemaps ---------------------------------


def _split_search_index(site: Path, others: Sequence[str]) -> bool:
    """Give each language a search index of its own pages only; whether there was one to split.

    mkdocs-static-i18n merges every language into one index, so a Khmer reader's search would
    return English pages too. Each language's pages are moved to <lang>/search/, and the
    pages of that language are pointed at it (search_base).
    """
    index_path = site / "search" / "search_index.json"
    if not others or not index_path.exists():
        return False
    index = json.loads(index_path.read_text(encoding="utf-8"))
    prefixes = tuple(f"{lang}/" for lang in others)
    default = [d for d in index["docs"] if not d["location"].startswith(prefixes)]
    _write_index(index_path, index, default)
    for lang in others:
        own = [
            dict(d, location=d["location"][len(lang) + 1 :])
            for d in index["docs"]
            if d["location"].startswith(f"{lang}/")
        ]
        config = dict(index["config"], lang=[lang]) if _searchable(site, lang) else index["config"]
        _write_index(site / lang / "search" / "search_index.json", dict(index, config=config), own)
    return True


def _searchable(site: Path, lang: str) -> bool:
    """Whether the theme's search has this language's rules (the theme's own, or the site's lunr.<lang>)."""
    return (site / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{lang}.min.js").exists()


def _write_index(path: Path, index: dict[str, Any], docs: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"config": index["config"], "docs": docs}, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )


def _language_sitemaps(site: Path, others: Sequence[str]) -> None:
    """A sitemap per language: /<lang>/sitemap.xml lists that language's pages.

    Material fetches sitemap.xml from each language's root to keep a reader on the same page
    when switching language; the root sitemap lists the default language with hreflang
    alternates for the others. MkDocs writes the sitemap one <url> block per page, each block
    with its alternates: each block's address is swapped for its own language's.
    """
    root = site / "sitemap.xml"
    if not others or not root.exists():
        return
    text = root.read_text(encoding="utf-8")
    for lang in others:

        def swap(match: re.Match[str], lang: str = lang) -> str:
            block = match[0]
            own = re.search(rf'hreflang="{lang}" href="([^"]+)"', block)
            return re.sub(r"<loc>[^<]*</loc>", f"<loc>{own[1]}</loc>", block) if own else ""

        translated = re.sub(r"\s*<url>.*?</url>", swap, text, flags=re.S)
        (site / lang / "sitemap.xml").write_text(translated, encoding="utf-8")
        with (
            (site / lang / "sitemap.xml.gz").open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz,
        ):
            gz.write(translated.encode("utf-8"))
