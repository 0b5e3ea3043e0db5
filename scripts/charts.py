"""Altair charts for each indicator, rendered to static SVG at build time.

One theme holds every colour and font; one small builder per kind of chart, chosen by the
indicator's metadata. Partial periods and multi-year totals are drawn in their own panel,
never as if they were calendar years; a year with no figure stays a visible gap; bounds,
estimates and derived values are marked and the marks explained in the legend.

Tooltips and the marks' ARIA descriptions are Vega expressions written here, with every text in
them a string literal from scripts/escape.py's vega_string: Vega-Lite would splice titles into
its own expressions with only their quotes escaped, so a line break or a backslash in a label
from data/ would break the chart or change the expression.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import altair as alt
import vl_convert

from scripts import cache as cache_store
from scripts.compute import Facts, format_value
from scripts.escape import vega_string
from scripts.i18n import SEPARATORS, Locale, locale
from scripts.model import VALUE_STATUSES, Dimension, Event, Indicator, Observation, Site

VEGA_LITE = "6.4"
# Okabe-Ito: distinguishable with every common colour-vision deficiency, and at least 3:1
# against both the light and the dark page background.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00")
TEXT = "#1d2733"
MUTED = "#5b6673"
GRID = "#dde3ea"
FONT = "Noto Sans, Noto Sans Khmer, Helvetica, Arial, sans-serif"
# How a figure's status is drawn: a reported count is solid; the rest are paler.
STATUS_OPACITY = {"reported": 1.0, "derived": 0.5, "estimate": 0.5}
KHMER = re.compile("[\u1780-\u17ff]")
BOUND_SIGNS = {"at-least": "≥", "more-than": ">", "approx": "~", "": ""}
# Widths the two layouts are drawn for, so that the SVG shows at its own size (text as set here,
# never scaled below 11 px): the desktop content column, and a 360 px phone less the page margins.
DESKTOP_WIDTH = 660
PHONE_WIDTH = 320
TEXT_SIZE = 12  # bar values, axis and legend labels; Khmer one pixel larger (KHMER_BONUS)
KHMER_BONUS = 1
PNG_SCALE = 2  # PNG downloads at twice the screen size
T = TypeVar("T")


@dataclass(frozen=True)
class Chart:
    """One chart of an indicator page: spec, static SVG, text alternative, and its data."""

    id: str
    title: str
    spec: dict
    svg: str
    alt: str
    rows: tuple[dict, ...]
    sources: tuple[str, ...] = ()  # the ids of the sources of the observations drawn, for the caption
    phone_spec: dict | None = None  # the same chart laid out for a phone (PHONE_WIDTH), chosen by CSS
    phone_svg: str = ""
    events: tuple[dict, ...] = ()  # the numbered events marked on the chart, listed whole below it


@alt.theme.register("ctip", enable=True)
def theme() -> alt.theme.ThemeConfig:
    """The site's one chart theme. Dark pages recolour text and grid through site.css."""
    return alt.theme.ThemeConfig(
        {
            "config": {
                "font": FONT,
                "background": "transparent",
                "view": {"stroke": None, "continuousWidth": 480, "continuousHeight": 260},
                "axis": {
                    "labelColor": TEXT,
                    "titleColor": TEXT,
                    "labelFontSize": TEXT_SIZE,
                    "titleFontSize": TEXT_SIZE,
                    "titleFontWeight": "normal",
                    "gridColor": GRID,
                    "domainColor": MUTED,
                    "tickColor": MUTED,
                },  # fmt: skip
                "axisX": {"labelAngle": 0, "grid": False},
                "legend": {
                    "labelColor": TEXT,
                    "titleColor": TEXT,
                    "labelFontSize": TEXT_SIZE,
                    "titleFontSize": TEXT_SIZE,
                    "orient": "bottom",
                    "direction": "horizontal",
                    "labelLimit": 640,
                },  # fmt: skip
                "title": {"color": TEXT, "fontSize": TEXT_SIZE + 1, "fontWeight": "normal", "anchor": "start"},
                "range": {"category": list(SERIES_COLOURS)},
                "bar": {"color": SERIES_COLOURS[0]},
                "text": {"color": TEXT, "fontSize": TEXT_SIZE},
            }
        }
    )


