"""Every page of the site, once: its stable URL, its template, its context and its place in the menu.

The page stage (scripts/pages.py) renders each entry in every language, the menu
(scripts/build.py's navigation) lists the entries that have a place in it, and the audit
(scripts/audit.py) asks `shown` which indicators a built page shows, so that it checks their
tables. A new kind of page is one entry here with its context, one template in
scripts/templates/ and its strings in scripts/locale/en.yml; a language whose locale file
lacks a string shows it in English, marked as not yet translated. Entries are in menu order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markupsafe import Markup

from scripts import sharing
from scripts.charts import Chart
from scripts.compute import Facts, headline_rows
from scripts.escape import html_text, url
from scripts.firstview import indicator_rows
from scripts.geography import types_differ, words
from scripts.guide import problems, sections
from scripts.i18n import Locale
from scripts.model import Dataset
from scripts.opendata import documented_columns
from scripts.release import Release
from scripts.report import mailto, page_link, row_link
from scripts.tables import (
    availability,
    by_pillar,
    change_words,
    cited,
    grid,
    group_places,
    indicator_sources,
    places,
    revised_line,
    revisions_logged,
    shown_value,
    table_row,
)
from scripts.translations import Coverage

Context = dict[str, Any]
GITHUB_PRIVACY = "https://docs.github.com/en/site-policy/privacy-policies/github-general-privacy-statement"
GITHUB_PAGES_DATA = (
    "https://docs.github.com/en/pages/getting-started-with-github-pages/about-github-pages#data-collection"
)


@dataclass
class Inputs:
    """What a page's context may read, in the language of the page."""

    data: Dataset
    facts: dict[str, Facts]
    charts: dict[str, list[Chart]]  # this language's charts, by indicator id
    cov: Coverage | None
    loc: Locale
    release: Release | None = None

    @cached_property
    def places(self) -> list[dict[str, Any]]:
        """Every province with its figures, made once for the provinces page and each province's."""
        return places(self.data, self.loc)

    @cached_property
    def groups(self) -> list[dict[str, Any]]:
        """Every group of provinces with its figures, for the provinces page and each group's."""
        return group_places(self.data, self.loc)


@dataclass(frozen=True)
class Item:
    """One page file: its path under docs/, what it is about, and the indicators whose figures it shows."""

    path: str
    subject: Any = None
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A kind of page: one file, or one per indicator, province or pair (`items`)."""

    path: str  # the stable URL under docs/ (DESIGN.md), "<id>" standing for each item's part
    template: str
    context: Callable[[Inputs, Item], Context | None] = lambda inputs, item: {}  # None: no page
    items: Callable[[Dataset], list[Item]] | None = None  # None: the one file at `path`
    menu: Callable[[Item, Dataset, Locale], tuple[str, ...]] | None = None  # sections, then the title
    english_only: bool = False  # its strings exist in English only: other languages say so above it
    source: str = "data/"  # what the page is generated from, and what to edit instead: for its top line
    edit: str = "the data"

    def files(self, data: Dataset) -> list[Item]:
        """The page's files for this data."""
        return self.items(data) if self.items else [Item(self.path)]


def shown(data: Dataset) -> dict[str, tuple[str, ...]]:
    """The indicators each page shows, by its folder in the built site ("indicators/x", "" for home)."""
    return {
        item.path.removesuffix(".md").removesuffix("index").rstrip("/"): item.indicators
        for page in PAGES
        for item in page.files(data)
    }


# --- places in the menu -------------------------------------------------------------------


def _menu(*keys: str) -> Callable[[Item, Dataset, Locale], tuple[str, ...]]:
    """A place given by interface strings; an empty last key lists the page under its section's title."""
    return lambda item, data, loc: tuple(loc.t(key) if key else "" for key in keys)


def _places_menu(item: Item, data: Dataset, loc: Locale) -> tuple[str, ...]:
    """Titled in the dataset's own word for its subdivisions (Provinces, Regions, Counties)."""
    return (loc.t("nav.provinces", **words(data.site, loc)),)


def _in_pillar(item: Item, data: Dataset, loc: Locale) -> tuple[str, ...]:
    """Under its indicators' pillar, titled by them ("A and B" for a page of two)."""
    shown = [next(i for i in data.indicators if i.id == ind) for ind in item.indicators]
    pillar = next(p for p in data.site.pillars if p.id == shown[0].pillar)
    return (loc.t("nav.indicators"), loc.text(pillar.title), loc.join([loc.text(i.title) for i in shown]))


# --- what each kind of page has -----------------------------------------------------------


def _home(inputs: Inputs, item: Item) -> Context:
    data, loc = inputs.data, inputs.loc
    return {
        "pillars": by_pillar(data, inputs.facts),
        "changes": {i: change_words(f, loc) for i, f in inputs.facts.items()},
        # An assessment in categories (a rating, such as a tier), drawn under its own heading.
        "assessment": next((i for i in data.indicators if i.unit == "category" and inputs.charts.get(i.id)), None),
    }


