"""The pieces the chart builders (scripts/chartkinds.py) compose: the palette and the sizes the two
layouts are drawn for, legends, tooltips, the encodings every panel over time shares, bars with
their values, gaps, event marks and the panel of other periods.

Tooltips, the marks' ARIA descriptions and the phone legends' labels are Vega expressions written
here, with every text in them a string literal from scripts/escape.py's vega_string: Vega-Lite
would splice titles into its own expressions with only their quotes escaped, so a line break or a
backslash in a label from data/ would break the chart or change the expression.

Altair the cheap way (a cold build draws every chart): each layer starts from `view`, whose copies
share its parts; an encoding is given as its channel (alt.Text("text:N"), alt.XDatum(0)), never as
a string or a dict, which Altair would match against every class of its schema; a chart's size
and shared scales are given to alt.layer, alt.hconcat or alt.vconcat as it is made, never set
afterwards with .properties or .resolve_scale, which make the whole chart again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt

from scripts.escape import vega_string
from scripts.i18n import Locale
from scripts.model import Indicator

# Okabe-Ito: distinguishable with every common colour-vision deficiency, and at least 3:1
# against both the light and the dark page background.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00")
TEXT = "#1d2733"
MUTED = "#5b6673"
GRID = "#dde3ea"
# How a figure's status is drawn: a reported count is solid; the rest are paler.
STATUS_OPACITY = {"reported": 1.0, "derived": 0.5, "estimate": 0.5}
KHMER = re.compile("[\u1780-\u17ff]")
# Widths the two layouts are drawn for, so that the SVG shows at its own size (text as set here,
# never scaled below 11 px): the desktop content column, and a 360 px phone less the page margins.
DESKTOP_WIDTH = 660
PHONE_WIDTH = 320
PHONE_BAR = 16  # the height of one bar on a phone
Layers = list[alt.Chart]
# A panel of a chart over time: what alt.layer returns (a facet chart only when all its layers
# share a facet encoding, which ours never do).
Panel = alt.LayerChart | alt.FacetChart


@dataclass(frozen=True)
class Frame:
    """What every panel of a chart over time shares: the series and their colours, the statuses and
    their opacity, the value axis, the tooltip, and the room the layout leaves for the bars."""

    narrow: bool
    series: list[str]
    colours: alt.Scale
    legend: alt.Legend | None
    colour: alt.Color
    opacity: alt.Opacity
    value: Any  # alt.X on a phone (bars across), alt.Y on desktop
    tooltip: dict[str, Any]
    room: int  # on a phone, what the longest period label leaves of the width, less room for the values
    stacked: bool  # the panels one above the other, not side by side
    money: bool = False  # amounts of money, whose values written above the bars are wider than counts

    @property
    def along(self) -> Any:
        """The channel periods are placed along: down a phone, across the desktop."""
        return alt.Y if self.narrow else alt.X

    @property
    def beside(self) -> dict[str, Any]:
        """A value beside its bar on a phone, above it on desktop."""
        return {"align": "left", "dx": 4, "baseline": "middle"} if self.narrow else {"dy": -4, "baseline": "bottom"}

    def offset(self, series: int) -> Any:
        """Series side by side within a period, never added, where a panel draws more than one."""
        if series < 2:
            return alt.Undefined
        return (alt.YOffset if self.narrow else alt.XOffset)("series:N", sort=self.series)

    @classmethod
    def of(cls, ind: Indicator, rows: list[dict[str, Any]], loc: Locale, narrow: bool) -> Frame:
        """The shared encodings of a chart over time, and whether its panels fit side by side."""
        series = list(dict.fromkeys(r["series"] for r in rows))
        colours = alt.Scale(domain=series, range=list(SERIES_COLOURS[: len(series)]))
        legend = _legend(series, narrow) if len(series) > 1 else None
        years = [r for r in rows if r["kind"] == "year"]
        others = [r for r in rows if r["kind"] != "year"]
        year_count = max(int(r["period"]) for r in years) - min(int(r["period"]) for r in years) + 1 if years else 0
        # The panels side by side on desktop when they fit the column (axes, slanted labels, legend
        # ~140 px), else one above the other.
        desktop = year_count * year_width(len(series)) + 58 * len({r["label"] for r in others}) + 28 + 140
        room = max(PHONE_WIDTH - 60 - loc.char_width * max(len(r["label"]) for r in rows), 120)
        return cls(
            narrow=narrow,
            series=series,
            colours=colours,
            legend=legend,
            colour=alt.Color("series:N", title=None, scale=colours, legend=legend),
            opacity=_status_opacity(rows, loc, narrow),
            value=value_axis(alt.X if narrow else alt.Y, ind, loc, narrow),
            tooltip=tooltip(
                (loc.t("chart.period"), "words" if any("words" in r for r in rows) else "label"),
                (loc.t("chart.value"), "text"),
                (loc.t("chart.reported_by"), "series"),
                (loc.t("chart.status"), "status"),
            ),  # fmt: skip
            room=room,
            stacked=narrow or (bool(years) and bool(others) and desktop > DESKTOP_WIDTH),
            money=ind.unit == "currency",
        )


def year_width(series: int) -> int:
    """The width of one calendar year on desktop: one bar, or the series' bars side by side."""
    return 44 if series == 1 else 21 * series + 6


