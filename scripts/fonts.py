"""The Khmer web font: static WOFF2 subsets, one per weight the CSS uses, served by the site itself.

Noto Sans Khmer comes from PyPI (fontpkg-noto-sans-khmer); it has Latin letters and digits
too, so mixed Khmer and Latin text renders in one face. No font is fetched from another host.
The package ships a variable font (115 KB as WOFF2): a page loads only the weights it shows,
as static instances of about 17 KB each.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from scripts import cache as cache_store

# The weights site.css declares with @font-face (text, headings and labels, values). Text set at
# 500 (tile names on phones) is drawn at 400, the nearest lighter face: one file less to load.
WEIGHTS = (400, 600, 700)
FONT_DIR = "assets/fonts"
# What site.css's unicode-range gives this face: Khmer, Khmer symbols, the zero-width space and
# joiners, the dotted circle; Latin text is left to the Latin fonts, so its glyphs would never load.
UNICODES = [*range(0x1780, 0x1800), *range(0x19E0, 0x1A00), *range(0x200B, 0x200E), 0x25CC]


def font_path(weight: int) -> str:
    """Where the subset of one weight is served, relative to docs/ (site.css names the same files)."""
    return f"{FONT_DIR}/noto-sans-khmer-{weight}.woff2"


def fonts_for(scripts: Iterable[str]) -> dict[str, bytes]:
    """The web fonts the site's languages need, by path under docs/: every weight's subset of
    each script's face (a language names its script in its locale file; Latin needs none)."""
    faces = {"khmer": khmer_font}
    return {font_path(weight): faces[script](weight) for script in sorted(set(scripts)) for weight in WEIGHTS}


@cache
def khmer_font(weight: int = 400) -> bytes:
    """Noto Sans Khmer at one weight (normal width) as a WOFF2 subset for the site.

    Cached (scripts/cache.py) by what makes it: glyph set, weight, source font, fontTools, this module.
    """
    recipe = (
        UNICODES,
        weight,
        cache_store.file_hash(_source()),
        fontTools.version,
        cache_store.file_hash(Path(__file__)),
    )
    return cache_store.cached("font", cache_store.key("font", *recipe), lambda: _instance(weight))


def _instance(weight: int) -> bytes:
    font = TTFont(io.BytesIO(_subset()), recalcTimestamp=False)
    axes = {axis.axisTag for axis in font["fvar"].axes}
    font = instancer.instantiateVariableFont(font, {"wght": weight, **({"wdth": 100} if "wdth" in axes else {})})
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


@cache
def _subset() -> bytes:
    """The variable font cut to the site's characters first: instancing a few hundred glyphs is quick."""
    font = TTFont(str(_source()), recalcTimestamp=False)  # same input, same bytes
    options = subset.Options()
    options.layout_features = ["*"]  # Khmer needs its shaping features (subscripts, vowels)
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _source() -> Path:
    """The variable font the package ships."""
    import fontpkg_noto_sans_khmer

    return next((Path(fontpkg_noto_sans_khmer.__file__).parent / "files").glob("*.ttf"))
