"""One builder per chart kind an indicator's `chart` key can name (scripts/model.py's CHART_UNITS),
chosen through KINDS, and the chart of a breakdown; each composes the pieces in scripts/chartparts.py.

A builder takes the indicator, the rows it draws, the events to mark, the language and whether to
lay the chart out for a phone, and returns the Altair chart; scripts/chartdraw.py renders it. To add
a kind: a builder here, its entry in KINDS, its units in CHART_UNITS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt

from scripts.chartparts import (
    MUTED,
    PHONE_BAR,
    PHONE_WIDTH,
    SERIES_COLOURS,
    Frame,
    Layers,
    Panel,
    arrange,
    bars,
    event_marks,
    gap_labels,
    other_periods_panel,
    tooltip,
    value_axis,
    view,
    year_axis,
    year_width,
)
from scripts.i18n import Locale
from scripts.model import Dimension, Indicator, Period

Rows = list[dict[str, Any]]
Builder = Callable[[Indicator, Rows, Rows, Locale, bool], alt.TopLevelMixin]
Describer = Callable[[Indicator, str, Rows, Locale], str]
YearMarks = Callable[[Frame, alt.Chart, Any, Rows, Rows], Layers]


@dataclass(frozen=True)
class ChartKind:
    """What an indicator's `chart` key names: the builder of its two layouts, the words that
    describe the chart to a reader who cannot see it, and what it is drawn along."""

    build: Builder
    describe: Describer
    # Along the calendar years: every period is drawn, a year with no figure a visible gap, and
    # dated events are marked. Otherwise along editions, only those with a value.
    calendar: bool


def bar_chart(ind: Indicator, rows: Rows, events: Rows, loc: Locale, narrow: bool = False) -> alt.TopLevelMixin:
    """Values over time as bars: vertical on desktop; on a phone horizontal (one row per period,
    every value written beside its bar), panels stacked, the legend in one column below."""
    return _over_time(ind, rows, events, loc, narrow, _year_bars)


def line_chart(ind: Indicator, rows: Rows, events: Rows, loc: Locale, narrow: bool = False) -> alt.TopLevelMixin:
    """Values over time as one line per series on desktop; on a phone as bar_chart draws them, one
    row per period. Other periods are bars in their own panel either way."""
    return _over_time(ind, rows, events, loc, narrow, _year_bars if narrow else _year_lines)


def step_chart(ind: Indicator, rows: Rows, events: Rows, loc: Locale, narrow: bool = False) -> alt.TopLevelMixin:
    """A category (a tier, a rating) by edition, as steps; no events are marked."""
    labels = [loc.text(c.label) for c in ind.categories]
    editions = [r["label"] for r in rows]
    # On a phone every other edition is labelled, counting back from the latest (always shown).
    ticks = editions[::-1][::2][::-1] if narrow and len(editions) > 6 else alt.Undefined
    x = alt.X("label:N", title=loc.t("chart.edition"), sort=editions, axis=alt.Axis(values=ticks))
    y = alt.Y("text:N", title=None, sort=labels, scale=alt.Scale(domain=labels))
    covered = [(loc.t("chart.covers"), "covers")] if any(r.get("covers") for r in rows) else []
    points_tooltip = tooltip((loc.t("chart.edition"), "label"), *covered, (loc.text(ind.title), "text"))
    base = view(rows)
    line = base.mark_line(interpolate="step", color=SERIES_COLOURS[0], strokeWidth=2, aria=False).encode(x=x, y=y)
    points = base.mark_point(filled=True, size=80, color=SERIES_COLOURS[0], **points_tooltip).encode(x=x, y=y)
    return alt.layer(line, points, width=PHONE_WIDTH - 130 if narrow else alt.Step(52), height=170)


def breakdown_chart(ind: Indicator, dim: Dimension, rows: Rows, loc: Locale, narrow: bool = False) -> alt.TopLevelMixin:
    """One period broken down by one dimension: a bar per group, a hidden value marked as such."""
    order = [loc.text(v.label) for v in dim.values if any(r["category"] == loc.text(v.label) for r in rows)]
    y = alt.Y("category:N", title=None, sort=order, axis=alt.Axis(labelLimit=110) if narrow else alt.Undefined)
    x = value_axis(alt.X, ind, loc, narrow)
    bars_tooltip = tooltip(
        (loc.text(dim.title), "category"), (loc.t("chart.value"), "text"), (loc.t("chart.status"), "status")
    )
    base = view(rows)
    group_bars = base.mark_bar(color=SERIES_COLOURS[0], **bars_tooltip).encode(y=y, x=x)
    labels = base.mark_text(align="left", dx=4, aria=False).encode(y=y, x=alt.X("value:Q"), text=alt.Text("text:N"))
    hidden = (
        base.transform_filter("datum.value === null")
        .mark_text(align="left", dx=4, color=MUTED, **bars_tooltip)
        .encode(y=y, x=alt.XDatum(0), text=alt.Text("text:N"))
    )
    width = PHONE_WIDTH - 170 if narrow else 420
    return alt.layer(group_bars, labels, hidden, width=width, height=alt.Step(24 if narrow else 22))


# --- text alternatives --------------------------------------------------------------------


def describe_over_time(ind: Indicator, summary: str, rows: Rows, loc: Locale) -> str:
    """The chart over time in words: the years drawn, those without a figure, other periods, paler marks."""
    years = sorted(int(r["period"]) for r in rows if r["kind"] == "year")
    series = list(dict.fromkeys(r["series"] for r in rows))
    parts = [summary]
    if years:
        first, last = loc.year(years[0]), loc.year(years[-1])
        parts.append(
            loc.t(
                f"alt.chart.{ind.chart}", unit=loc.text(ind.unit_label), first=first, last=last, series=loc.join(series)
            )
        )
        listed = {int(r["period"]) for r in rows if r["kind"] == "year" and r["value"] is not None}
        missing = [loc.year(y) for y in range(years[0], years[-1] + 1) if y not in listed]
        if missing:
            parts.append(loc.t("alt.missing", years=loc.join(missing)))
    others = [
        str(r.get("words", r["label"]))
        for r in sorted((r for r in rows if r["kind"] != "year"), key=lambda r: r["order"])
    ]
    if others:
        parts.append(loc.t("alt.others", periods=loc.join(list(dict.fromkeys(others)))))
    marked = [loc.t(f"status.{c}") for c in ("derived", "estimate") if any(r["status_code"] == c for r in rows)]
    if marked:
        parts.append(loc.t("alt.paler", statuses=loc.join(marked)))
    parts.append(loc.t("alt.table"))
    return " ".join(parts)


def describe_steps(ind: Indicator, summary: str, rows: Rows, loc: Locale) -> str:
    """The step chart in words: every edition and its category."""
    steps = "; ".join(f"{r['label']}: {r['text']}" for r in rows)
    return f"{summary} " + loc.t("alt.steps", title=loc.text(ind.title), steps=steps)


def describe_breakdown(rows: Rows, title: str, loc: Locale) -> str:
    """The breakdown in words: every group and its value."""
    return loc.t("alt.breakdown", title=title, parts="; ".join(f"{r['category']}: {r['text']}" for r in rows))


KINDS: dict[str, ChartKind] = {
    "bar": ChartKind(bar_chart, describe_over_time, calendar=True),
    "line": ChartKind(line_chart, describe_over_time, calendar=True),
    "step": ChartKind(step_chart, describe_steps, calendar=False),
}


# --- the panels over time -----------------------------------------------------------------


def _over_time(
    ind: Indicator, rows: Rows, events: Rows, loc: Locale, narrow: bool, marks: YearMarks
) -> alt.TopLevelMixin:
    """The calendar years drawn with `marks`, then each kind of twelve-month year (a fiscal year from
    April) along an axis of its own, then other periods in a panel of their own: a fiscal year is
    never placed on the axis of the calendar years, nor read against one."""
    if any("words" in r for r in rows):  # a tooltip names a fiscal year in full, and every other period as labelled
        for r in rows:
            r.setdefault("words", r["label"])
    f = Frame.of(ind, rows, loc, narrow)
    years = [r for r in rows if r["kind"] == "year"]
    twelve: dict[int, Rows] = {}
    for r in rows:
        if r["kind"] == "twelve-month":
            twelve.setdefault(r["start_month"], []).append(r)
    others = [r for r in rows if r["kind"] not in ("year", "twelve-month")]
    panels: list[Panel] = []
    if years:
        first, last = min(int(r["period"]) for r in years), max(int(r["period"]) for r in years)
        axis = [loc.year(y) for y in range(first, last + 1)]
        panels.append(_years_panel(f, years, events, loc, marks, axis, loc.t("chart.calendar_years")))
    for start, group in sorted(twelve.items()):
        first, last = min(r["year"] for r in group), max(r["year"] for r in group)
        axis = [loc.twelve_month_years(Period(y, start, y + 1, start - 1)) for y in range(first, last + 1)]
        title = loc.t(f"chart.twelve_months.{ind.year_kind or 'reporting-year'}",
                      first=loc.month(start, full=True), last=loc.month(start - 1, full=True))  # fmt: skip
        panels.append(_years_panel(f, group, [], loc, marks, axis, title))
    if others:
        panels.append(other_periods_panel(f, others, loc))
    return arrange(f, panels)


def _years_panel(
    f: Frame, years: Rows, events: Rows, loc: Locale, marks: YearMarks, axis_years: list[str], title: str
) -> Panel:
    """Every year of one kind (calendar, or fiscal from one month) from the first to the last: events, the
    figures, and a gap's "n/a"."""
    x = year_axis(f, axis_years)
    base = view(years, title=alt.Title(title))
    shown = {r["label"] for r in years}
    gaps = [{"label": y, "series": f.series[0], "value": None, "text": loc.t("chart.na")} for y in axis_years
            if y not in shown]  # fmt: skip
    layers = event_marks(f, events, axis_years, loc) if events else []
    layers += marks(f, base, x, years, gaps)
    layers.append(gap_labels(f, x, [r for r in years if r["value"] is None] + gaps))
    n = len(f.series)
    if f.narrow:
        size = {"width": f.room, "height": len(axis_years) * (PHONE_BAR * n + 6)}
    else:
        step = year_width(n)
        if f.money:  # an amount with its symbol and cents is wider than a count: room for it above its bar
            step = max(step, loc.char_width * max((len(r["text"]) for r in years if r["value"] is not None), default=0))
        size = {"width": len(axis_years) * step, "height": 240}
    return alt.layer(*layers, **size)


def _year_bars(f: Frame, base: alt.Chart, x: Any, years: Rows, gaps: Rows) -> Layers:
    """The series' bars side by side in each year, paler for derived values and estimates."""
    return bars(f, base, x, f.offset(len(f.series)), {}, {"color": f.colour, "opacity": f.opacity})


def _year_lines(f: Frame, base: alt.Chart, x: Any, years: Rows, gaps: Rows) -> Layers:
    """One line per series; a year with no figure breaks the line, never interpolated."""
    line_rows = years + [dict(g, series=s) for g in gaps for s in f.series]
    line = view(line_rows).mark_line(invalid="break-paths-filter-domains", strokeWidth=2, aria=False)
    return [
        line.encode(x=x, y=f.value, color=f.colour, detail=alt.Detail("series:N")),
        base.mark_point(filled=True, size=60, **f.tooltip).encode(x=x, y=f.value, color=f.colour, opacity=f.opacity),
        base.mark_text(dy=-8, baseline="bottom", aria=False).encode(
            x=x, y=alt.Y("value:Q"), text=alt.Text("text:N"), detail=alt.Detail("series:N")
        ),
    ]