def charts(
    ind: Indicator, facts: Facts, site: Site, events: tuple[Event, ...] = (), loc: Locale | None = None
) -> list[Chart]:
    """Every chart of one indicator page, in one language: values over time, then breakdowns."""
    loc = loc or locale("en")
    national = [o for o in ind.observations if o.geography == site.country_code and not o.is_breakdown]
    k = site.disclosure_threshold
    title = loc.text(ind.title)
    summary = facts.summaries.get(loc.lang, facts.summary)
    out = []
    if ind.unit == "category" and national:
        rows = [_row(ind, o, k, loc) for o in national if o.value is not None]
        layouts = [_category_chart(ind, rows, loc, narrow) for narrow in (False, True)]
        drawn = _sources(o for o in national if o.value is not None)
        out.append(_render(ind.id, title, layouts, _category_alt(ind, summary, rows, loc), rows, loc, drawn))
    elif any(o.status in VALUE_STATUSES for o in national):
        rows = [_row(ind, o, k, loc) for o in national]
        marked = _events_within(rows, _event_rows(events, loc), loc)
        layouts = [_time_chart(ind, rows, marked, loc, narrow) for narrow in (False, True)]
        alt_text = _time_alt(ind, summary, rows, loc)
        out.append(_render(ind.id, title, layouts, alt_text, rows, loc, _sources(national), tuple(marked)))
    for dim in ind.dimensions:
        # The latest breakdown with at least two groups: one group alone is not a breakdown.
        groups: dict[tuple, list[Observation]] = {}
        # Only rows broken down by this dimension alone: a row that also names another
        # dimension's group is a part of a part, and drawing it too would count people twice.
        others = [d.id for d in ind.dimensions if d.id != dim.id]
        for o in ind.observations:
            if o.dimension(dim.id) and o.geography == site.country_code and not any(o.dimension(d) for d in others):
                groups.setdefault((o.period, o.series), []).append(o)
        complete = [(key, parts) for key, parts in groups.items() if len(parts) >= 2]
        if not complete:
            continue
        (latest, _), parts = max(complete, key=lambda item: item[0][0])
        rows = [_row(ind, o, k, loc, dim) for o in parts]
        dim_title = loc.t("chart.by", title=title, dimension=loc.text(dim.title).lower(), period=loc.period(latest))
        layouts = [_breakdown_chart(ind, dim, rows, loc, narrow) for narrow in (False, True)]
        chart_id = f"{ind.id}-by-{dim.id.replace('_', '-')}"
        drawn = _sources(parts)
        out.append(_render(chart_id, dim_title, layouts, _breakdown_alt(rows, dim_title, loc), rows, loc, drawn))
    return out


def render_svg(spec: dict) -> str:
    """Static SVG for a Vega-Lite spec, rendered with the fonts the site ships (cached: scripts/cache.py)."""
    digest = cache_store.key("svg", spec, _renderer())
    return cache_store.cached_text("svg", digest, lambda: _vl().vegalite_to_svg(spec, vl_version=VEGA_LITE))


def render_png(spec: dict) -> bytes:
    """A PNG of a chart at twice the screen size, for reports and slides (cached)."""
    digest = cache_store.key("png", spec, _renderer(), PNG_SCALE)
    return cache_store.cached("png", digest, lambda: _vl().vegalite_to_png(spec, vl_version=VEGA_LITE, scale=PNG_SCALE))


