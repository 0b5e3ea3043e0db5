"""Altair charts for each indicator, rendered to static SVG at build time.

One theme holds every colour and font; one small builder per kind of chart, chosen by the
indicator's metadata. Partial periods and multi-year totals are drawn in their own panel,
never as if they were calendar years, and a year with no figure stays a visible gap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import altair as alt
import vl_convert

from scripts.compute import VALUE_STATUSES, Facts, format_value, headline_rows
from scripts.model import Dimension, Indicator, Observation, Site

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00")
TEXT = "#1d2733"
MUTED = "#5b6673"
GRID = "#dde3ea"
FONT = "Noto Sans, Noto Sans Khmer, Helvetica, Arial, sans-serif"
STATUS_OPACITY = {"reported": 1.0, "derived": 0.55, "estimate": 0.55}
STATUS_WORDS = {"reported": "Reported", "derived": "Derived", "estimate": "Estimate"}


@dataclass(frozen=True)
class Chart:
    """One chart of an indicator page: its spec, its static SVG, and its text alternative."""

    id: str
    title: str
    spec: dict
    svg: str
    alt: str


@alt.theme.register("ctip", enable=True)
def theme() -> alt.theme.ThemeConfig:
    """The site's one chart theme: its fonts, text colours and quiet grid."""
    return alt.theme.ThemeConfig(
        {
            "config": {
                "font": FONT,
                "background": "transparent",
                "view": {"stroke": None, "continuousWidth": 480, "continuousHeight": 260},
                "axis": {
                    "labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 12, "titleFontSize": 12,
                    "titleFontWeight": "normal", "gridColor": GRID, "domainColor": MUTED, "tickColor": MUTED,
                },  # fmt: skip
                "axisX": {"labelAngle": 0, "grid": False},
                "legend": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 12, "titleFontSize": 12,
                           "orient": "bottom", "direction": "horizontal", "labelLimit": 400},  # fmt: skip
                "header": {"labelColor": TEXT, "titleColor": TEXT},
                "title": {"color": TEXT, "fontSize": 13, "fontWeight": "normal", "anchor": "start"},
                "range": {"category": list(SERIES_COLOURS)},
                "bar": {"color": SERIES_COLOURS[0]},
                "text": {"color": TEXT, "fontSize": 11},
            }
        }
    )


def charts(ind: Indicator, facts: Facts, site: Site) -> list[Chart]:
    """Every chart of one indicator page: values over time, then one per breakdown."""
    if not ind.observations:
        return []
    country, k = site.country_code, site.disclosure_threshold
    out = []
    if ind.unit == "category":
        out.append(_render(ind.id, ind.title.en, _category_chart(ind, country), _category_alt(ind, facts, country)))
    elif any(o.status in VALUE_STATUSES for o in _national(ind, country)):
        out.append(_render(ind.id, ind.title.en, _time_chart(ind, country), _time_alt(ind, facts, country)))
    for dim in ind.dimensions:
        rows = [o for o in ind.observations if o.dimension(dim.id)]
        if rows:
            latest = max(rows, key=lambda o: o.period).period
            shown = [o for o in rows if o.period == latest and o.series == rows[0].series]
            title = f"{ind.title.en} by {dim.title.en.lower()}, {latest.label()}"
            out.append(_render(f"{ind.id}-by-{dim.id}", title, _breakdown_chart(ind, dim, shown, k), _breakdown_alt(ind, dim, shown, title, k)))
    return out


def render_svg(spec: dict) -> str:
    """Static SVG for a Vega-Lite spec, rendered with the fonts the site ships."""
    _register_fonts()
    return vl_convert.vegalite_to_svg(spec, vl_version="6.4")


# --- builders -----------------------------------------------------------------------------


def _national(ind: Indicator, country: str) -> list[Observation]:
    return [o for o in ind.observations if o.geography == country and not o.is_breakdown]


