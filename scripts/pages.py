"""Markdown pages from Jinja2 templates, in every language of the site.

English pages are written as page.md and Khmer ones as page.km.md (mkdocs-static-i18n's
suffix structure), so both languages share URLs apart from the /km/ prefix. No text from
data/ can inject markup, script, a link or attributes into a page: every `{{ value }}` of a
template is escaped by scripts/escape.py's html_attr (HTML, and the Markdown that HTML text
inside a page would still start), `md` and `tr` escape Markdown, `url` re-writes an address,
and values given to a translated sentence are escaped before they fill it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import babel
import jinja2
from markupsafe import Markup, escape

from scripts.charts import Chart
from scripts.compute import Facts, format_value
from scripts.escape import html_attr, html_text, markdown_inline, script_json, url
from scripts.firstview import indicator_rows, province_rows
from scripts.i18n import Locale, locale
from scripts.model import VALUE_STATUSES, Dataset, Indicator, Observation, Province, Source, Text
from scripts.paths import TEMPLATES
from scripts.release import Release
from scripts.report import kind, mailto, page_link, row_link
from scripts.translations import Coverage

GENERATED = "<!-- Generated from data/ by scripts/build.py: edit the data, not this file. -->"


def pages(
    data: Dataset,
    facts: dict[str, Facts],
    charts: dict[str, dict[str, list[Chart]]],
    cov: Coverage,
    release: Release | None = None,
) -> dict[str, str]:
    """Every generated Markdown page, by its path under docs/, for every site language."""
    out = {}
    for lang in data.site.languages:
        loc = locale(lang, data.site.khmer_digits)
        suffix = "" if lang == data.site.languages[0] else f".{lang}"
        for path, text in _pages_in(data, facts, charts[lang], cov, loc, suffix, release).items():
            out[path.removesuffix(".md") + f"{suffix}.md"] = _stamp(text.strip())
    return out


def _pages_in(
    data: Dataset,
    facts: dict[str, Facts],
    charts: dict[str, list[Chart]],
    cov: Coverage,
    loc: Locale,
    suffix: str,
    release: Release | None,
) -> dict[str, str]:
    env = _environment(data, loc, suffix)
    context = {"site": data.site, "data": data, "facts": facts, "charts": charts, "release": release}
    pillars = _by_pillar(data, facts)
    out = {
        "index.md": env.get_template("home.md.j2").render(context, pillars=pillars),
        "indicators/index.md": env.get_template("indicators.md.j2").render(context, pillars=pillars),
        "sources.md": env.get_template("sources.md.j2").render(context, cited=_cited(data)),
        "methodology.md": env.get_template("methodology.md.j2").render(context),
        "about.md": env.get_template("about.md.j2").render(context),
        "usedata.md": env.get_template("usedata.md.j2").render(
            context,
            base=data.site.address,
            example=next((i.id for i in data.indicators if i.published), ""),
        ),
    }
    if len(data.site.languages) > 1:
        out["translations.md"] = env.get_template("translations.md.j2").render(context, coverage=cov)
    places = _places(data, loc)
    out["provinces/index.md"] = env.get_template("provinces.md.j2").render(context, places=places, grid=_grid(places))
    province = env.get_template("province.md.j2")
    for place in places:
        out[f"provinces/{place['province'].code.lower()}.md"] = province.render(context, place=place)
    latest = Counter(c.history[-1].status for c in data.commitments)
    out["commitments.md"] = env.get_template("commitments.md.j2").render(context, latest=latest)
    out["availability.md"] = env.get_template("availability.md.j2").render(
        context, places=places, **_availability(data, loc)
    )
    page, embed = env.get_template("indicator.md.j2"), env.get_template("embed.md.j2")
    for ind in data.indicators:
        sources = _indicator_sources(data, ind)
        own = {
            "ind": ind,
            "f": facts[ind.id],
            "ind_charts": charts.get(ind.id, []),
            "sources": sources,
            "publishers": "; ".join(dict.fromkeys(s.publisher for s, _ in sources)),
            "report": page_link(data.site, loc, ind),
        }
        rows = [_table_row(data, ind, o, loc) for o in indicator_rows(ind.observations, data.site.country_code)]
        rows = [row | row_link(data.site, loc, ind, row) for row in rows]
        out[f"indicators/{ind.id}.md"] = page.render(context, rows=rows, total=len(ind.observations), **own)
        if own["ind_charts"]:
            out[f"embed/{ind.id}.md"] = embed.render(context, **own)
    return out


def _finalize(value: object) -> object:
    """Every `{{ value }}` of a template: text escaped for HTML and for the Markdown around it."""
    return html_attr(value) if isinstance(value, str) else value


def _filled(values: dict[str, object]) -> dict[str, Markup]:
    """Values for a translated sentence, each escaped (Markup stays as it is)."""
    return {key: html_text(value) for key, value in values.items()}


def _environment(data: Dataset, loc: Locale, suffix: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    untranslated = loc.t("untranslated")

    def marked(text: Text, inner: Markup) -> Markup:
        if loc.translated(text):
            return inner
        return (
            Markup('<span class="untranslated" lang="en" title="{}">').format(untranslated) + inner + Markup("</span>")
        )

    def en_only(text: str, markdown: bool = False) -> Markup:
        """Free text kept in English only (notes, locators): marked as such on other languages."""
        return marked(Text(text), markdown_inline(text) if markdown else html_text(text))

    env.filters.update(
        md=markdown_inline, h=html_text, url=url, svg=lambda s: Markup(" ".join(s.split())), spec_json=script_json
    )
    env.globals.update(
        lang=loc.lang,
        reviewed=loc.reviewed,
        loc=loc,
        threshold=data.site.disclosure_threshold,
        asset_suffix=suffix,
        lang_prefix="" if not suffix else f"{loc.lang}/",
        t=lambda key, **values: (
            Markup(escape(loc.t(key))).format(**_filled(values)) if values else Markup(escape(loc.t(key)))
        ),
        tx=loc.text,
        tr=lambda text: marked(text, markdown_inline(loc.text(text))),
        trh=lambda text: marked(text, html_text(loc.text(text))),
        en_only=en_only,
        md=markdown_inline,
        value=lambda ind, obs: format_value(ind, obs, loc),
        countries=lambda codes: loc.join([_country_name(code, loc.lang) for code in codes]),
        date=lambda text: _date(text, loc),
        source=data.source,
        report_kind=kind(data.site),
        mail_link=Markup('<a href="{}">{}</a>').format(
            url(mailto(data.site.contact_email)), html_text(data.site.contact_email)
        )
        if data.site.contact_email
        else "",
    )
    return env


def _stamp(text: str) -> str:
    """Say at the top of the page body that it is generated, after any front matter."""
    end = text.find("\n---\n", 4) + 5 if text.startswith("---\n") else 0
    return f"{text[:end]}{GENERATED}\n{text[end:]}\n"


def _by_pillar(data: Dataset, facts: dict[str, Facts]) -> list[tuple]:
    return [
        (pillar, [facts[i.id] for i in data.indicators if i.pillar == pillar.id])
        for pillar in data.site.pillars
        if any(i.pillar == pillar.id for i in data.indicators)
    ]


def shown_value(data: Dataset, ind: Indicator, obs: Observation, loc: Locale) -> str:
    """What a table shows for a figure: the number, "fewer than k", or "not available"."""
    if obs.status == "suppressed":
        return loc.t("fewer_than", k=loc.number(data.site.disclosure_threshold))
    if obs.status == "not-available":
        return loc.t("not_available")
    return format_value(ind, obs, loc)


def _table_row(data: Dataset, ind: Indicator, obs: Observation, loc: Locale) -> dict:
    province = data.province(obs.geography)
    breakdown = ", ".join(loc.text(d.label(obs.dimension(d.id))) for d in ind.dimensions if obs.dimension(d.id))
    shown = shown_value(data, ind, obs, loc)
    return {
        "period": loc.period(obs.period),
        "kind": obs.period.kind(),
        "place": province.name if province else data.site.country_name,
        "series": ind.series_label(obs.series),
        "breakdown": breakdown or loc.t("all"),
        "value": shown,
        "status": obs.status,
        "note": obs.note,
        "locator": obs.locator,
        "source": data.source(obs.source),
    }


def _indicator_sources(data: Dataset, ind: Indicator) -> list[tuple[Source, list[Observation]]]:
    """Each source with the figures read from it, one per period and locator (a breakdown's parts say it once)."""
    used: dict[str, dict[tuple, Observation]] = {}
    for obs in ind.observations:
        used.setdefault(obs.source, {}).setdefault((obs.period, obs.locator), obs)
    return [(s, list(used[s.id].values())) for s in data.sources if s.id in used]


def _cited(data: Dataset) -> dict[str, list[Indicator]]:
    cited: dict[str, list[Indicator]] = {}
    for ind in data.indicators:
        for source_id in _unique(o.source for o in ind.observations):
            cited.setdefault(source_id, []).append(ind)
    return cited


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- provinces, commitments, data availability ----------------------------------------------


def _places(data: Dataset, loc: Locale) -> list[dict]:
    """Every province with its figures (all indicators), in the page language's name order."""
    places, indicators = [], {ind.id: ind for ind in data.indicators}
    by_place: dict[str, list[Observation]] = {}
    for ind in data.indicators:  # one pass over the data, not one per province
        for obs in ind.observations:
            by_place.setdefault(obs.geography, []).append(obs)
    for province in sorted(data.provinces, key=lambda p: loc.text(p.name)):
        own = by_place.get(province.code, [])
        rows = [
            _table_row(data, ind, obs, loc) | {"indicator": ind, "rate": _rate(ind, obs, province, loc)}
            for obs in province_rows(own)
            for ind in (indicators[obs.indicator],)
        ]
        # A figure is published when a reader sees a number or "fewer than k"; not-available is none.
        figures = Counter(o.indicator for o in own if o.status != "not-available")
        counts = [(ind, figures[ind.id]) for ind in data.indicators if figures[ind.id]]
        places.append(
            {"province": province, "rows": rows, "total": len(own), "counts": counts, "figures": sum(figures.values())}
        )
    return places


def _grid(places: list[dict]) -> dict | None:
    """The tile-grid map: tiles in reading order (so Tab follows rows), and its size; None without tiles."""
    tiled = [p for p in places if p["province"].tile is not None]
    if not tiled or len(tiled) < len(places):
        return None
    tiled.sort(key=lambda p: p["province"].tile)
    return {
        "tiles": tiled,
        "rows": max(p["province"].tile[0] for p in tiled),
        "columns": max(p["province"].tile[1] for p in tiled),
    }


def _rate(ind: Indicator, obs: Observation, province: Province, loc: Locale) -> str:
    """Per 100,000 people, only for a count of a calendar year with a population of that same year."""
    if not (
        ind.unit == "count"
        and obs.status in VALUE_STATUSES
        and not obs.qualifier
        and obs.period.is_year
        and province.population
        and province.population_year == obs.period.start_year
    ):
        return ""
    assert isinstance(obs.value, (int, float))
    return loc.number(round(obs.value * 100_000 / province.population, 1))


def _availability(data: Dataset, loc: Locale) -> dict:
    """What is published, year by year, for every published indicator at national level."""
    periods = [o.period for ind in data.indicators for o in ind.observations]
    years = list(range(min(p.start_year for p in periods), max(p.end_year for p in periods) + 1)) if periods else []
    rows, country = [], data.site.country_code
    for ind in (i for i in data.indicators if i.published):
        national = sorted((o for o in ind.observations if o.geography == country), key=lambda o: o.period)
        others = _unique(loc.period(o.period) for o in national if not o.period.is_year)
        rows.append({"indicator": ind, "cells": [_marks(national, year) for year in years], "other_periods": others})
    return {"years": years, "matrix": rows, "wanted": [i for i in data.indicators if not i.published]}


def _marks(observations: list[Observation], year: int) -> list[str]:
    """What one year of one indicator has: published, suppressed, not-available, else partial or multi-year, else none."""
    statuses = {o.status for o in observations if o.period.is_year and o.period.start_year == year}
    if statuses & set(VALUE_STATUSES):
        return ["published"]
    marks = [s for s in ("suppressed", "not-available") if s in statuses]
    covering = [o for o in observations if not o.period.is_year and o.period.start_year <= year <= o.period.end_year]
    marks += [k for k in ("partial", "multi-year") if any(o.period.kind() == k for o in covering)]
    return marks or ["none"]


def _country_name(code: str, lang: str) -> str:
    """A neighbouring country's name in the page language (CLDR), or its code when unknown."""
    return babel.Locale.parse(lang).territories.get(code, code)


def _date(text: str, loc: Locale) -> str:
    """A date as editors write it (2019, 2019-06, 2019-06-20), in words of the page language."""
    parts = [int(p) for p in text.split("-")]
    year = loc.year(parts[0])
    if len(parts) == 1:
        return year
    month = (loc.strings.get("months") or locale("en").strings["months"])[parts[1] - 1]
    return f"{loc.digits(str(parts[2]))} {month} {year}" if len(parts) == 3 else f"{month} {year}"
