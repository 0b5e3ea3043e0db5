"""Post-build fixes to the theme's own markup, one page at a time (issue #15).

`fix_page` is one edit of scripts/finish.py's single pass over the built pages: it takes a
page's path under the site and its HTML and returns the HTML fixed, reading nothing else
(nothing here touches scripts or styles, so it may run anywhere before the policy).

What Material 9 writes that the Nu HTML checker or a reader's tools reject:

- `autocomplete="off"` on the drawer and search checkboxes: the attribute is not allowed on
  checkboxes (Material sets it so that Firefox does not restore a checked state on reload;
  upstream: squidfunk/mkdocs-material#1513, closed unchanged). Dropped.
- `autocorrect="off"` on the search box: not an HTML attribute (a Safari extension). Dropped.
- `tabindex=""` on navigation labels (an empty value is not an integer). Dropped.
- `<label for="__toc">` on pages with no table of contents, so with no `__toc` control.
  The label's `for` is dropped; the title stays.
- The search dialog (`role="dialog"`) has no accessible name (Lighthouse `aria-dialog-name`):
  it takes the search box's own label, in the page's language.
- Scrolling regions (wide tables, charts) must be reachable by keyboard with JavaScript off
  (axe `scrollable-region-focusable`; the theme's script does this only when it runs): each
  `table-wrap` becomes a focusable, named region, named by its table's caption.
- Data tables on phones are stacked, a row's cells as label and value: each cell gets its
  column's header as `data-label`, which the stylesheet shows on narrow screens.
"""

from __future__ import annotations

import html as html_lib
import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input [^>]*?) autocorrect="off"')
_EMPTY_TABINDEX = re.compile(r'(<label [^>]*?) tabindex=""')
_TOC_LABEL = re.compile(r'(<label class="md-nav__title") for="__toc"')
_DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog">')
_SEARCH_LABEL = re.compile(r'<input [^>]*class="md-search__input"[^>]*aria-label="([^"]*)"')
_TABLE_WRAP = re.compile(r'<div class="table-wrap">(\s*<table\b[^>]*>\s*<caption\b[^>]*>(.*?)</caption>)?', re.S)
_TAG = re.compile(r"<[^>]*>")
_DATA_TABLE = re.compile(r'<table class="data-table[^"]*">.*?</table>', re.S)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"<(td|th)\b")


def fix_page(rel: str, page: str) -> str:
    """One built page with the theme's invalid or unnamed markup fixed (see the module's notes)."""
    page = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", page)
    page = _AUTOCORRECT.sub(r"\1", page)
    page = _EMPTY_TABINDEX.sub(r"\1", page)
    if 'id="__toc"' not in page:
        page = _TOC_LABEL.sub(r"\1", page)
    if (label := _SEARCH_LABEL.search(page)) and label[1]:
        page = _DIALOG.sub(lambda m: m[0][:-1] + f' aria-label="{label[1]}">', page, count=1)
    page = _TABLE_WRAP.sub(_named_region, page)
    return _DATA_TABLE.sub(_labelled_cells, page)


def _text(fragment: str) -> str:
    """The text of an HTML fragment, for an attribute: no tags, no zero-width spaces, spaces collapsed."""
    return " ".join(html_lib.unescape(_TAG.sub("", fragment)).replace("\u200b", "").split())


def _labelled_cells(match: re.Match) -> str:
    """A data table whose body cells each carry their column's header as data-label."""
    table = match[0]
    head, sep, body = table.partition("</thead>")
    if not sep or "data-label=" in body:
        return table
    labels = [html_lib.escape(_text(cell), quote=True) for cell in _HEAD_CELL.findall(head)]

    def row(found: re.Match) -> str:
        cells = iter(labels)

        def cell(c: re.Match) -> str:
            label = next(cells, "")
            return f'{c[0]} data-label="{label}"' if label else c[0]

        return _CELL.sub(cell, found[0])

    return head + sep + _ROW.sub(row, body)


def _named_region(match: re.Match) -> str:
    """A scrolling table's wrapper as a focusable region named by the table's caption."""
    caption = match[2]
    if caption is None:
        return '<div class="table-wrap" tabindex="0">' + (match[1] or "")
    name = html_lib.escape(_text(caption), quote=True)
    return f'<div class="table-wrap" tabindex="0" role="region" aria-label="{name}">{match[1]}'