def _time_chart(ind: Indicator, country: str) -> alt.TopLevelMixin:
    rows = _national(ind, country)
    series_labels = [s.label.en for s in ind.series if any(o.series == s.id for o in rows)]
    colour_scale = alt.Scale(domain=series_labels, range=list(SERIES_COLOURS[: len(series_labels)]))
    colour = alt.Color("series:N", title=None, scale=colour_scale,
                       legend=alt.Legend(orient="bottom") if len(series_labels) > 1 else None)  # fmt: skip
    opacity = alt.Opacity("status:N", title="Status", scale=alt.Scale(domain=list(STATUS_WORDS.values()),
                          range=list(STATUS_OPACITY.values())), legend=_status_legend(rows))  # fmt: skip
    years = [o for o in rows if o.period.is_year]
    first = min((o.period.start_year for o in years), default=0)
    last = max((o.period.start_year for o in years), default=0)
    axis_years = [str(y) for y in range(first, last + 1)]
    y_title = ind.unit_label.en[:1].upper() + ind.unit_label.en[1:]
    panels = []
    if years:
        data = alt.Data(values=[_row(ind, o) for o in years])
        x = alt.X("label:N", title=None, sort=axis_years, scale=alt.Scale(domain=axis_years))
        offset = alt.XOffset("series:N", sort=series_labels) if len(series_labels) > 1 else alt.Undefined
        base = alt.Chart(data, title=alt.Title("Calendar years"))
        bars = base.mark_bar().encode(x=x, xOffset=offset, y=alt.Y("value:Q", title=y_title), color=colour, opacity=opacity)
        labels = base.mark_text(dy=-6, baseline="bottom").encode(x=x, xOffset=offset, y="value:Q", text="text:N")
        missing = base.transform_filter("datum.value === null").mark_text(baseline="bottom", color=MUTED, dy=-2).encode(
            x=x, xOffset=offset, y=alt.datum(0), text="text:N"
        )
        panels.append((bars + labels + missing).properties(width=alt.Step(44 if len(series_labels) == 1 else 26), height=240))
    others = [o for o in rows if not o.period.is_year]
    if others:
        order = [o.period.label() for o in sorted(others, key=lambda o: o.period)]
        data = alt.Data(values=[_row(ind, o) for o in others])
        x = alt.X("label:N", title=None, sort=order, axis=alt.Axis(labelAngle=-30, labelAlign="right"))
        base = alt.Chart(data, title=alt.Title("Other periods (not calendar years)"))
        bars = base.mark_bar(fillOpacity=0.35, strokeWidth=1.5, strokeDash=[4, 2]).encode(
            x=x, y=alt.Y("value:Q", title=y_title), color=colour, stroke=alt.Stroke("series:N", legend=None, scale=colour_scale)
        )
        labels = base.mark_text(dy=-6, baseline="bottom").encode(x=x, y="value:Q", text="text:N")
        panels.append((bars + labels).properties(width=alt.Step(58), height=240))
    return alt.hconcat(*panels, spacing=28).resolve_scale(y="shared") if len(panels) > 1 else panels[0]


def _category_chart(ind: Indicator, country: str) -> alt.TopLevelMixin:
    rows = [o for o in _national(ind, country) if o.value is not None]
    labels = [c.label.en for c in ind.categories]
    data = alt.Data(values=[_row(ind, o) for o in rows])
    x = alt.X("label:N", title="Edition", sort=[o.period.label() for o in rows])
    y = alt.Y("text:N", title=None, sort=labels, scale=alt.Scale(domain=labels))
    base = alt.Chart(data)
    line = base.mark_line(interpolate="step", color=SERIES_COLOURS[0], strokeWidth=2).encode(x=x, y=y)
    points = base.mark_point(filled=True, size=70, color=SERIES_COLOURS[0]).encode(x=x, y=y)
    return (line + points).properties(width=alt.Step(52), height=170)


