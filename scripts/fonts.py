"""The Khmer web font, subset to WOFF2 at build time and served by the site itself.

Noto Sans Khmer comes from PyPI (fontpkg-noto-sans-khmer); it has Latin letters and digits
too, so mixed Khmer and Latin text renders in one face. No font is fetched from another host.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONT_PATH = "assets/fonts/noto-sans-khmer.woff2"
# Khmer, Khmer symbols, Basic Latin, Latin-1 punctuation, general punctuation (dashes,
# quotes, zero-width space and joiners) and the few symbols the site prints (≥, −, …).
UNICODES = [*range(0x1780, 0x1800), *range(0x19E0, 0x1A00), *range(0x20, 0x7F), *range(0xA0, 0x100),
            *range(0x2000, 0x2070), 0x2212, 0x2265, 0x2026, 0x25CC]  # fmt: skip


@cache
def khmer_font() -> bytes:
    """Noto Sans Khmer (variable weight) as a WOFF2 subset for the site."""
    import fontpkg_noto_sans_khmer

    source = next((Path(fontpkg_noto_sans_khmer.__file__).parent / "files").glob("*.ttf"))
    font = TTFont(str(source), recalcTimestamp=False)  # same input, same bytes
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Khmer needs its shaping features (subscripts, vowels)
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
