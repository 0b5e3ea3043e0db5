"""Charts: every indicator renders, periods are drawn as what they are, specs are stable."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from scripts.build import check
from scripts.chartkinds import KINDS
from scripts.chartparts import DESKTOP_WIDTH, PHONE_WIDTH
from scripts.charts import charts
from scripts.compute import compute
from scripts.i18n import locale
from scripts.model import CHART_UNITS, UNITS, Dimension, DimensionValue, Text
from scripts.schema import schema
from tests.conftest import DATA


@pytest.fixture(scope="module")
def rendered():
    data = check(DATA)
    facts = compute(data)
    return {ind.id: charts(ind, facts[ind.id], data.site, data.events) for ind in data.indicators}


def test_every_published_indicator_renders_an_svg(rendered) -> None:
    failed = [i for i, cs in rendered.items() if i != "ringleaders-arrested" and not any("<svg" in c.svg for c in cs)]
    assert failed == []


def test_no_chart_draws_an_undefined_number(rendered) -> None:
    """A one-status chart once drew every bar with opacity NaN (a point scale of one value)."""
    broken = [c.id for cs in rendered.values() for c in cs if "NaN" in c.svg]
    assert broken == []


def test_partial_periods_and_totals_are_drawn_apart_from_years(rendered) -> None:
    spec = rendered["victims-rescued"][0].spec
    years = {row["period"] for row in _values(spec, 0)}
    others = {row["period"] for row in _values(spec, 1)}
    assert "2017/2018" not in years and "2017/2018" in others
    assert "2018-01/2018-10" in others
    assert {"2016", "2017", "2019", "2021", "2024"} <= years


def test_series_are_side_by_side_never_added(rendered) -> None:
    rows = _values(rendered["cases-cracked-down"][0].spec, 0)
    in_2017 = sorted(r["value"] for r in rows if r["period"] == "2017")
    assert in_2017 == [151, 159]
    assert len({r["series"] for r in rows if r["period"] == "2017"}) == 2


def test_missing_year_is_a_visible_gap(rendered) -> None:
    rows = _values(rendered["cases-cracked-down"][0].spec, 0)
    gap = [r for r in rows if r["period"] == "2022"]
    assert gap == [dict(gap[0], value=None, text="n/a")]


def test_a_breakdown_chart_draws_only_rows_of_its_own_dimension() -> None:
    """With sex and age group both declared, the chart by age group leaves out the rows that
    are also split by sex: drawing both would count the same victims twice."""
    data = check(DATA)
    ind = next(i for i in data.indicators if i.id == "victims-rescued")
    sex = Dimension(
        "sex", Text("Sex"), (DimensionValue("female", Text("Female")), DimensionValue("male", Text("Male")))
    )
    by_age = [o for o in ind.observations if o.dimension("age_group")]
    latest = max(o.period for o in by_age)
    crossed = tuple(
        dataclasses.replace(o, dimensions=(*o.dimensions, ("sex", s)), value=1000 + n)
        for n, (o, s) in enumerate((o, s) for o in by_age if o.period == latest for s in ("female", "male"))
    )
    two = dataclasses.replace(ind, dimensions=(*ind.dimensions, sex), observations=ind.observations + crossed)
    [by_age_chart] = [
        c for c in charts(two, compute(data)[ind.id], data.site, data.events) if c.id.endswith("age-group")
    ]
    assert by_age_chart.rows and all(not isinstance(r["value"], int) or r["value"] < 1000 for r in by_age_chart.rows)


def test_suppressed_breakdown_shows_a_marker_not_a_number(rendered) -> None:
    by_country = next(c for c in rendered["victims-rescued-abroad"] if c.id.endswith("destination"))
    hidden = [r for r in by_country.rows if r["value"] is None]
    assert {r["category"] for r in hidden} == {"Japan", "Singapore", "Saudi Arabia"}
    assert {r["text"] for r in hidden} == {"fewer than 10"}
    assert "fewer than 10" in by_country.svg


def test_text_alternative_says_what_the_chart_shows(rendered) -> None:
    alt_text = rendered["cases-cracked-down"][0].alt
    assert alt_text.startswith("197 cases in 2024, 33 more than in 2023.")
    assert "No figure for 2022." in alt_text


@pytest.mark.parametrize(
    ("indicator", "chart", "kind"),
    [
        ("cases-cracked-down", 0, "years, partial periods, two series, a gap, events"),
        ("victims-rescued", 0, "a multi-year total and partial periods"),
        ("tip-tier", 0, "categorical steps"),
        ("victims-rescued-abroad", 1, "a breakdown with suppressed cells"),
        ("convictions-tip", 0, "a lower bound"),
    ],
)
def test_every_chart_kind_matches_golden(rendered, golden, indicator: str, chart: int, kind: str) -> None:
    found = rendered[indicator][chart]
    golden(f"{found.id}.vl.json", json.dumps(found.spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def test_the_phone_layout_matches_golden(rendered, golden) -> None:
    """Stacked panels, horizontal bars, fewer ticks, legends in one column below."""
    found = rendered["cases-cracked-down"][0]
    golden(
        f"{found.id}.phone.vl.json", json.dumps(found.phone_spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    )


def test_every_chart_fits_a_phone_and_the_desktop_column_at_its_own_size(rendered) -> None:
    """Shown at its own size (never scaled down), every text stays as large as drawn."""
    for chart in (c for cs in rendered.values() for c in cs):
        assert _width(chart.phone_svg) <= PHONE_WIDTH + 8, chart.id  # a 360 px phone's column: 328 px
        assert _width(chart.svg) <= DESKTOP_WIDTH + 30, chart.id  # Material's column at 1280 px: 688 px


@pytest.mark.parametrize(("lang", "smallest"), [("en", 11), ("km", 12)])
def test_chart_text_is_at_least_11_px_and_12_px_in_khmer(lang: str, smallest: int) -> None:
    data = check(DATA)
    facts = compute(data)
    loc = locale(lang, lang in data.site.native_digits)
    for ind in data.indicators:
        for chart in charts(ind, facts[ind.id], data.site, data.events, loc):
            sizes = [
                float(s) for svg in (chart.svg, chart.phone_svg) for s in re.findall(r'font-size="([\d.]+)px"', svg)
            ]
            assert sizes and min(sizes) >= smallest, (chart.id, min(sizes))


def test_event_annotations_are_numbered_on_the_chart_and_listed_whole(rendered) -> None:
    chart = rendered["cases-cracked-down"][0]
    titles = [e["title"] for e in chart.events]
    assert "Nationwide crackdown on online-scam compounds starts" in titles
    assert [e["number"] for e in chart.events] == [str(i + 1) for i in range(len(titles))]
    assert "…" not in chart.svg and "…" not in chart.phone_svg


def test_the_phone_layout_draws_bars_across(rendered) -> None:
    spec = rendered["cases-cracked-down"][0].phone_spec
    years = spec["vconcat"][0]
    bars = next(layer for layer in years["layer"] if _mark(layer) == "bar")
    assert bars["encoding"]["x"]["field"] == "value" and bars["encoding"]["y"]["field"] == "label"
    tier = rendered["tip-tier"][0].phone_spec
    ticks = next(layer for layer in tier["layer"])["encoding"]["x"]["axis"]["values"]
    assert ticks[-1] == "2024"  # fewer ticks, the latest always labelled


def _width(svg: str) -> float:
    return float(re.search(r'<svg[^>]* width="([\d.]+)"', svg)[1])


def test_a_khmer_chart_matches_golden(golden) -> None:
    """Khmer labels, month names and numbers in the spec, as the Khmer page draws it."""
    data = check(DATA)
    ind = next(i for i in data.indicators if i.id == "cases-cracked-down")
    [chart, *_] = charts(ind, compute(data)[ind.id], data.site, data.events, locale("km"))
    golden(f"{chart.id}.km.vl.json", json.dumps(chart.spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _values(spec: dict, panel: int) -> list[dict]:
    """The data drawn as bars in one panel of a chart."""
    panels = spec.get("hconcat") or spec.get("vconcat")
    view = panels[panel] if panels else spec
    bars = next(layer for layer in view["layer"] if _mark(layer) == "bar")
    return (bars.get("data") or view["data"])["values"]


def _mark(layer: dict) -> str:
    mark = layer.get("mark", "")
    return mark["type"] if isinstance(mark, dict) else mark


def test_line_preference_draws_lines_that_break_at_missing_years() -> None:
    from dataclasses import replace

    data = check(DATA)
    ind = replace(next(i for i in data.indicators if i.id == "victims-rescued"), chart="line")
    spec = charts(ind, compute(data)[ind.id], data.site, data.events)[0].spec
    panel = (spec.get("hconcat") or spec["vconcat"])[0]
    line = next(layer for layer in panel["layer"] if _mark(layer) == "line")
    assert line["mark"]["invalid"] == "break-paths-filter-domains"
    gaps = {r["label"] for r in line["data"]["values"] if r["value"] is None}
    assert {"2018", "2020", "2022", "2023"} <= gaps
    assert not any(_mark(layer) == "bar" for layer in panel["layer"])


def test_every_chart_kind_has_a_builder_and_editors_may_name_it() -> None:
    assert set(KINDS) == set(CHART_UNITS)
    assert schema("indicator")["properties"]["chart"]["enum"] == list(CHART_UNITS)


def test_every_unit_editors_may_name_is_drawn_by_some_chart() -> None:
    """Money too: an amount is drawn as bars or a line, titled with its currency."""
    assert schema("indicator")["properties"]["unit"]["enum"] == list(UNITS)
    assert set(UNITS) == {unit for units in CHART_UNITS.values() for unit in units}


@pytest.mark.parametrize(
    ("indicator", "kind", "mark"),
    [("victims-rescued", "line", "line"), ("victims-rescued", "bar", "bar"), ("tip-tier", "step", "line")],
)
def test_the_chart_key_chooses_the_builder(indicator: str, kind: str, mark: str) -> None:
    """The indicator's `chart` key, not its unit, chooses how its values over time are drawn."""
    data = check(DATA)
    ind = dataclasses.replace(next(i for i in data.indicators if i.id == indicator), chart=kind)
    spec = charts(ind, compute(data)[ind.id], data.site, data.events)[0].spec
    view = (spec.get("hconcat") or spec.get("vconcat") or [spec])[0]
    drawn = {_mark(layer): layer["mark"] for layer in view["layer"]}
    assert mark in drawn
    assert (drawn[mark].get("interpolate") == "step") == (kind == "step")
    assert ("bar" in drawn) == (kind == "bar")