def _by_pillar_order(data: Dataset) -> list[Item]:
    order = {p.id: n for n, p in enumerate(data.site.pillars)}
    ordered = sorted(data.indicators, key=lambda i: order.get(i.pillar, len(order)))
    return [Item(f"indicators/{ind.id}.md", ind, (ind.id,)) for ind in ordered]


def _indicator(inputs: Inputs, item: Item) -> Context:
    data, loc, ind = inputs.data, inputs.loc, item.subject
    sources = indicator_sources(data, ind)
    rows = [table_row(data, ind, o, loc) for o in indicator_rows(ind.observations, data.site.country_code)]
    charts = inputs.charts.get(ind.id, [])
    # A shared card's picture needs the published address: a local build's would name the preview on
    # this machine, which no reader of a shared link can fetch (as og:url, left out there too).
    image = sharing.card_image(data, loc, charts[0].id) if charts and data.site.url else ""
    return {
        "ind": ind,
        "f": inputs.facts[ind.id],
        "ind_charts": charts,
        "card_image": image,
        "jsonld": sharing.dataset(data, loc, ind, image) if ind.published and ind.observations else None,
        "sources": sources,
        "publishers": "; ".join(dict.fromkeys(s.publisher for s, _ in sources)),
        "report": page_link(data.site, loc, ind),
        "rows": [row | row_link(data.site, loc, ind, row) for row in rows],
        "total": len(ind.observations),
        # Figures of calendar years and of fiscal (or reporting) years side by side: said in words.
        "mixed_years": len({o.period.kind() for o in ind.observations} & {"year", "twelve-month"}) == 2,
        # The side-by-side pages with this indicator, linked from its page rather than listed in the
        # menu: pairs grow as the square of the indicators, and the menu is in every page of its pillar.
        "pairs": [
            (next(i for i in pair.subject if i is not ind), pair.path) for pair in _pairs(data) if ind in pair.subject
        ],
    }


def _pairs(data: Dataset) -> list[Item]:
    """Indicators to read side by side: counts of the same kind of thing (`counts`) in one pillar,
    reported by the same body (their first series, so their periods line up), each pair once."""
    counts = [i for i in data.indicators if i.published and i.unit == "count" and i.series]
    return [
        Item(f"compare/{a.id}--{b.id}.md", (a, b), (a.id, b.id))
        for n, a in enumerate(counts)
        for b in counts[n + 1 :]
        if (a.pillar, a.counts, a.series[0].id) == (b.pillar, b.counts, b.series[0].id)
    ]


def _compare(inputs: Inputs, item: Item) -> Context:
    """Each period either indicator has a national figure for, with both figures as their pages show them."""
    data, loc = inputs.data, inputs.loc
    figures = [{o.period: o for o in headline_rows(ind, data.site.country_code)} for ind in item.subject]
    rows = [
        {
            "period": loc.period(period, item.subject[0].year_kind or item.subject[1].year_kind),
            "kind": period.kind(),
            "cells": [
                {"value": shown_value(data, ind, own[period], loc), "status": own[period].status}
                if period in own
                else None
                for ind, own in zip(item.subject, figures, strict=True)
            ],
        }
        for period in sorted(set().union(*figures))
    ]
    return {"pair": item.subject, "rows": rows}


def _embed(inputs: Inputs, item: Item) -> Context | None:
    own = _indicator(inputs, item)
    return own if own["ind_charts"] else None


def _embeds(data: Dataset) -> list[Item]:
    return [Item(f"embed/{ind.id}.md", ind, (ind.id,)) for ind in data.indicators]


def _provinces(data: Dataset) -> list[Item]:
    return [Item(f"provinces/{p.code.lower()}.md", p) for p in data.provinces]


def _province(inputs: Inputs, item: Item) -> Context:
    return {"place": next(p for p in inputs.places if p["province"] is item.subject),
            "types": types_differ(inputs.data.provinces)}  # fmt: skip


def _provinces_index(inputs: Inputs, item: Item) -> Context:
    return {"places": inputs.places, "grid": grid(inputs.places), "groups": inputs.groups,
            "types": types_differ(inputs.data.provinces)}  # fmt: skip


def _groups(data: Dataset) -> list[Item]:
    """A page per group of provinces, at /provinces/<id>/ like a province's: one address per geography code
    (the validation keeps group ids and province codes apart, whatever their case)."""
    return [Item(f"provinces/{g.code.lower()}.md", g) for g in data.groups]


def _group(inputs: Inputs, item: Item) -> Context:
    return {"place": next(g for g in inputs.groups if g["group"] is item.subject)}