def value_axis(channel: Any, ind: Indicator, loc: Locale, narrow: bool) -> Any:
    """The axis of the values, in whole numbers, titled with the indicator's unit; fewer ticks on a phone.

    Money is titled with its currency's name and code (US dollars, USD): an indicator has one currency,
    so an axis never mixes two; a percentage of a named base is titled with its base."""
    axis = alt.Axis(format=",d", tickMinStep=1, tickCount=4 if narrow else alt.Undefined)
    title = loc.text(ind.unit_label)
    if ind.unit == "currency":
        title = f"{loc.currency_name(ind.currency)} ({ind.currency})"
    elif ind.percent_of.default:
        title = loc.t("percent_of", value="%", base=loc.text(ind.percent_of))
    return channel("value:Q", title=_capital(title), axis=axis)


def bars(f: Frame, base: alt.Chart, x: Any, offset: Any, style: dict[str, Any], colour: dict[str, Any]) -> Layers:
    """Bars of each series side by side, and each value written beside (phone) or above (desktop) its bar."""
    at_value = alt.X("value:Q") if f.narrow else alt.Y("value:Q")
    return [
        base.mark_bar(**style, **f.tooltip).encode(**{_key(x): x, _key(f.value): f.value}, **_offset(offset), **colour),
        base.mark_text(aria=False, **f.beside).encode(
            **{_key(x): x, _key(at_value): at_value}, **_offset(offset), text=alt.Text("text:N")
        ),
    ]


def gap_labels(f: Frame, x: Any, rows: list[dict[str, Any]]) -> alt.Chart:
    """The "n/a" (or "fewer than k") at zero of each year without a figure drawn: a gap stays visible."""
    zero = {"x": alt.XDatum(0)} if f.narrow else {"y": alt.YDatum(0)}
    labels: alt.Chart = (  # typed here: mark_text returns the chart, but Altair's typing loses it (see inline)
        view(rows)
        .mark_text(color=MUTED, aria=False, **(f.beside if f.narrow else {"baseline": "bottom", "dy": -2}))
        .encode(**{_key(x): x}, **zero, text=alt.Text("text:N"))
    )
    return labels


def event_marks(f: Frame, events: list[dict[str, Any]], axis_years: list[str], loc: Locale) -> Layers:
    """Each event a dashed rule at the start of its year with its number; the list below the chart
    gives the date and the whole title."""
    marks = view(events)
    event_tooltip = tooltip((loc.t("chart.date"), "date"), (loc.t("chart.event"), "title"))
    at = year_axis(f, axis_years, bandPosition=0)
    rule = marks.mark_rule(color=MUTED, strokeDash=[3, 3], **event_tooltip).encode(**{_key(at): at})
    if f.narrow:
        number = marks.mark_text(align="right", baseline="bottom", dy=-1, color=MUTED, aria=False).encode(
            y=at, x=alt.XValue(f.room), text=alt.Text("number:N"))  # type: ignore[no-untyped-call]  # fmt: skip
    else:
        number = marks.mark_text(align="left", baseline="top", dx=3, color=MUTED, aria=False).encode(
            x=at, y=alt.Y("line:Q", scale=None), text=alt.Text("number:N"))  # fmt: skip
    return [rule, number]


def year_axis(f: Frame, axis_years: list[str], **extra: Any) -> Any:
    """Every calendar year from the first to the last, in order, whether it has a figure or not."""
    return f.along("label:N", title=None, sort=axis_years, scale=alt.Scale(domain=axis_years, paddingInner=0.3),
                   **extra)  # fmt: skip


def other_periods_panel(f: Frame, others: list[dict[str, Any]], loc: Locale) -> Panel:
    """Partial periods and multi-year totals in a panel of their own, never as if they were calendar
    years: outlined bars in date order."""
    order = [r["label"] for r in sorted(others, key=lambda r: r["order"])]
    slanted = alt.Axis() if f.narrow else alt.Axis(labelAngle=-30, labelAlign="right")
    x = f.along("label:N", title=None, sort=order, axis=slanted)
    base = view(others, title=alt.Title(loc.t("chart.other_periods")))
    stroke = alt.Stroke("series:N", title=None, scale=f.colours, legend=f.legend)
    outlined = {"fillOpacity": 0.3, "strokeWidth": 1.5, "strokeDash": [4, 2]}
    series = len({r["series"] for r in others})
    layers = bars(f, base, x, f.offset(series), outlined, {"color": f.colour, "stroke": stroke})
    if f.narrow:
        size = {"width": f.room, "height": len(order) * (PHONE_BAR * series + 6)}
    else:
        size = {"width": 58 * len(order), "height": 160 if f.stacked else 240}
    return alt.layer(*layers, **size)