def render_all(render: Callable[[dict], T], specs: list[dict]) -> list[T]:
    """`render` applied to every spec, on every core (vl-convert releases the GIL), in the specs' order."""
    if len(specs) < 2:
        return [render(spec) for spec in specs]
    with ThreadPoolExecutor(max_workers=min(len(specs), os.cpu_count() or 1)) as pool:
        return list(pool.map(render, specs))


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script the site serves itself (no CDN; cached)."""
    digest = cache_store.key("vega-bundle", vl_convert.__version__, VEGA_LITE)
    return cache_store.cached_text("vega-bundle", digest, lambda: vl_convert.javascript_bundle(vl_version=VEGA_LITE))


# --- builders -----------------------------------------------------------------------------


def _time_chart(
    ind: Indicator, rows: list[dict], events: list[dict], loc: Locale, narrow: bool = False
) -> alt.TopLevelMixin:
    """Values over time: vertical bars on desktop; on a phone, horizontal bars (one row per period,
    every value written beside its bar), panels stacked, the legend in one column below."""
    series = list(dict.fromkeys(r["series"] for r in rows))
    colour_scale = alt.Scale(domain=series, range=list(SERIES_COLOURS[: len(series)]))
    legend = _legend(series, narrow) if len(series) > 1 else None
    colour = alt.Color("series:N", title=None, scale=colour_scale, legend=legend)
    codes = sorted(
        {r["status_code"] for r in rows if r["status_code"] in STATUS_OPACITY}, key=list(STATUS_OPACITY).index
    )
    statuses = [loc.t(f"chart.status.{c.capitalize()}") for c in codes]
    opacity = alt.Opacity(
        "status:O", title=loc.t("chart.status"), sort=statuses,
        scale=alt.Scale(type="ordinal", domain=statuses, range=[STATUS_OPACITY[c] for c in codes]),
        legend=_legend(statuses, narrow) if set(codes) - {"reported"} else None,
    )  # fmt: skip
    axis = alt.Axis(format=",d", tickMinStep=1, tickCount=4 if narrow else alt.Undefined)
    value = alt.X if narrow else alt.Y
    along = alt.Y if narrow else alt.X
    offset_channel = alt.YOffset if narrow else alt.XOffset
    v = value("value:Q", title=_capital(loc.text(ind.unit_label)), axis=axis)
    tooltip = _tooltip((loc.t("chart.period"), "label"), (loc.t("chart.value"), "text"),
                       (loc.t("chart.reported_by"), "series"), (loc.t("chart.status"), "status"))  # fmt: skip
    # A value beside its bar on a phone, above it on desktop.
    beside = {"align": "left", "dx": 4, "baseline": "middle"} if narrow else {"dy": -4, "baseline": "bottom"}
    row = 16 if narrow else 0  # the height of one bar on a phone
    panels = []
    years = [r for r in rows if r["kind"] == "year"]
    others = [r for r in rows if r["kind"] != "year"]
    n = len(series)
    year_count = 0
    if years:
        year_count = max(int(r["period"]) for r in years) - min(int(r["period"]) for r in years) + 1
    # The panels side by side on desktop when they fit the column (axes, slanted labels, legend
    # ~140 px), else one above the other.
    desktop = year_count * (44 if n == 1 else 21 * n + 6) + 58 * len({r["label"] for r in others}) + 28 + 140
    # On a phone, what the longest period label leaves of the width, less room for the values.
    room = max(PHONE_WIDTH - 60 - (8 if loc.lang == "km" else 7) * max(len(r["label"]) for r in rows), 120)
    stacked = narrow or (bool(years) and bool(others) and desktop > DESKTOP_WIDTH)
    if years:
        first, last = min(int(r["period"]) for r in years), max(int(r["period"]) for r in years)
        axis_years = [loc.year(y) for y in range(first, last + 1)]
        x = along("label:N", title=None, sort=axis_years, scale=alt.Scale(domain=axis_years, paddingInner=0.3))
        offset = offset_channel("series:N", sort=series) if n > 1 else alt.Undefined
        base = alt.Chart(alt.Data(values=years), title=alt.Title(loc.t("chart.calendar_years")))
        layers = []
        if events:
            # Each event a dashed rule at the start of its year with its number; the list below
            # the chart gives the date and the whole title.
            marks = alt.Chart(alt.Data(values=events))
            event_tooltip = _tooltip((loc.t("chart.date"), "date"), (loc.t("chart.event"), "title"))
            at = along("label:N", title=None, sort=axis_years, scale=alt.Scale(domain=axis_years, paddingInner=0.3),
                       bandPosition=0)  # fmt: skip
            layers.append(marks.mark_rule(color=MUTED, strokeDash=[3, 3], **event_tooltip).encode(**{_key(at): at}))
            if narrow:
                number = marks.mark_text(align="right", baseline="bottom", dy=-1, color=MUTED, aria=False).encode(
                    y=at, x=alt.value(room), text="number:N")  # fmt: skip
            else:
                number = marks.mark_text(align="left", baseline="top", dx=3, color=MUTED, aria=False).encode(
                    x=at, y=alt.Y("line:Q", scale=None), text="number:N")  # fmt: skip
            layers.append(number)
        shown = {r["label"] for r in years}
        gaps = [
            {"label": y, "series": series[0], "value": None, "text": loc.t("chart.na")}
            for y in axis_years
            if y not in shown
        ]
        if ind.chart == "line" and not narrow:
            # One line per series; a year with no figure breaks the line, never interpolated.
            line_data = alt.Data(values=years + [dict(g, series=s) for g in gaps for s in series])
            line = alt.Chart(line_data).mark_line(invalid="break-paths-filter-domains", strokeWidth=2, aria=False)
            layers += [
                line.encode(x=x, y=v, color=colour, detail="series:N"),
                base.mark_point(filled=True, size=60, **tooltip).encode(x=x, y=v, color=colour, opacity=opacity),
                base.mark_text(dy=-8, baseline="bottom", aria=False).encode(
                    x=x, y="value:Q", text="text:N", detail="series:N"
                ),
            ]
        else:
            at_value = alt.X("value:Q") if narrow else alt.Y("value:Q")
            layers += [
                base.mark_bar(**tooltip).encode(
                    **{_key(x): x, _key(v): v}, **_offset(offset), color=colour, opacity=opacity
                ),
                base.mark_text(aria=False, **beside).encode(
                    **{_key(x): x, _key(at_value): at_value}, **_offset(offset), text="text:N"
                ),
            ]
        zero = {"x": alt.datum(0)} if narrow else {"y": alt.datum(0)}
        layers += [
            alt.Chart(alt.Data(values=[r for r in years if r["value"] is None] + gaps))
            .mark_text(color=MUTED, aria=False, **(beside if narrow else {"baseline": "bottom", "dy": -2}))
            .encode(**{_key(x): x}, **zero, text="text:N"),
        ]
        if narrow:
            size = {"width": room, "height": len(axis_years) * (row * n + 6)}
        else:
            size = {"width": len(axis_years) * (44 if n == 1 else 21 * n + 6), "height": 240}
        panels.append(alt.layer(*layers).properties(**size))
    if others:
        order = [r["label"] for r in sorted(others, key=lambda r: r["order"])]
        slanted = alt.Axis() if narrow else alt.Axis(labelAngle=-30, labelAlign="right")
        x = along("label:N", title=None, sort=order, axis=slanted)
        offset = offset_channel("series:N", sort=series) if len({r["series"] for r in others}) > 1 else alt.Undefined
        base = alt.Chart(alt.Data(values=others), title=alt.Title(loc.t("chart.other_periods")))
        stroke = alt.Stroke("series:N", title=None, scale=colour_scale, legend=legend)
        bars = base.mark_bar(fillOpacity=0.3, strokeWidth=1.5, strokeDash=[4, 2], **tooltip).encode(
            **{_key(x): x, _key(v): v}, **_offset(offset), color=colour, stroke=stroke
        )
        at_value = alt.X("value:Q") if narrow else alt.Y("value:Q")
        labels = base.mark_text(aria=False, **beside).encode(
            **{_key(x): x, _key(at_value): at_value}, **_offset(offset), text="text:N"
        )
        if narrow:
            size = {"width": room, "height": len(order) * (row * len({r["series"] for r in others}) + 6)}
        else:
            size = {"width": 58 * len(order), "height": 160 if stacked else 240}
        panels.append(alt.layer(bars, labels).properties(**size))
    if len(panels) == 1:
        return panels[0]
    if stacked:
        # Stacked: each panel its own value axis (a shared one would not line up).
        return alt.vconcat(*panels, spacing=24).resolve_scale(
            **{"x" if narrow else "y": "shared" if narrow else "independent"}
        )
    return alt.hconcat(*panels, spacing=28).resolve_scale(y="shared")


def _key(channel: Any) -> str:
    """The encoding name of a channel object: alt.X("…") -> "x"."""
    name = type(channel).__name__
    return name[0].lower() + name[1:]


def _offset(offset: Any) -> dict:
    return {} if offset is alt.Undefined else {_key(offset): offset}


def _legend(labels: list[str], narrow: bool) -> alt.Legend:
    """A legend below the chart; on a phone one entry a line, long names wrapped, never cut."""
    if not narrow:
        return alt.Legend(direction="vertical", columns=1)
    wrapped = {label: _wrap(label, 34) for label in labels}
    lookup = "{" + ", ".join(f"{vega_string(k)}: [{', '.join(map(vega_string, v))}]" for k, v in wrapped.items()) + "}"
    return alt.Legend(direction="vertical", columns=1, labelLimit=PHONE_WIDTH - 50,
                      labelExpr=f"{lookup}[datum.label] || datum.label", rowPadding=6)  # fmt: skip


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken between words (Khmer words found as the
    site's search finds them, since Khmer writes no spaces between words)."""
    from scripts.mkdocs_hooks import ZWSP, segment

    pieces = [p for p in re.split(r"( )", text) if p]
    pieces = [w for p in pieces for w in re.split(f"(?<={ZWSP})", segment(p) if KHMER.search(p) else p)]
    lines = [""]
    for piece in (p.replace(ZWSP, "") for p in pieces):
        if lines[-1].strip() and len(lines[-1]) + len(piece.rstrip()) > width:
            lines.append("")
        lines[-1] += piece if lines[-1] or piece != " " else ""
    return [line.strip() for line in lines if line.strip()]


