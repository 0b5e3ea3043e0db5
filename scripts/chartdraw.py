"""What each chart draws: Vega-Lite specs built with Altair, the site's one theme, and their SVG.

scripts/charts.py imports this module only for a chart its cache does not hold: Altair alone
takes about a second to import, which a warm build never needs. One theme holds every colour
and font. Each indicator's values over time are drawn by the builder its `chart` key names
(scripts/chartkinds.py), each breakdown by the breakdown builder; they compose the pieces in
scripts/chartparts.py. This module chooses what each chart draws, then finishes every spec
(text alternative, the language's numbers and sizes) and renders it.

Partial periods and multi-year totals are drawn in their own panel, never as if they were
calendar years; a year with no figure stays a visible gap; bounds, estimates and derived values
are marked and the marks explained in the legend.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from functools import cache
from typing import Any

import altair as alt
from altair.utils.schemapi import disable_debug_mode

from scripts.chartkinds import KINDS, breakdown_chart, describe_breakdown
from scripts.chartparts import GRID, MUTED, SERIES_COLOURS, STATUS_OPACITY, TEXT
from scripts.charts import Chart, render_svg
from scripts.compute import Facts, format_amount, format_value
from scripts.fonts import chart_font
from scripts.i18n import Locale
from scripts.model import VALUE_STATUSES, Dimension, Event, Indicator, Observation, Site

FONT = chart_font(())  # Latin; a site whose languages need a script's face names it too (Locale.site_scripts)
BOUND_SIGNS = {"at-least": "≥", "more-than": ">", "approx": "~", "": ""}
TEXT_SIZE = 12  # bar values, axis and legend labels; some scripts larger (Locale.chart_text_bonus)


def drawn(ind: Indicator, facts: Facts, site: Site, events: tuple[Event, ...], loc: Locale) -> str:
    """The charts of one indicator page as JSON (what scripts/charts.py caches), drawn with Altair."""
    _enable_theme()
    national = [o for o in ind.observations if o.geography == site.country_code and not o.is_breakdown]
    summary = facts.summaries.get(loc.lang, facts.summary)
    drawn = [_over_time(ind, national, summary, site.disclosure_threshold, events, loc)]
    drawn += [_breakdown(ind, dim, site, loc) for dim in ind.dimensions]
    # Each chart's fields as they are (asdict would copy every row and spec first, only to be written).
    return json.dumps([{f.name: getattr(chart, f.name) for f in fields(chart)} for chart in drawn if chart],
                      ensure_ascii=False)  # fmt: skip


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


# --- the charts of a page -----------------------------------------------------------------


def _over_time(
    ind: Indicator, national: list[Observation], summary: str, k: int, events: tuple[Event, ...], loc: Locale
) -> Chart | None:
    """The indicator's national figures over time, drawn by the builder its `chart` key names; none
    when no period has a figure."""
    if not any(o.status in VALUE_STATUSES for o in national):
        return None
    kind = KINDS[ind.chart]
    shown = [o for o in national if kind.calendar or o.value is not None]
    rows = [_row(ind, o, k, loc) for o in shown]
    marked = _events_within(rows, _event_rows(events, loc), loc) if kind.calendar else []
    layouts = [kind.build(ind, rows, marked, loc, narrow) for narrow in (False, True)]
    alt_text = kind.describe(ind, summary, rows, loc)
    return _render(ind.id, loc.text(ind.title), layouts, alt_text, rows, loc, _sources(shown), tuple(marked))


def _breakdown(ind: Indicator, dim: Dimension, site: Site, loc: Locale) -> Chart | None:
    """The latest national breakdown by one dimension with at least two groups (one group alone is
    not a breakdown)."""
    groups: dict[tuple[Any, ...], list[Observation]] = {}
    # Only rows broken down by this dimension alone: a row that also names another
    # dimension's group is a part of a part, and drawing it too would count people twice.
    others = [d.id for d in ind.dimensions if d.id != dim.id]
    for o in ind.observations:
        if o.dimension(dim.id) and o.geography == site.country_code and not any(o.dimension(d) for d in others):
            groups.setdefault((o.period, o.series), []).append(o)
    complete = [(key, parts) for key, parts in groups.items() if len(parts) >= 2]
    if not complete:
        return None
    (latest, _), parts = max(complete, key=lambda item: item[0][0])
    rows = [_row(ind, o, site.disclosure_threshold, loc, dim) for o in parts]
    title = loc.t(
        "chart.by",
        title=loc.text(ind.title),
        dimension=loc.text(dim.title).lower(),
        period=loc.period(latest, ind.year_kind),
    )
    layouts = [breakdown_chart(ind, dim, rows, loc, narrow) for narrow in (False, True)]
    chart_id = f"{ind.id}-by-{dim.id.replace('_', '-')}"
    return _render(chart_id, title, layouts, describe_breakdown(rows, title, loc), rows, loc, _sources(parts))


def _events_within(rows: list[dict[str, Any]], events: list[dict[str, Any]], loc: Locale) -> list[dict[str, Any]]:
    """The events inside the calendar years a chart draws, numbered in date order."""
    years = [int(r["period"]) for r in rows if r["kind"] == "year"]
    if not years:
        return []
    inside = [e for e in events if min(years) <= e["year"] <= max(years)]
    return [dict(e, number=loc.number(i + 1), line=14 * i) for i, e in enumerate(inside)]


def _row(ind: Indicator, obs: Observation, k: int, loc: Locale, dim: Dimension | None = None) -> dict[str, Any]:
    """One chart datum: what is drawn, what the label and tooltip say, and the CSV row."""
    if obs.status == "suppressed":
        text = loc.t("fewer_than", k=loc.number(k))
    elif obs.status == "not-available":
        text = loc.t("chart.na")
    elif ind.unit == "category":
        text = format_value(ind, obs, loc)
    else:
        text = BOUND_SIGNS[obs.qualifier] + format_amount(ind, obs.value, loc)  # type: ignore[arg-type]
    # A twelve-month year is placed along its panel's axis by the years it spans (2023–24), the
    # panel's title saying what kind of year and which months; its words name it in full. Only
    # rows that need them carry these fields, so that no other chart's spec changes.
    extra: dict[str, Any] = {}
    if obs.period.is_twelve_month:
        extra = {"words": loc.period(obs.period, ind.year_kind), "year": obs.period.start_year,
                 "start_month": obs.period.start_month}  # fmt: skip
    if obs.covers:
        extra["covers"] = loc.period(obs.covers)
    return extra | {
        "period": obs.period.code(),
        "label": loc.twelve_month_years(obs.period) if obs.period.is_twelve_month else loc.period(obs.period),
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


def _event_rows(events: tuple[Event, ...], loc: Locale) -> list[dict[str, Any]]:
    """Dated events to mark on a time chart, placed in the calendar year they fall in."""
    return [
        {"label": loc.year(int(e.date[:4])), "year": int(e.date[:4]), "date": loc.digits(e.date),
         "title": loc.text(e.title)}
        for e in sorted(events, key=lambda e: e.date)
    ]  # fmt: skip


def _sources(observations: Iterable[Observation]) -> tuple[str, ...]:
    """The sources of the observations a chart draws, each once, in the order first drawn."""
    return tuple(dict.fromkeys(o.source for o in observations))


def _render(
    chart_id: str, title: str, layouts: list[alt.TopLevelMixin], alt_text: str, rows: list[dict[str, Any]], loc: Locale,
    sources: tuple[str, ...] = (), events: tuple[dict[str, Any], ...] = (),
) -> Chart:  # fmt: skip
    """The desktop and the phone layout of one chart, each as a spec and its static SVG."""
    spec, phone = (_spec(chart, alt_text, loc, narrow) for chart, narrow in zip(layouts, (False, True), strict=True))
    return Chart(
        chart_id, title, spec, render_svg(spec), alt_text, tuple(rows), sources, phone, render_svg(phone), events
    )


def _spec(chart: alt.TopLevelMixin, alt_text: str, loc: Locale, narrow: bool) -> dict[str, Any]:
    """The finished Vega-Lite spec of one layout: its text alternative and the language's settings.

    They are set in the spec Altair made, not with Altair's own methods (properties,
    configure_*), which copy the whole chart, data and all, on every call: most of a cold
    build's time in Altair. Altair merges its theme into the spec's config; these settings are
    merged into that config in the same way, key by key.
    """
    spec = chart.to_dict(validate=False)  # checked against the schema by the tests, every fixture chart
    spec["description"] = alt_text
    config = spec.setdefault("config", {})
    config["font"] = chart_font(loc.site_scripts)
    vega_locale = loc.vega_locale()
    if vega_locale:  # axis numbers in the language's own separators (and digits), as in the text
        config["locale"] = vega_locale
    if loc.chart_text_bonus:  # some scripts need a size more than Latin to read as well
        size = TEXT_SIZE + loc.chart_text_bonus
        config.setdefault("axis", {}).update(labelFontSize=size, titleFontSize=size)
        config.setdefault("text", {})["fontSize"] = size
        config.setdefault("title", {})["fontSize"] = size + 1
        config.setdefault("legend", {}).update(labelFontSize=size, titleFontSize=size)
    if narrow:  # legends below the chart one above the other, never side by side (wider than a phone)
        config.setdefault("legend", {})["layout"] = {"bottom": {"anchor": "start", "direction": "vertical"}}
    finished: dict[str, Any] = _one_line(json.loads(json.dumps(spec, sort_keys=True)))
    return finished


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


@cache
def _enable_theme() -> None:
    """Register and enable the site's theme, once, before the first spec is built; and turn off
    Altair's debug mode, which checks each piece of a chart against the schema as it is made (the
    tests check every finished spec: tests/test_charts.py)."""
    alt.theme.register("ctip", enable=True)(theme)
    disable_debug_mode()
