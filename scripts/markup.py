"""Post-build fixes to the theme's own markup, one page at a time (issue #15).

`fix_page` is one edit of scripts/finish.py's single pass over the built pages: it changes the
tags of one parsed page (scripts/htmlpage.py) and reads nothing else (nothing here touches
scripts or styles, so it may run anywhere before the policy).

What Material 9 writes that the Nu HTML checker or a reader's tools reject:

- `autocomplete="off"` on the drawer and search toggles: the attribute is not allowed on
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
  `table-wrap` becomes a focusable, named region, named by its table's caption; a Markdown table
  (which the theme's stylesheet lets scroll itself) and a code block's `code` become focusable.
- The language menu names each language in itself ("ខ្មែរ") but does not say which language that
  is (WCAG 3.1.2, language of parts): each link takes its `hreflang` as its `lang`. The stylesheet
  then sets those names in the reader's system font on pages in other languages, so an English
  page does not download the Khmer web font for one word of its menu.
- Data tables on phones are stacked, a row's cells as label and value: each cell gets its
  column's header as `data-label`, which the stylesheet shows on narrow screens.
"""

from __future__ import annotations

from scripts.htmlpage import END, START, TEXT, Page

# The search dialog as the theme writes it, before it has a name.
_DIALOG = {"class": "md-search", "data-md-component": "search", "role": "dialog"}


def fix_page(rel: str, page: Page) -> None:
    """Fix the theme's invalid or unnamed markup in one built page (see the module's notes)."""
    controls = {token.attrs.get("id") for _, token in page.elements("input")}
    for _, token in page.elements("input"):
        if token.attrs.get("type") == "checkbox" and "autocomplete" in token.attrs:
            token.drop("autocomplete")
        if token.attrs.get("autocorrect") == "off":
            token.drop("autocorrect")
    for _, token in page.elements("label"):
        if token.attrs.get("tabindex") == "":
            token.drop("tabindex")
        if (
            token.attrs.get("class") == "md-nav__title"
            and token.attrs.get("for") == "__toc"
            and "__toc" not in controls
        ):
            token.drop("for")
    search = next((t for _, t in page.elements("input") if t.attrs.get("class") == "md-search__input"), None)
    if search is not None and search.attrs.get("aria-label"):
        dialog = next((t for _, t in page.elements("div") if t.attrs == _DIALOG), None)
        if dialog is not None:
            dialog.add("aria-label", search.attrs["aria-label"])
    for _, token in page.elements("a"):
        if token.attrs.get("class") == "md-select__link" and token.attrs.get("hreflang") and "lang" not in token.attrs:
            token.add("lang", token.attrs["hreflang"])
    for at, token in page.elements("div"):
        if token.attrs == {"class": "table-wrap"}:
            _name_region(page, at)
    for at, token in page.elements("table"):
        if list(token.attrs) == ["class"] and token.attrs["class"].startswith("data-table"):
            _label_cells(page, at)
        elif not token.attrs:  # a Markdown table, which the theme's stylesheet lets scroll itself
            token.add("tabindex", "0")
            # and which stacks on a phone like a data table (data-stack: a class would lose the
            # theme's styling of Markdown tables, which it finds as table:not([class])).
            if _label_cells(page, at):
                token.add("data-stack", "")
    for at, _ in page.elements("pre"):
        code = next((a for a in range(at + 1, len(page.tokens)) if page.tokens[a].source.strip()), at)
        if _is(page, code, START, "code") and "tabindex" not in page.tokens[code].attrs:
            page.tokens[code].add("tabindex", "0")


def _text(page: Page, start: int, end: int) -> str:
    """The text between two tokens, for an attribute: no tags, no zero-width spaces, spaces collapsed."""
    return " ".join("".join(t.text for t in page.tokens[start:end] if t.kind == TEXT).replace("\u200b", "").split())


def _name_region(page: Page, wrap: int) -> None:
    """A scrolling table's wrapper as a focusable region, named by its table's caption if it has one."""
    region = page.tokens[wrap]
    region.add("tabindex", "0")
    following = (at for at in range(wrap + 1, len(page.tokens)) if page.tokens[at].source.strip())
    table, caption = next(following, wrap), next(following, wrap)
    if _is(page, table, START, "table") and _is(page, caption, START, "caption"):
        end, _ = page.inner(caption)
        if end < len(page.tokens):
            region.add("role", "region")
            region.add("aria-label", _text(page, caption + 1, end))


def _label_cells(page: Page, table: int) -> bool:
    """A data table whose body cells each carry their column's header as data-label; whether it has a head."""
    end, _ = page.inner(table)
    head = next((at for at in range(table, end) if (page.tokens[at].kind, page.tokens[at].tag) == (END, "thead")), None)
    if head is None or any("data-label" in t.attrs for t in page.tokens[head:end]):
        return False
    labels = [_text(page, at + 1, page.inner(at)[0]) for at in range(table, head) if _is(page, at, START, "th")]
    cells: list[str] = []
    for at in range(head, end):
        if _is(page, at, START, "tr"):
            cells = list(reversed(labels))
        elif _is(page, at, END, "tr"):
            cells = []
        elif (_is(page, at, START, "td") or _is(page, at, START, "th")) and cells and (label := cells.pop()):
            page.tokens[at].add("data-label", label, first=True)
    return True


def _is(page: Page, at: int, kind: str, tag: str) -> bool:
    return page.tokens[at].kind == kind and page.tokens[at].tag == tag
