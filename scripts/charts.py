"""Each indicator's charts as static SVG (and PNG downloads), cached, rendered by vl-convert.

What a chart draws is decided in scripts/chartdraw.py, with Altair; this module keeps what it
drew in the cache (scripts/cache.py) and renders specs with vl-convert, so a warm build never
imports Altair. Renders keep a deterministic order whatever runs them (threads, or a process apart).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert

from scripts import cache as cache_store
from scripts.compute import Facts
from scripts.i18n import Locale, machine_locale, site_scripts
from scripts.model import Event, Indicator, Site

VEGA_LITE = "6.4"
PNG_SCALE = 2  # PNG downloads at twice the screen size
# How many PNGs the cache must lack for a process apart to rasterise them: starting it costs some
# 0.2 s, what rasterising five takes.
PNGS_APART_FROM = 6
# vl-convert's stub (vl_convert/__init__.pyi) lacks the __version__ the module sets.
VL_CONVERT: str = vl_convert.__version__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Chart:
    """One chart of an indicator page: spec, static SVG, text alternative, and its data."""

    id: str
    title: str
    spec: dict[str, Any]
    svg: str
    alt: str
    rows: tuple[dict[str, Any], ...]
    sources: tuple[str, ...] = ()  # the ids of the sources of the observations drawn, for the caption
    phone_spec: dict[str, Any] | None = None  # the same chart laid out for a phone (PHONE_WIDTH), chosen by CSS
    phone_svg: str = ""
    events: tuple[dict[str, Any], ...] = ()  # the numbered events marked on the chart, listed whole below it


def charts(
    ind: Indicator, facts: Facts, site: Site, events: tuple[Event, ...] = (), loc: Locale | None = None
) -> list[Chart]:
    """Every chart of one indicator page, in one language: values over time, then breakdowns.

    Cached (scripts/cache.py) by everything that makes them: the arguments, in full, the build's
    own code, Altair's version and what renders their SVG (vl-convert, the fonts), so a warm
    build skips building specs with Altair.
    """
    loc = replace(loc or machine_locale(), site_scripts=site_scripts(site))
    found = cache_store.cached_text(
        "charts", _key(ind, facts, site, events, loc), lambda: _drawn(ind, facts, site, events, loc)
    )
    return [_chart(fields) for fields in json.loads(found)]


def drawn_before(
    ind: Indicator, facts: Facts, site: Site, events: tuple[Event, ...] = (), loc: Locale | None = None
) -> list[Chart] | None:
    """`charts` with these arguments as the cache holds them, or None: what is left to draw."""
    loc = replace(loc or machine_locale(), site_scripts=site_scripts(site))
    found = cache_store.get("charts", _key(ind, facts, site, events, loc))
    return None if found is None else [_chart(fields) for fields in json.loads(found)]


def charts_apart(jobs: list[tuple[Indicator, Facts, Site, tuple[Event, ...], Locale]]) -> list[list[Chart]]:
    """`charts(*job)` for every job, in a process of its own (scripts/apart.py), in the jobs' order.

    vl-convert renders one chart at a time in a process: a build with many charts to draw (an
    empty cache) has a process apart draw some of them meanwhile, on another core.
    """
    from scripts.apart import apart

    drawn: list[list[Chart]] = apart("scripts.charts:_charts_of", jobs) if jobs else []
    return drawn


def _charts_of(jobs: list[tuple[Indicator, Facts, Site, tuple[Event, ...], Locale]]) -> list[list[Chart]]:
    """What a process apart does for charts_apart: every job's charts, and the Khmer words it found kept."""
    from scripts.wordbreaks import save

    drawn = [charts(*job) for job in jobs]
    save()
    return drawn


def _key(ind: Indicator, facts: Facts, site: Site, events: tuple[Event, ...], loc: Locale) -> str:
    """The charts' cache key: everything that makes them, the build's own code, Altair's version and
    what renders their SVG (vl-convert, the fonts)."""
    inputs = [
        repr(ind),
        repr(facts.summaries),
        repr(site),
        repr(events),
        repr(loc),
        cache_store.code(),
        cache_store.package("altair"),  # without importing it: a warm build never needs Altair
        _renderer(),
    ]
    return cache_store.key("charts", *inputs)


def _drawn(ind: Indicator, facts: Facts, site: Site, events: tuple[Event, ...], loc: Locale) -> str:
    from scripts.chartdraw import drawn  # Altair: imported only for a chart the cache does not hold

    return drawn(ind, facts, site, events, loc)