def _breakdown_chart(ind: Indicator, dim: Dimension, rows: list[Observation], k: int) -> alt.TopLevelMixin:
    order = [v.label.en for v in dim.values if any(o.dimension(dim.id) == v.id for o in rows)]
    data = alt.Data(values=[_row(ind, o, k, dim) for o in rows])
    y = alt.Y("category:N", title=None, sort=order)
    base = alt.Chart(data)
    bars = base.mark_bar(color=SERIES_COLOURS[0]).encode(y=y, x=alt.X("value:Q", title=ind.unit_label.en[:1].upper() + ind.unit_label.en[1:]))
    labels = base.mark_text(align="left", dx=4).encode(y=y, x=alt.X("value:Q"), text="text:N")
    hidden = base.transform_filter("datum.value === null").mark_text(align="left", dx=4, color=MUTED).encode(
        y=y, x=alt.datum(0), text="text:N"
    )
    return (bars + labels + hidden).properties(width=420, height=alt.Step(22))


def _row(ind: Indicator, obs: Observation, k: int = 10, dim: Dimension | None = None) -> dict:
    if obs.status == "suppressed":
        text = f"fewer than {k}"
    elif obs.status == "not-available":
        text = "n/a"
    else:
        text = format_value(ind, obs).replace("at least ", "≥").replace("more than ", ">").replace("about ", "~")
    return {
        "label": obs.period.label(),
        "period": obs.period.code(),
        "series": ind.series_label(obs.series).en,
        "status": STATUS_WORDS.get(obs.status, obs.status),
        "value": obs.value if isinstance(obs.value, (int, float)) else None,
        "text": text,
        "category": dim.label(obs.dimension(dim.id)).en if dim else "",
    }


def _status_legend(rows: list[Observation]) -> alt.Legend | None:
    statuses = {o.status for o in rows if o.status in VALUE_STATUSES}
    return alt.Legend(orient="bottom") if statuses - {"reported"} else None


# --- text alternatives --------------------------------------------------------------------


def _time_alt(ind: Indicator, facts: Facts, country: str) -> str:
    rows = _national(ind, country)
    years = sorted({o.period.start_year for o in rows if o.period.is_year})
    series = [s.label.en for s in ind.series if any(o.series == s.id for o in rows)]
    parts = [facts.summary]
    if years:
        parts.append(f"Bar chart of {ind.unit_label.en} per calendar year, {years[0]} to {years[-1]}, "
                     f"from {_and(series)}.")  # fmt: skip
        missing = [o.period.label() for o in rows if o.status == "not-available"]
        if missing:
            parts.append(f"No figure for {_and(missing)}.")
    others = [o.period.label() for o in sorted((o for o in rows if not o.period.is_year), key=lambda o: o.period)]
    if others:
        parts.append(f"A separate panel shows figures for other periods: {_and(others)}.")
    parts.append("The table below gives every number.")
    return " ".join(parts)


def _category_alt(ind: Indicator, facts: Facts, country: str) -> str:
    rows = [o for o in _national(ind, country) if o.value is not None]
    steps = "; ".join(f"{o.period.label()}: {ind.category_label(str(o.value)).en}" for o in rows)
    return f"{facts.summary} Step chart of {ind.title.en.lower()} by edition: {steps}."


def _breakdown_alt(ind: Indicator, dim: Dimension, rows: list[Observation], title: str, k: int) -> str:
    parts = [f"{dim.label(o.dimension(dim.id)).en}: {_row(ind, o, k)['text']}" for o in rows]
    return f"Bar chart: {title}. {'; '.join(parts)}."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _render(chart_id: str, title: str, chart: alt.TopLevelMixin, alt_text: str) -> Chart:
    spec = chart.properties(description=alt_text).to_dict()
    spec = json.loads(json.dumps(spec, sort_keys=True))
    return Chart(chart_id, title, spec, render_svg(spec), alt_text)


@cache
def _register_fonts() -> None:
    import fontpkg_noto_sans_khmer

    vl_convert.register_font_directory(str(Path(fontpkg_noto_sans_khmer.__file__).parent / "files"))