def test_a_charts_png_is_the_picture_vl_convert_draws_from_its_spec(rendered) -> None:
    """PNG downloads are rasterised from the chart's SVG rather than drawn again from the spec:
    the same bytes, or the download would differ from what vl-convert makes of the chart."""
    import vl_convert

    from scripts.charts import PNG_SCALE, VEGA_LITE, render_png, warm_up

    warm_up()  # the site's fonts registered with vl-convert, as for any render
    chart = next(c for cs in rendered.values() for c in cs if c.id == "cases-cracked-down")
    assert render_png(chart.spec) == vl_convert.vegalite_to_png(chart.spec, vl_version=VEGA_LITE, scale=PNG_SCALE)


def test_pngs_the_cache_lacks_are_rasterised_apart_as_one_process_would(rendered, tmp_path, monkeypatch) -> None:
    """Many PNGs to make are rasterised by a process apart (the rasteriser holds Python's lock):
    the same bytes as render_png's, in the specs' order, and kept in the cache for the next build."""
    from scripts import cache
    from scripts.charts import PNG_SCALE, PNGS_APART_FROM, _renderer, render_png, render_pngs

    specs = [c.spec for cs in rendered.values() for c in cs][:PNGS_APART_FROM]
    assert len(specs) == PNGS_APART_FROM
    monkeypatch.setenv("CTIP_CACHE", str(tmp_path / "cache"))
    apart = render_pngs(specs)
    stored = [cache.get("png", cache.key("png", spec, _renderer(), PNG_SCALE)) for spec in specs]
    monkeypatch.setenv("CTIP_CACHE", "off")
    assert apart == stored == [render_png(spec) for spec in specs]
    assert len(set(apart)) == len(apart)  # each its own chart


