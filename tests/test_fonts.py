"""The Khmer web font: a static subset per weight the CSS declares, small, and with Khmer in it."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont

from scripts.fonts import WEIGHTS, chart_font, font_path, fonts_for, khmer_font, stylesheet, text_font

CSS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "stylesheets" / "site.css"
KHMER_SITE = stylesheet(CSS.read_text(encoding="utf-8"), [("en", ""), ("km", "khmer")])


def test_every_weight_is_a_static_subset_small_enough_for_a_phone() -> None:
    fonts = fonts_for(["khmer"])
    assert sorted(fonts) == sorted(font_path(w) for w in WEIGHTS)
    for data in fonts.values():
        font = TTFont(io.BytesIO(data))
        assert "fvar" not in font  # an instance, not the 115 KB variable font
        assert ord("ក") in font.getBestCmap()
        assert len(data) < 20_000


def test_the_css_declares_each_weight_with_its_own_file() -> None:
    faces = re.findall(r"@font-face\s*{([^}]*)}", KHMER_SITE)
    declared = {}
    for face in faces:
        weight = re.search(r"font-weight:\s*(\d+);", face)
        src = re.search(r'url\("\.\./fonts/([^"]+)"\)', face)
        assert weight and src, face
        declared[int(weight[1])] = f"assets/fonts/{src[1]}"
    assert declared == {w: font_path(w) for w in WEIGHTS}


def test_the_same_font_twice_is_the_same_bytes() -> None:
    assert khmer_font.__wrapped__(600) == khmer_font(600)  # made again, not the cached copy


def test_a_site_in_latin_script_only_ships_and_names_no_other_face() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert stylesheet(css, [("fr", ""), ("en", "")]) == css
    assert "@font-face" not in css and "Khmer" not in css and ":lang(km)" not in css
    assert fonts_for([]) == {}
    assert "Khmer" not in text_font([]) + chart_font([])


def test_a_site_with_a_khmer_language_names_the_face_in_text_and_charts() -> None:
    assert '"Noto Sans Khmer"' in text_font(["khmer"]) and "Noto Sans Khmer" in chart_font(["khmer"])
    assert f"--md-text-font: {text_font(['khmer'])};" in KHMER_SITE
    assert ":lang(km) .md-typeset h1" in KHMER_SITE and "LANG" not in KHMER_SITE


def test_a_khmer_page_asks_for_its_font_with_the_page_and_an_english_page_does_not(built_site: Path) -> None:
    # Found only while laying the text out, the font came after the first paint, and its swap moved
    # the Khmer home's text (Lighthouse layout shift 0.22; issue #15).
    khmer = (built_site / "km" / "index.html").read_text(encoding="utf-8")
    for weight in WEIGHTS:
        assert f'<link rel="preload" href="../assets/fonts/noto-sans-khmer-{weight}.woff2" as="font"' in khmer
    assert 'rel="preload"' not in (built_site / "index.html").read_text(encoding="utf-8")