def _category_chart(ind: Indicator, rows: list[dict], loc: Locale, narrow: bool = False) -> alt.TopLevelMixin:
    labels = [loc.text(c.label) for c in ind.categories]
    editions = [r["label"] for r in rows]
    # On a phone every other edition is labelled, counting back from the latest (always shown).
    ticks = editions[::-1][::2][::-1] if narrow and len(editions) > 6 else alt.Undefined
    x = alt.X("label:N", title=loc.t("chart.edition"), sort=editions, axis=alt.Axis(values=ticks))
    y = alt.Y("text:N", title=None, sort=labels, scale=alt.Scale(domain=labels))
    tooltip = _tooltip((loc.t("chart.edition"), "label"), (loc.text(ind.title), "text"))
    base = alt.Chart(alt.Data(values=rows))
    line = base.mark_line(interpolate="step", color=SERIES_COLOURS[0], strokeWidth=2, aria=False).encode(x=x, y=y)
    points = base.mark_point(filled=True, size=80, color=SERIES_COLOURS[0], **tooltip).encode(x=x, y=y)
    return alt.layer(line, points).properties(width=PHONE_WIDTH - 130 if narrow else alt.Step(52), height=170)


def _breakdown_chart(
    ind: Indicator, dim: Dimension, rows: list[dict], loc: Locale, narrow: bool = False
) -> alt.TopLevelMixin:
    order = [loc.text(v.label) for v in dim.values if any(r["category"] == loc.text(v.label) for r in rows)]
    y = alt.Y("category:N", title=None, sort=order, axis=alt.Axis(labelLimit=110) if narrow else alt.Undefined)
    axis = alt.Axis(format=",d", tickMinStep=1, tickCount=4 if narrow else alt.Undefined)
    x = alt.X("value:Q", title=_capital(loc.text(ind.unit_label)), axis=axis)
    tooltip = _tooltip(
        (loc.text(dim.title), "category"), (loc.t("chart.value"), "text"), (loc.t("chart.status"), "status")
    )
    base = alt.Chart(alt.Data(values=rows))
    bars = base.mark_bar(color=SERIES_COLOURS[0], **tooltip).encode(y=y, x=x)
    labels = base.mark_text(align="left", dx=4, aria=False).encode(y=y, x="value:Q", text="text:N")
    hidden = (
        base.transform_filter("datum.value === null")
        .mark_text(align="left", dx=4, color=MUTED, **tooltip)
        .encode(y=y, x=alt.datum(0), text="text:N")
    )
    width = PHONE_WIDTH - 170 if narrow else 420
    return alt.layer(bars, labels, hidden).properties(width=width, height=alt.Step(24 if narrow else 22))