@pytest.fixture(scope="module")
def vega_lite():
    """A spec's first error against the Vega-Lite schema Altair writes specs for, or None."""
    import jsonschema
    from altair.vegalite.v6.schema.core import load_schema
    from jsonschema.exceptions import best_match

    definitions = load_schema()["definitions"]
    # Each kind of spec checked against its own definition, for errors that say where (the schema's
    # root accepts any one of them, and would only say that none fits).
    kinds = {"vconcat": "VConcat", "hconcat": "HConcat", "concat": "Concat", "layer": "Layer", "facet": "Facet",
             "repeat": "Repeat", "mark": "Unit"}  # fmt: skip
    validators = {
        key: jsonschema.Draft7Validator({"$ref": f"#/definitions/TopLevel{name}Spec", "definitions": definitions})
        for key, name in kinds.items()
    }
    return lambda spec: best_match(validators[next(k for k in kinds if k in spec)].iter_errors(spec))


@pytest.mark.parametrize("folder", ["cambodia", "kestria", "fiscal", "grouped", "synthetic"])
def test_every_chart_spec_of_the_fixture_sites_is_valid_vega_lite(
    vega_lite, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build leaves Altair's checks off (they were most of a cold build's chart time): a spec
    Vega-Lite would refuse, or read differently, fails here instead, named with where it is wrong."""
    import scripts.chartdraw
    from scripts.i18n import site_locales
    from tests.conftest import FIXTURES

    monkeypatch.setattr(scripts.chartdraw, "render_svg", lambda spec: "")  # the specs alone, not their pictures
    data = check(FIXTURES / folder)
    facts = compute(data)
    wrong, checked = [], 0
    for loc in site_locales(data.site):
        for ind in data.indicators:
            for chart in json.loads(scripts.chartdraw.drawn(ind, facts[ind.id], data.site, data.events, loc)):
                for layout in ("spec", "phone_spec"):
                    spec = json.loads(json.dumps(chart[layout]))
                    # The phone's legends, one above the other: a Vega legend layout, which Vega-Lite
                    # hands on to Vega as it is though its schema types the key as an expression.
                    legend = spec.get("config", {}).get("legend", {})
                    if layout == "phone_spec" and set(legend.get("layout", {})) == {"bottom"}:
                        del legend["layout"]
                    error = vega_lite(spec)  # the deepest of its errors, if any
                    if error:
                        wrong.append(f"{loc.lang} {chart['id']} {layout} at {error.json_path}: {error.message[:160]}")
                    checked += 1
    assert checked and wrong == []


def test_a_view_stays_as_it_was_when_altair_layers_concatenates_and_writes_it() -> None:
    """A view's copies share its parts (chartparts.view: Altair's deep copies were most of a chart's
    time), which is safe only while Altair changes nothing but a copy's own properties."""
    import altair as alt

    from scripts.chartparts import view

    rows = [{"label": "2018", "value": 134}, {"label": "2019", "value": None}]
    base = view(rows, title=alt.Title("Cases"))
    bars = base.mark_bar().encode(x=alt.X("label:N"), y=alt.Y("value:Q"))
    labels = base.mark_text(dy=-4).encode(x=alt.X("label:N"), y=alt.Y("value:Q"), text=alt.Text("value:Q"))
    other = view(rows).mark_bar().encode(x=alt.X("label:N"))

    def written() -> list[str]:
        return [json.dumps(c.to_dict(validate=False), sort_keys=True) for c in (bars, labels, other)]

    before = written()
    panel = alt.layer(bars, labels, width=88, height=240)  # the rows and the size move up to the layer
    spec = alt.vconcat(panel, alt.layer(other, width=58), resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="shared")))
    found = spec.to_dict(validate=False)
    assert written() == before
    assert found["vconcat"][0]["data"] == {"values": rows} and "data" not in found["vconcat"][0]["layer"][0]
    assert found["vconcat"][0]["width"] == 88 and "width" not in found["vconcat"][0]["layer"][1]
