"""Text from data/ reaches readers as text: never as markup, script or a javascript: link.

Our own templates autoescape, but MkDocs renders its theme with autoescaping off, printing
the site name, the navigation and the page titles as they are; `theme_text` marks those as
escaped HTML (markupsafe's Markup, which the theme's own `| e` leaves alone, so nothing is
escaped twice). `note_html` turns the little Markdown an editor may write in a note into
HTML that keeps only emphasis, code, lists and http(s)/mailto links.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import markdown
import nh3
from markupsafe import Markup, escape

NOTE_TAGS = {"a", "em", "strong", "code", "br", "p", "ul", "ol", "li"}
NOTE_SCHEMES = {"http", "https", "mailto"}


def note_html(text: str, inline: bool = False) -> Markup:
    """An editor's Markdown note as safe HTML; `inline` drops the paragraph around one line."""
    html = markdown.markdown(text, output_format="html")
    clean = nh3.clean(
        html,
        tags=NOTE_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=NOTE_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    ).strip()
    if inline and clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return Markup(clean)


def theme_text(config: Any, nav: Any = None, page: Any = None) -> None:
    """Escape what MkDocs' theme prints unescaped: site name, navigation, page title and meta.

    For the MkDocs hooks: call it from on_nav (config, nav) and from on_page_context
    (config, nav, page). Calling it twice changes nothing.
    """
    config["site_name"] = _escaped(config["site_name"] or "")
    if nav is not None:
        for item in _items(getattr(nav, "items", nav)):
            if isinstance(getattr(item, "title", None), str):
                item.title = _escaped(item.title)
    if page is not None:
        if isinstance(page.title, str):
            page.title = _escaped(page.title)
        for key in ("title", "description", "subtitle", "image", "image_alt"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = _escaped(page.meta[key])


def _escaped(text: str) -> Markup:
    # Some texts arrive escaped already (front matter written by an autoescaping template):
    # unescape first, so that nothing is escaped twice and shown as "&amp;#39;".
    return text if isinstance(text, Markup) else escape(html.unescape(text))


def _items(items: Iterable[Any]) -> Iterable[Any]:
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or [])