def _events_within(rows: list[dict], events: list[dict], loc: Locale) -> list[dict]:
    """The events inside the calendar years a chart draws, numbered in date order."""
    years = [int(r["period"]) for r in rows if r["kind"] == "year"]
    if not years:
        return []
    inside = [e for e in events if min(years) <= e["year"] <= max(years)]
    return [dict(e, number=loc.number(i + 1), line=14 * i) for i, e in enumerate(inside)]


def _tooltip(*fields: tuple[str, str]) -> dict:
    """A mark's tooltip and ARIA description, as Vega expressions of (title, datum field) pairs."""
    pairs = [(vega_string(title), f"datum[{vega_string(name)}]") for title, name in fields]
    tooltip = "{" + ", ".join(f"{title}: {value}" for title, value in pairs) + "}"
    description = ' + "; " + '.join(f'{title} + ": " + {value}' for title, value in pairs)
    return {"tooltip": {"expr": tooltip}, "description": {"expr": description}}


def _row(ind: Indicator, obs: Observation, k: int, loc: Locale, dim: Dimension | None = None) -> dict:
    """One chart datum: what is drawn, what the label and tooltip say, and the CSV row."""
    if obs.status == "suppressed":
        text = loc.t("fewer_than", k=loc.number(k))
    elif obs.status == "not-available":
        text = loc.t("chart.na")
    elif ind.unit == "category":
        text = format_value(ind, obs, loc)
    else:
        text = BOUND_SIGNS[obs.qualifier] + loc.number(obs.value)  # type: ignore[arg-type]
    return {
        "period": obs.period.code(),
        "label": loc.period(obs.period),
        "kind": obs.period.kind(),
        "order": f"{obs.period.start_year}-{obs.period.start_month:02d}-{obs.period.months:03d}",
        "series": loc.text(ind.series_label(obs.series)),
        "category": loc.text(dim.label(obs.dimension(dim.id))) if dim else "",
        "value": obs.value if isinstance(obs.value, (int, float)) else None,
        "qualifier": obs.qualifier,
        "status_code": obs.status,
        "status": loc.t(f"chart.status.{obs.status.capitalize()}")
        if obs.status in STATUS_OPACITY
        else loc.t(f"status.{obs.status}"),
        "text": text,
    }


