"""The last edits of the built pages, and their audit, in one pass: each page read and written once.

After MkDocs, every page needs a few edits (its language's search index, no made-up language
or canonical links, a Content-Security-Policy that hashes its inline scripts as they finally
are) and then the output audit. Reading and parsing every page once per step cost more than
MkDocs itself; here each page is read once, passed through the edits in order (the policy
last: it hashes the final text), written once if it changed, and shown to the audit as built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from scripts.csp import secure_page
from scripts.problems import DataError, Problem

# One edit of a page: (its path under the site, e.g. "km/index.html"; its HTML) -> the new HTML.
Edit = Callable[[str, str], str]
# What sees each finished page: (its file, its final HTML).
Visit = Callable[[Path, str], None]
_CONFIG = '<script id="__config" type="application/json">'


def finish_pages(site: Path, edits: Sequence[Edit], visit: Visit | None = None) -> None:
    """Apply `edits` and the Content-Security-Policy to every page, then show it to `visit`.

    A page with an inline script the theme did not write is not secured but refused: DataError
    naming every such page, and no page is visited.
    """
    problems: list[Problem] = []
    finished: list[tuple[Path, str]] = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        html = original = path.read_text(encoding="utf-8")
        for edit in edits:
            html = edit(rel, html)
        html = secure_page(html, f"{site.name}/{rel}", problems)
        if html != original:
            path.write_text(html, encoding="utf-8", newline="")
        finished.append((path, html))
    if problems:
        raise DataError(problems)
    if visit:
        for path, html in finished:
            visit(path, html)


def search_base(others: Sequence[str]) -> Edit:
    """Point each page of another language at that language's own search index (write.py splits it).

    Material fetches the index from its settings' "base"; pages under <lang>/ get <base>/<lang>/.
    """
    prefixes = tuple(f"{lang}/" for lang in others)

    def edit(rel: str, html: str) -> str:
        lang = next((p[:-1] for p in prefixes if rel.startswith(p)), None)
        start = html.find(_CONFIG) if lang else -1
        if start < 0:
            return html
        end = html.index("</script>", start)
        config_start = start + len(_CONFIG)
        app = json.loads(html[config_start:end])
        app["base"] = f"{app['base']}/{lang}/"
        return html[:config_start] + json.dumps(app, sort_keys=True) + html[end:]

    return edit


def language_links(site_url: str) -> Edit:
    """Leave the language alternates to the sitemaps, and drop a made-up canonical link.

    Each language's sitemap names every page's versions in the other languages (hreflang,
    absolute addresses). In the page head, Material would treat such links as language roots
    and request a sitemap.xml beside every page, which does not exist; the language menu's
    own links already lead to the same page in the other language.
    """

    def edit(rel: str, html: str) -> str:
        fixed = re.sub(r'\s*<link rel="alternate" href="[^"]*" hreflang="[a-z]+">', "", html)
        if not site_url:
            # A preview does not know its public address: no canonical link to a made-up one.
            fixed = re.sub(r'\s*<link rel="canonical" href="[^"]*">', "", fixed)
        return fixed

    return edit
