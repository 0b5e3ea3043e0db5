"""MkDocs hooks (listed under hooks: in mkdocs.yml): site-local behaviour of the theme.

The theme prints the site name, navigation and page titles without escaping them, and those
come from data/: they are escaped here, once, before the theme sees them.

Khmer is written without spaces between words, so search could only find whole sentences.
On Khmer pages, every run of Khmer text gets a zero-width space between words (which also
tells browsers where a line may break), and the search separator splits on it
(scripts/wordbreaks.py finds the words).

Every hook is the project's work, not MkDocs': each is timed as part "hooks" of the mkdocs
stage (scripts/console.py), so that MkDocs' own time leaves it out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from scripts import cache as cache_store
from scripts import console
from scripts.i18n import FALLBACK, locale, og_locale
from scripts.sanitise import theme_text
from scripts.wordbreaks import save, segment

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

KHMER_RUN = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]+")
SKIPPED = ("svg", "script", "style", "code", "pre")
# The first (default language's) 404 page rendered into each site folder (on_post_template).
_not_found: dict[str, str] = {}


# After mkdocs-static-i18n's on_nav (priority -100), which swaps in each language's titles by
# looking up the default language's as written: escaped first, "l'aide" would be "l&#39;aide",
# found in no translation, and the menu and og:title would keep the default language's title.
@event_priority(-200)
@console.part("hooks")
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Escape the site name and navigation titles, which come from data/, once translated."""
    theme_text(config, nav)
    return nav


@console.part("hooks")
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """Escape the page's title and description, which come from data/; name the page's locale
    for the Open Graph tags (docs/overrides/main.html)."""
    theme_text(config, nav, page)
    page.meta["og_locale"] = og_locale(_language(config))
    return context


@console.part("hooks")
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Segment Khmer words on Khmer pages, outside charts, scripts and code.

    A page's content segmented before comes from the build cache (scripts/cache.py): the same
    content, the same code and segmenter, the same words.
    """
    if locale(_language(config)).word_breaks != "khmer":
        return html
    digest = cache_store.key(
        "segmented", cache_store.code(), cache_store.package("khmer-nltk"), cache_store.package("python-crfsuite"), html
    )
    return cache_store.cached_text("segmented", digest, lambda: segment_html(html))


def segment_html(html: str) -> str:
    """Put a zero-width space between Khmer words in the text of an HTML fragment."""
    parts = re.split(r"(<[^>]*>)", html)
    depth = 0
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name[1].lower() in SKIPPED and not part.endswith("/>"):
                depth += -1 if part.startswith("</") else 1
        elif depth == 0 and KHMER_RUN.search(part):
            parts[i] = KHMER_RUN.sub(lambda m: segment(m[0]), part)
    return "".join(parts)


@console.part("hooks")
def on_post_build(config: MkDocsConfig) -> None:
    """Keep the segmented words for the next build: segmenting is the slow part of a build."""
    save()


@console.part("hooks")
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep the default language's 404 page: GitHub Pages serves one 404.html for every language.

    mkdocs-static-i18n renders the theme's 404.html once per language into the same file, the
    default language first, so the last language's menus won. The page's text is written in every
    language afterwards (scripts/finish.py, not_found_page).
    """
    if template_name != "404.html":
        return output_content
    return _not_found.setdefault(config.site_dir, _own_language(output_content, config))


@console.part("hooks")
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Declare the page's own language where the theme's words are another's (fr-CA's are fr's)."""
    return _own_language(output, config)


def _own_language(html: str, config: MkDocsConfig) -> str:
    """The page's <html lang>, which the theme takes from its words' file: fr on a fr-CA page."""
    words, lang = config.theme.get("language"), _language(config)
    return html if words == lang else html.replace(f'<html lang="{words}"', f'<html lang="{lang}"', 1)


def _language(config: MkDocsConfig) -> str:
    """The language of the pages being built: the i18n plugin's, for which the theme's words may
    stand in (fr for fr-CA, where Material has no file for the region: scripts/build.py)."""
    current = getattr(config.plugins.get("i18n"), "current_language", None)
    return str(current or config.theme.get("language") or FALLBACK)
