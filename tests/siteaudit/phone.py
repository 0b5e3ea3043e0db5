"""Every page on a 360 px phone (JavaScript on): charts, tables, the province map, sideways scroll.

Charts fit the screen, their latest period is labelled on screen, their text is at least 11 px
(12 px in Khmer, whose stacked letters need it). Tables are readable: nothing clipped or wider
than the screen, no cell squeezed into a column of a few characters a line. Province map names are at least 11 px and never broken inside a word.
Khmer pages also report how far below the baseline their link underlines sit.

Sideways scroll (`sideways`) is read twice, at the load event and once the web fonts are in (a
fallback font's glyphs are wider, and the load event may come before the font applies), and the
wider is kept, with the element that sticks out furthest, so a failure says what to fix. The
audit also reads it with the web fonts refused (`block_fonts`): a reader whose phone never gets
the font, or gets it late, must not scroll sideways either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WIDTH = 360
SMALLEST = {"km": 12}  # px; every other language: 11
MIN_LINE_CHARS = 12  # a cell wrapped to 3+ lines with fewer characters a line reads as a column of fragments

_MEASURE = """(width) => {
  const shown = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && el.getBoundingClientRect().width > 0;
  const year = (s) => {
    const latin = s.replace(/[\\u17e0-\\u17e9]/g, (d) => String(d.charCodeAt(0) - 0x17e0));
    const all = latin.match(/(?:19|20)\\d\\d/g);
    return all ? Math.max(...all.map(Number)) : null;
  };
  const charts = [...document.querySelectorAll('figure.chart svg')].filter(shown).map((svg) => {
    const box = svg.getBoundingClientRect();
    const scale = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? box.width / svg.viewBox.baseVal.width : 1;
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim());
    const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    const years = texts.map((t) => [year(t.textContent), t]).filter(([y]) => y);
    const latest = years.length ? Math.max(...years.map(([y]) => y)) : null;
    const onScreen = years.filter(([y]) => y === latest).some(([, t]) => {
      const r = t.getBoundingClientRect();
      return r.width > 0 && r.left >= -0.5 && r.right <= width + 0.5;
    });
    const figure = svg.closest('figure');
    return {id: figure.id || '', left: box.left, right: box.right, smallest: sizes.length ? Math.min(...sizes) : 99,
            latest, onScreen: latest === null || onScreen};
  });
  const tables = [...document.querySelectorAll('.md-typeset table')].filter(shown).map((table) => {
    const wrap = table.parentElement;
    const cells = [...table.querySelectorAll('td, th, caption')].filter(shown)
      .filter((c) => (c.closest('thead, tbody, tfoot, caption') || c).getBoundingClientRect().width > 2);  // not a visually hidden header
    const clipped = cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent.trim().slice(0, 40));
    // A cell squeezed into a narrow column reads as a stack of fragments: few characters a line.
    const narrowest = cells.map((c) => {
      const range = document.createRange(); range.selectNodeContents(c);
      // Line boxes: rectangles that do not overlap vertically (letters of two scripts sit at different heights).
      const rects = [...range.getClientRects()].filter((r) => r.width > 0).sort((a, b) => a.top - b.top);
      let lines = 0, bottom = -Infinity;
      for (const r of rects) {
        if (r.top >= bottom - 1) { lines += 1; bottom = r.bottom; } else { bottom = Math.max(bottom, r.bottom); }
      }
      const chars = [...c.textContent.replace(/[\\s\\u200b]+/g, ' ').trim()].length;
      return [lines >= 3 ? chars / lines : 99, lines, c.textContent.trim().slice(0, 40)];  // two lines may be by design
    }).reduce((a, b) => (b[0] < a[0] ? b : a), [99, 0, '']);
    const box = table.getBoundingClientRect();
    return {caption: (table.caption ? table.caption.textContent : '').trim().slice(0, 50),
            right: box.right, scrolls: wrap.scrollWidth > wrap.clientWidth + 1, clipped, narrowest};
  });
  const names = [...document.querySelectorAll('.tile__name')].filter(shown).map((n) => {
    const broken = [];
    const text = n.firstChild && n.firstChild.nodeType === 3 ? n.firstChild : null;
    const walker = document.createTreeWalker(n, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\u200b]+/g;
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        const range = document.createRange(); range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
    return {name: n.textContent.trim(), size: parseFloat(getComputedStyle(n).fontSize),
            overflows: n.scrollWidth > n.parentElement.clientWidth + 1, broken};
  });
  const links = document.documentElement.lang === 'km'
    ? [...document.querySelectorAll('.md-typeset p a:not(.headerlink):not(.md-button)')].filter(shown).slice(0, 20).map((a) => {
        const s = getComputedStyle(a);
        return {offset: parseFloat(s.textUnderlineOffset) / parseFloat(s.fontSize), skip: s.textDecorationSkipInk,
                line: s.textDecorationLine};
      })
    : [];
  return {scroll: document.documentElement.scrollWidth, charts, tables, names, links};
}"""


# The page's width at load and once its fonts are in; the element that sticks out furthest, if any.
# Run as the page stands (it needs none of the page's own scripts, so it reads pages with JavaScript off).
_SIDEWAYS = """async (width) => {
  const atLoad = document.documentElement.scrollWidth;
  await document.fonts.ready;
  const scroll = Math.max(atLoad, document.documentElement.scrollWidth);
  let furthest = null;
  if (scroll > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right;
      // Inside a box that scrolls on its own (a wide table's wrapper) an element widens nothing.
      let boxed = false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        const x = getComputedStyle(up).overflowX;
        if (x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip') { boxed = true; break; }
      }
      if (!boxed && right > width + 0.5 && (!furthest || right > furthest.right)) {
        const name = el.tagName.toLowerCase() + (el.classList.length ? '.' + [...el.classList].join('.') : '');
        furthest = {right: Math.round(right), element: name, text: (el.textContent || '').trim().slice(0, 30)};
      }
    }
  }
  return {atLoad, scroll, furthest};
}"""


def sideways(page) -> tuple[int, str]:
    """The page's widest width (at load or once its fonts are in), and what sticks out furthest ('' if nothing)."""
    found = page.evaluate(_SIDEWAYS, WIDTH)
    far = found["furthest"]
    what = f"{far['element']} to {far['right']} px ({far['text']!r})" if far else ""
    if found["atLoad"] != found["scroll"]:
        what += f"; {found['atLoad']} px at load"
    return found["scroll"], what.lstrip("; ")


def block_fonts(context) -> None:
    """Refuse every web font the context asks for, as a phone that never gets them would see the page."""
    context.route(re.compile(r"\.(woff2?|ttf|otf)(\?|$)"), lambda route: route.abort())


@dataclass
class Phone:
    """What one page looks like at 360 px."""

    path: str
    lang: str
    scroll: int = 0
    charts: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    names: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)


def measure(browser, base: str, path: str, lang: str) -> Phone:
    """Load a page on a 360 px touch phone and measure what a reader sees."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(300)  # fonts and the charts' script settle
        found = page.evaluate(_MEASURE, WIDTH)
        scroll = max(found["scroll"], sideways(page)[0])  # and once the fonts are in
    finally:
        context.close()
    return Phone(path, lang, scroll, found["charts"], found["tables"], found["names"], found["links"])


def smallest(lang: str) -> int:
    """The smallest chart text a language may show, in CSS px."""
    return SMALLEST.get(lang, 11)