def _guide(inputs: Inputs) -> dict[str, Any]:
    """The guide's tables in the page's language, for the site's languages, its texts illustrated
    by the data's own first indicator."""
    data = inputs.data
    example = data.indicators[0].title if data.indicators else None
    return sections(inputs.loc, data.site.languages, example)


def _translations(data: Dataset) -> list[Item]:
    return [Item("translations.md")] if len(data.site.languages) > 1 else []


def _updates(inputs: Inputs, item: Item) -> Context:
    data, loc = inputs.data, inputs.loc
    return {
        "log": data.updates,
        "revised": {
            anchor: [revised_line(data, ind, obs, loc) for ind, obs in figures]
            for anchor, figures in revisions_logged(data).items()
        },  # fmt: skip
        "titles": {i.id: i.title for i in inputs.data.indicators},
        "source_titles": {s.id: s.title for s in inputs.data.sources},
    }


def _privacy(inputs: Inputs, item: Item) -> Context:
    site = inputs.data.site
    ways = [_link(mailto(site.contact_email), site.contact_email)] if site.contact_email else []
    ways += [_link(site.contact_url, site.contact_url)] if site.contact_url else []
    if site.repository:  # the locale's own words around an escaped link
        ways.append(Markup(inputs.loc.t("privacy.issue")).format(link=_link(site.repository, site.repository)))
    return {"contact": ways, "github_privacy": GITHUB_PRIVACY, "github_pages": GITHUB_PAGES_DATA}


def _link(href: str, text: str) -> Markup:
    # Raw HTML links, escaped: an address from site.yml must not be able to break the page.
    try:
        return Markup('<a href="{}">{}</a>').format(url(href), html_text(text))
    except ValueError:  # not a plain address (site.yml's are checked before): shown, never linked
        return html_text(text)


PAGES: tuple[Page, ...] = (
    Page("index.md", "home.md.j2", _home, menu=_menu("nav.home")),
    Page("indicators/index.md", "indicators.md.j2",
         lambda inputs, item: {"pillars": by_pillar(inputs.data, inputs.facts)}, menu=_menu("nav.indicators", "")),
    Page("indicators/<id>.md", "indicator.md.j2", _indicator, _by_pillar_order, _in_pillar),
    Page("compare/<id>--<id>.md", "compare.md.j2", _compare, _pairs),  # linked from both indicators' pages
    Page("provinces/index.md", "provinces.md.j2", _provinces_index, menu=_places_menu),
    Page("provinces/<code>.md", "province.md.j2", _province, _provinces),
    Page("provinces/<group-id>.md", "group.md.j2", _group, _groups),
    Page("commitments.md", "commitments.md.j2",
         lambda inputs, item: {"latest": Counter(c.history[-1].status for c in inputs.data.commitments)},
         menu=_menu("nav.commitments")),
    Page("availability.md", "availability.md.j2",
         lambda inputs, item: {"places": inputs.places, "groups": inputs.groups,
                               **availability(inputs.data, inputs.loc)},
         menu=_menu("nav.data", "nav.availability")),
    Page("usedata.md", "usedata.md.j2",
         lambda inputs, item: {"base": inputs.data.site.address,
                               "example": next((i.id for i in inputs.data.indicators if i.published), ""),
                               "columns": documented_columns(inputs.data.site.languages, inputs.loc)},
         menu=_menu("nav.data", "nav.usedata")),
    Page("sources.md", "sources.md.j2", lambda inputs, item: {"cited": cited(inputs.data)},
         menu=_menu("nav.data", "nav.sources")),
    Page("updates.md", "updates.md.j2", _updates, menu=_menu("nav.data", "nav.updates"), source="data/changelog.yml"),
    Page("about.md", "about.md.j2", menu=_menu("nav.about", "nav.about_page")),
    Page("methodology.md", "methodology.md.j2", menu=_menu("nav.about", "nav.methodology")),
    Page("privacy.md", "privacy.md.j2", _privacy, menu=_menu("nav.about", "nav.privacy"), english_only=True,
         source="data/site.yml"),
    Page("guide.md", "guide.md.j2", lambda inputs, item: {"sections": _guide(inputs)},
         menu=_menu("nav.about", "nav.guide"), source="scripts/schemas/", edit="the schemas"),
    Page("guide/problems.md", "problems.md.j2", lambda inputs, item: {"codes": problems(inputs.loc)},
         menu=_menu("nav.about", "nav.problems"), source="scripts/codes.yml and scripts/locale/codes/", edit="those files"),
    Page("translations.md", "translations.md.j2", lambda inputs, item: {"coverage": inputs.cov}, _translations,
         _menu("nav.about", "nav.translations")),
    Page("embed/<id>.md", "embed.md.j2", _embed, _embeds),
)  # fmt: skip
