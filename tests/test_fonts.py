"""The Khmer web font: a static subset per weight the CSS declares, small, and with Khmer in it."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont

from scripts.fonts import WEIGHTS, font_path, fonts_for, khmer_font

CSS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "stylesheets" / "site.css"


def test_every_weight_is_a_static_subset_small_enough_for_a_phone() -> None:
    fonts = fonts_for(["khmer"])
    assert sorted(fonts) == sorted(font_path(w) for w in WEIGHTS)
    for data in fonts.values():
        font = TTFont(io.BytesIO(data))
        assert "fvar" not in font  # an instance, not the 115 KB variable font
        assert ord("ក") in font.getBestCmap()
        assert len(data) < 20_000


def test_the_css_declares_each_weight_with_its_own_file() -> None:
    faces = re.findall(r"@font-face\s*{([^}]*)}", CSS.read_text(encoding="utf-8"))
    declared = {}
    for face in faces:
        weight = re.search(r"font-weight:\s*(\d+);", face)
        src = re.search(r'url\("\.\./fonts/([^"]+)"\)', face)
        assert weight and src, face
        declared[int(weight[1])] = f"assets/fonts/{src[1]}"
    assert declared == {w: font_path(w) for w in WEIGHTS}


def test_the_same_font_twice_is_the_same_bytes() -> None:
    assert khmer_font.__wrapped__(600) == khmer_font(600)  # made again, not the cached copy
