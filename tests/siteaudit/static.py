"""Checks on the built HTML itself: the 404 page in every language, and "។" that could start a line."""

from __future__ import annotations

import re
from pathlib import Path

# A break opportunity (a space, a zero-width space, <wbr>) before the Khmer full stop lets it start a line.
_ORPHAN = re.compile(r"(?:[\s\u200b]|<wbr\s*/?>)+[\u17d4\u17d5]")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def orphaned_stops(files: list[Path], site: Path) -> tuple[int, list[str]]:
    """Places where "។" or "៕" may start a line, and the pages that have them."""
    total, where = 0, []
    for file in files:
        text = _SCRIPT.sub("", file.read_text(encoding="utf-8"))
        text = re.sub(r"<[^>]+>", lambda m: m.group(0) if m.group(0).lower().startswith("<wbr") else "", text)
        found = len(_ORPHAN.findall(text))
        if found:
            total += found
            where.append(f"{file.relative_to(site).as_posix()}: {found}")
    return total, where


def not_found_page(site: Path, languages: list[str], homes: dict[str, str]) -> list[str]:
    """What keeps the 404 page from being readable in each language: each part marked with its lang, a heading, a link home."""
    page = site / "404.html"
    if not page.exists():
        return ["there is no 404.html"]
    html = page.read_text(encoding="utf-8")
    problems = []
    for lang in languages:
        parts = re.findall(rf'<(\w+)[^>]*\blang="{lang}"[^>]*>(.*?)</\1>', _body(html), re.S)
        if lang == re.search(r'<html[^>]*\blang="([^"]+)"', html).group(1):  # type: ignore[union-attr]
            parts.append(("html", _main(html)))
        if not any(re.search(r"<h[12]\b", body) for _, body in parts):
            problems.append(f'no heading marked lang="{lang}"')
        if not any(re.search(rf'href="{re.escape(homes[lang])}"', body) for _, body in parts):
            problems.append(f'no link to {homes[lang]} in the part marked lang="{lang}"')
    return problems


def _body(html: str) -> str:
    return html[html.find("<article") :] if "<article" in html else html


def _main(html: str) -> str:
    start = html.find("<article")
    return html[start : html.find("</article>", start)] if start >= 0 else ""


def subscript_depths(site: Path) -> list[float]:
    """How far below the baseline the Khmer font's contextual forms (subscript consonants, vowels below) reach, in em.

    These forms have no character of their own (they are not in the font's character map), which is
    how they are told apart from the letters.
    """
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    fonts = sorted(site.glob("assets/fonts/*khmer*400*.woff2")) or sorted(site.glob("assets/fonts/*khmer*.woff2"))
    if not fonts:
        return []
    font = TTFont(fonts[0])
    letters, glyphs, em = set(font.getBestCmap().values()), font.getGlyphSet(), font["head"].unitsPerEm
    depths = []
    for name in font.getGlyphOrder():
        if name in letters:
            continue
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds and pen.bounds[1] < -0.1 * em:
            depths.append(-pen.bounds[1] / em)
    return sorted(depths)