def _event_rows(events: tuple[Event, ...], loc: Locale) -> list[dict]:
    """Dated events to mark on a time chart, placed in the calendar year they fall in."""
    return [
        {"label": loc.year(int(e.date[:4])), "year": int(e.date[:4]), "date": loc.digits(e.date),
         "title": loc.text(e.title)}
        for e in sorted(events, key=lambda e: e.date)
    ]  # fmt: skip


# --- text alternatives --------------------------------------------------------------------


def _time_alt(ind: Indicator, summary: str, rows: list[dict], loc: Locale) -> str:
    years = sorted(int(r["period"]) for r in rows if r["kind"] == "year")
    series = list(dict.fromkeys(r["series"] for r in rows))
    parts = [summary]
    if years:
        first, last = loc.year(years[0]), loc.year(years[-1])
        parts.append(loc.t("alt.bars", unit=loc.text(ind.unit_label), first=first, last=last, series=loc.join(series)))
        listed = {int(r["period"]) for r in rows if r["kind"] == "year" and r["value"] is not None}
        missing = [loc.year(y) for y in range(years[0], years[-1] + 1) if y not in listed]
        if missing:
            parts.append(loc.t("alt.missing", years=loc.join(missing)))
    others = [r["label"] for r in sorted((r for r in rows if r["kind"] != "year"), key=lambda r: r["order"])]
    if others:
        parts.append(loc.t("alt.others", periods=loc.join(list(dict.fromkeys(others)))))
    marked = [loc.t(f"status.{c}") for c in ("derived", "estimate") if any(r["status_code"] == c for r in rows)]
    if marked:
        parts.append(loc.t("alt.paler", statuses=loc.join(marked)))
    parts.append(loc.t("alt.table"))
    return " ".join(parts)