def arrange(f: Frame, panels: list[Panel]) -> alt.TopLevelMixin:
    """One panel alone; else side by side sharing the value axis, or stacked, each its own (a shared
    one would not line up)."""
    if len(panels) == 1:
        return panels[0]
    if not f.stacked:
        return alt.hconcat(*panels, spacing=28, resolve=_scales(y="shared"))
    return alt.vconcat(*panels, spacing=24, resolve=_scales(x="shared") if f.narrow else _scales(y="independent"))


def view(rows: list[dict[str, Any]], **properties: Any) -> alt.Chart:
    """One view of the rows (Vega-Lite's unit spec), to give a mark and encodings: a layer of a chart."""
    return _View(inline(rows), **properties)


class _View(alt.Chart):
    """A view whose copies share its parts. Altair copies a view deeply, every option of every part,
    before it changes it, so that the view given stays as it was: as it layers the view (moving its
    data and size up to the layer) and as it writes the spec. It only ever changes the copy's own
    properties, never a part (the mark, an encoding, the rows), so a copy that shares the parts
    keeps the view as it was too, at a fraction of the cost: copying was most of a chart's time."""

    def __deepcopy__(self, memo: object = None) -> _View:
        return self.copy(deep=False)


def inline(rows: list[dict[str, Any]]) -> alt.Data:
    """The rows a chart draws, written into its spec as `data.values` (alt.InlineData would name the
    dataset and move the rows to the spec's top level, changing every rendered chart).

    Altair's typing is partial: alt.Data's constructor has no annotations, and the methods that
    copy a signature (mark_*) return Any where they return the chart itself."""
    return _Rows(values=rows)  # type: ignore[no-untyped-call]  # generated without annotations


class _Rows(alt.Data):
    """Data that every copy of a chart shares. Altair deep-copies each chart it layers or
    concatenates, rows and all (most of the time a chart took to build); the rows a chart draws
    are never changed once it is built, so a copy may hold the same ones."""

    def __deepcopy__(self, memo: object = None) -> _Rows:
        return self

    def to_dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The rows as they are: plain JSON values already, which Altair would check one by one."""
        return {"values": self.values}


def tooltip(*fields: tuple[str, str]) -> dict[str, Any]:
    """A mark's tooltip and ARIA description, as Vega expressions of (title, datum field) pairs."""
    pairs = [(vega_string(title), f"datum[{vega_string(name)}]") for title, name in fields]
    shown = "{" + ", ".join(f"{title}: {value}" for title, value in pairs) + "}"
    description = ' + "; " + '.join(f'{title} + ": " + {value}' for title, value in pairs)
    return {"tooltip": {"expr": shown}, "description": {"expr": description}}


def _status_opacity(rows: list[dict[str, Any]], loc: Locale, narrow: bool) -> alt.Opacity:
    """Derived values and estimates paler than reported ones, with a legend only when the chart has any."""
    codes = sorted(
        {r["status_code"] for r in rows if r["status_code"] in STATUS_OPACITY}, key=list(STATUS_OPACITY).index
    )
    statuses = [loc.t(f"chart.status.{c.capitalize()}") for c in codes]
    return alt.Opacity(
        "status:O", title=loc.t("chart.status"), sort=statuses,
        scale=alt.Scale(type="ordinal", domain=statuses, range=[STATUS_OPACITY[c] for c in codes]),
        legend=_legend(statuses, narrow) if set(codes) - {"reported"} else None,
    )  # fmt: skip


def _scales(**shared: Literal["shared", "independent"]) -> alt.Resolve:
    """Which scales the panels of a chart share, given to the chart as it is made (resolve_scale
    would make the whole chart again)."""
    return alt.Resolve(scale=alt.ScaleResolveMap(**shared))


def _key(channel: Any) -> str:
    """The encoding name of a channel object: alt.X("…") -> "x"."""
    name = type(channel).__name__
    return name[0].lower() + name[1:]


def _offset(offset: Any) -> dict[str, Any]:
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
    from scripts.wordbreaks import ZWSP, segment

    pieces = [p for p in re.split(r"( )", text) if p]
    pieces = [w for p in pieces for w in re.split(f"(?<={ZWSP})", segment(p) if KHMER.search(p) else p)]
    lines = [""]
    for piece in (p.replace(ZWSP, "") for p in pieces):
        if lines[-1].strip() and len(lines[-1]) + len(piece.rstrip()) > width:
            lines.append("")
        lines[-1] += piece if lines[-1] or piece != " " else ""
    return [line.strip() for line in lines if line.strip()]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
