"""What readers do with their hands: search, walk the page with Tab, and open a chart's tooltip."""

from __future__ import annotations

from dataclasses import dataclass

# Every focused element can be seen: on screen, not hidden, not transparent, not zero-sized.
# A visually hidden radio (the colour toggle) shows its focus on the label beside it.
FOCUS_SEEN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = (node) => {
    const r = node.getBoundingClientRect();
    return node.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
      && r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0
      && r.left < window.innerWidth && r.top < window.innerHeight;
  };
  const labels = [el.nextElementSibling].filter((n) => n && n.tagName === "LABEL");
  return { seen: shown(el) || labels.some(shown), what: el.outerHTML.slice(0, 120),
           key: el.outerHTML.slice(0, 300) + el.getBoundingClientRect().top };
}"""

# A chart's data marks: Vega labels each "field: value; field: value".
MARK = "svg [role='graphics-symbol'][aria-label*=';']"


@dataclass
class Search:
    """One query entered one way: how many results the theme listed and where the first one goes."""

    lang: str
    how: str  # "typed" (key by key) or "pasted" (one input event, no key)
    query: str
    results: int
    first: str


def search(browser, base: str, home: str, lang: str, query: str, how: str) -> Search:
    """Open the search on a language's home, enter the query, and read the results the theme lists."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + home)
        page.locator("input.md-search__input").click()  # at 1280 px the box is in the header
        if how == "typed":
            page.keyboard.type(query, delay=40)
        else:
            page.keyboard.insert_text(query)
        items = page.locator(".md-search-result__item")
        try:
            items.first.wait_for(state="visible", timeout=8000)
        except Exception:  # noqa: BLE001 (no result: said in the row)
            return Search(lang, how, query, 0, "")
        first = items.first.locator("a").first.get_attribute("href") or ""
        return Search(lang, how, query, items.count(), first.replace(base, ""))
    finally:
        context.close()


def tab_walk(browser, base: str, path: str, width: int, limit: int = 150) -> tuple[int, list[str]]:
    """Press Tab through a page: the number of stops, and those that could not be seen."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    hidden, seen_keys = [], set()
    stops = 0
    try:
        page.goto(base + path)
        page.wait_for_timeout(300)
        for _ in range(limit):
            page.keyboard.press("Tab")
            page.wait_for_timeout(120)  # the theme fades some targets in on focus (skip link, anchors)
            focused = page.evaluate(FOCUS_SEEN)
            if focused is None or focused["key"] in seen_keys:
                break  # back at the top: the walk is done
            seen_keys.add(focused["key"])
            stops += 1
            if not focused["seen"]:  # a slower fade or scroll: look once more before calling it hidden
                page.wait_for_timeout(700)
                focused = page.evaluate(FOCUS_SEEN) or {"seen": True}
            if not focused["seen"]:
                hidden.append(f"{path} at {width} px: {focused['what']}")
    finally:
        context.close()
    return stops, hidden


def tooltip(browser, base: str, path: str) -> list[str]:
    """A chart's value tooltip, by keyboard, mouse and touch: what failed to show or to go away (WCAG 1.4.13)."""
    failed = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + path)
        tip = page.locator(".chart-tip")
        chart = page.locator("figure.chart .chart__svg--wide").first
        chart.focus()
        page.keyboard.press("ArrowRight")
        if not tip.is_visible():
            failed.append("keyboard: an arrow key on the chart shows no value")
        page.keyboard.press("Escape")
        if tip.is_visible():
            failed.append("keyboard: Escape leaves the value on screen")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        if tip.is_visible():
            failed.append("keyboard: the value stays after focus leaves the chart")
        mark = page.locator("figure.chart .chart__svg--wide " + MARK).last
        mark.hover()
        if not tip.is_visible():
            failed.append("mouse: hovering a mark shows no value")
        page.keyboard.press("Escape")
        if tip.is_visible():
            failed.append("mouse: Escape leaves the value on screen")
        mark.hover()
        page.mouse.move(0, 0)
        page.wait_for_timeout(200)
        if tip.is_visible():
            failed.append("mouse: the value stays after the pointer leaves the chart")
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(base + path)
        tip = page.locator(".chart-tip")
        mark = page.locator("figure.chart .chart__svg--phone " + MARK).last
        mark.scroll_into_view_if_needed()
        mark.tap()
        if not tip.is_visible():
            failed.append("touch: a tap on a mark shows no value")
        page.locator("h1").tap()
        if tip.is_visible():
            failed.append("touch: a tap elsewhere leaves the value on screen")
        mark.tap()
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(200)
        if tip.is_visible():
            failed.append("touch: the value stays after scrolling")
    finally:
        context.close()
    return failed