def _chart(fields: dict[str, Any]) -> Chart:
    """A Chart from its JSON (lists back to the tuples a Chart holds)."""
    tuples = {name: tuple(fields[name]) for name in ("rows", "sources", "events")}
    return Chart(**(fields | tuples))


def render_svg(spec: dict[str, Any]) -> str:
    """Static SVG for a Vega-Lite spec, rendered with the fonts the site ships (cached: scripts/cache.py)."""
    digest = cache_store.key("svg", spec, _renderer())
    return cache_store.cached_text("svg", digest, lambda: _vl().vegalite_to_svg(spec, vl_version=VEGA_LITE))


def render_png(spec: dict[str, Any]) -> bytes:
    """A PNG of a chart at twice the screen size, for reports and slides (cached).

    Rasterised from the chart's SVG (itself cached): the same image vl-convert draws from the
    spec, byte for byte, without running Vega again.
    """
    digest = cache_store.key("png", spec, _renderer(), PNG_SCALE)
    return cache_store.cached("png", digest, lambda: _vl().svg_to_png(render_svg(spec), scale=PNG_SCALE))


def render_pngs(specs: list[dict[str, Any]]) -> list[bytes]:
    """`render_png` of every spec, in order. vl-convert's rasteriser, unlike its SVG renderer, holds
    Python's lock while it works (measured: Python code beside it ran 11 times slower), so when the
    cache lacks many, they are rasterised by a process apart (scripts/apart.py), on another core,
    and the build's own threads go on meanwhile."""
    digests = [cache_store.key("png", spec, _renderer(), PNG_SCALE) for spec in specs]
    found = [cache_store.get("png", digest) for digest in digests]
    missing = [i for i, png in enumerate(found) if png is None]
    if len(missing) >= PNGS_APART_FROM and (os.cpu_count() or 1) > 1:
        from scripts.apart import apart

        made: list[bytes] = apart("scripts.charts:_rasterised", [render_svg(specs[i]) for i in missing])
        for i, png in zip(missing, made, strict=True):
            cache_store.put("png", digests[i], png)
            found[i] = png
    return [png if png is not None else render_png(spec) for png, spec in zip(found, specs, strict=True)]


def _rasterised(svgs: list[str]) -> list[bytes]:
    """What the process apart does for render_pngs: each SVG as render_png rasterises it."""
    return [_vl().svg_to_png(svg, scale=PNG_SCALE) for svg in svgs]


def warm_up() -> None:
    """Get ready to draw a chart the cache does not hold: Altair imported, vl-convert's engine started.

    A live preview (scripts/serve.py) calls this on a thread of its own while it waits for an
    edit, so that redrawing the one chart an edit changed does not also pay these once-per-process
    costs (together about two seconds). The result is thrown away.
    """
    import scripts.chartdraw  # noqa: F401  (Altair and the site's theme)
    from scripts.fonts import FACES, chart_font

    # Text in every face the charts may name, so that the fonts are loaded too.
    sample = {"data": {"values": [{}]}, "mark": {"type": "text", "text": "ករណី 2018", "font": chart_font(FACES)}}
    _vl().svg_to_png(_vl().vegalite_to_svg(sample, vl_version=VEGA_LITE), scale=PNG_SCALE)


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script the site serves itself (no CDN; cached)."""
    digest = cache_store.key("vega-bundle", VL_CONVERT, VEGA_LITE)
    return cache_store.cached_text("vega-bundle", digest, _bundle)


def _bundle() -> str:
    """Made in a process of its own (scripts/apart.py): the bundler's memory is not the build's."""
    from scripts.apart import apart

    # No snippet (None): the one that puts vegaEmbed, vegaLite and vega on window, as the site needs.
    made: str = apart("vl_convert:javascript_bundle", None, VEGA_LITE, patient=True)  # needed after MkDocs
    return made


def _vl() -> Any:
    """vl-convert, with the site's fonts registered: only a render that is not cached needs them."""
    _register_fonts()
    return vl_convert


@cache
def _register_fonts() -> None:
    vl_convert.register_font_directory(str(_font_folder()))


def _font_folder() -> Path:
    import fontpkg_noto_sans_khmer

    return Path(fontpkg_noto_sans_khmer.__file__).parent / "files"


@cache
def _renderer() -> dict[str, Any]:
    """What besides the spec decides a rendered chart: vl-convert's and Vega-Lite's versions, the fonts."""
    fonts = {p.name: cache_store.file_hash(p) for p in sorted(_font_folder().iterdir()) if p.is_file()}
    return {"vl_convert": VL_CONVERT, "vega_lite": VEGA_LITE, "fonts": fonts}