def _category_alt(ind: Indicator, summary: str, rows: list[dict], loc: Locale) -> str:
    steps = "; ".join(f"{r['label']}: {r['text']}" for r in rows)
    return f"{summary} " + loc.t("alt.steps", title=loc.text(ind.title), steps=steps)


def _breakdown_alt(rows: list[dict], title: str, loc: Locale) -> str:
    return loc.t("alt.breakdown", title=title, parts="; ".join(f"{r['category']}: {r['text']}" for r in rows))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sources(observations: Iterable[Observation]) -> tuple[str, ...]:
    """The sources of the observations a chart draws, each once, in the order first drawn."""
    return tuple(dict.fromkeys(o.source for o in observations))


def _render(
    chart_id: str, title: str, layouts: list[alt.TopLevelMixin], alt_text: str, rows: list[dict], loc: Locale,
    sources: tuple[str, ...] = (), events: tuple[dict, ...] = (),
) -> Chart:  # fmt: skip
    """The desktop and the phone layout of one chart, each as a spec and its static SVG."""
    spec, phone = (_spec(chart, alt_text, loc, narrow) for chart, narrow in zip(layouts, (False, True), strict=True))
    return Chart(
        chart_id, title, spec, render_svg(spec), alt_text, tuple(rows), sources, phone, render_svg(phone), events
    )


def _spec(chart: alt.TopLevelMixin, alt_text: str, loc: Locale, narrow: bool) -> dict:
    chart = chart.properties(description=alt_text)
    if loc.lang != "en":
        # Axis numbers in the language's own separators (and digits), as in the text.
        thousands, decimal = SEPARATORS[loc.lang]
        number = {"decimal": decimal, "thousands": thousands, "grouping": [3], "currency": ["", ""]}
        if loc.khmer_digits:
            number["numerals"] = list("០១២៣៤៥៦៧៨៩")
        chart = chart.configure(locale={"number": number})
    legend: dict = {}
    if loc.lang == "km":  # Khmer script needs a size more than Latin to read as well (12 px at least)
        size = TEXT_SIZE + KHMER_BONUS
        legend |= {"labelFontSize": size, "titleFontSize": size}
        chart = (
            chart.configure_axis(labelFontSize=size, titleFontSize=size)
            .configure_text(fontSize=size)
            .configure_title(fontSize=size + 1)
        )
    if legend:
        chart = chart.configure_legend(**legend)
    spec = chart.to_dict()
    if narrow:  # legends below the chart one above the other, never side by side (wider than a phone)
        layout = {"bottom": {"anchor": "start", "direction": "vertical"}}
        spec.setdefault("config", {}).setdefault("legend", {})["layout"] = layout
    return _one_line(json.loads(json.dumps(spec, sort_keys=True)))


def _one_line(value: object) -> Any:
    """The spec with U+2028 and U+2029 as spaces: Vega-Lite writes sort orders into expressions
    with JSON.stringify, which leaves these line separators raw, and Vega's parser refuses them."""
    if isinstance(value, str):
        return value.replace("\u2028", " ").replace("\u2029", " ")
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    if isinstance(value, dict):
        return {k: _one_line(v) for k, v in value.items()}
    return value


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
def _renderer() -> dict:
    """What besides the spec decides a rendered chart: vl-convert's and Vega-Lite's versions, the fonts."""
    fonts = {p.name: cache_store.file_hash(p) for p in sorted(_font_folder().iterdir()) if p.is_file()}
    return {"vl_convert": vl_convert.__version__, "vega_lite": VEGA_LITE, "fonts": fonts}
