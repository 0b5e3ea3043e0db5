"""Markdown pages from Jinja2 templates: home, one page per indicator, sources, methodology.

Templates autoescape HTML, and the `md` filter also escapes Markdown, so no text from data/
can inject markup, script or a link into a page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from scripts.charts import Chart
from scripts.compute import Facts, format_number, format_value
from scripts.model import Dataset, Indicator, Observation, Source

TEMPLATES = Path(__file__).parent / "templates"
GENERATED = "<!-- Generated from data/ by scripts/build.py: edit the data, not this file. -->"
STATUS_HELP = {
    "reported": "as published by the source",
    "derived": "computed from other published figures (see note)",
    "estimate": "an estimate, not a count",
    "suppressed": "withheld to protect the people counted",
    "not-available": "no figure published",
}


def pages(data: Dataset, facts: dict[str, Facts], charts: dict[str, list[Chart]]) -> dict[str, str]:
    """Every generated Markdown page, by its path under docs/."""
    env = _environment(data)
    context = {"site": data.site, "data": data, "facts": facts, "charts": charts}
    out = {
        "index.md": env.get_template("home.md.j2").render(context, pillars=_by_pillar(data, facts)),
        "indicators/index.md": env.get_template("indicators.md.j2").render(context, pillars=_by_pillar(data, facts)),
        "sources.md": env.get_template("sources.md.j2").render(context, cited=_cited(data)),
        "methodology.md": env.get_template("methodology.md.j2").render(context),
        "about.md": env.get_template("about.md.j2").render(context),
    }
    page, embed = env.get_template("indicator.md.j2"), env.get_template("embed.md.j2")
    for ind in data.indicators:
        own = {"ind": ind, "f": facts[ind.id], "ind_charts": charts.get(ind.id, []), "sources": _indicator_sources(data, ind)}
        rows = [_table_row(data, ind, o) for o in ind.observations]
        out[f"indicators/{ind.id}.md"] = page.render(context, rows=rows, **own)
        if own["ind_charts"]:
            out[f"embed/{ind.id}.md"] = embed.render(context, **own)
    return {path: _stamp(text.strip()) for path, text in out.items()}


def _stamp(text: str) -> str:
    """Say at the top of the page body that it is generated, after any front matter."""
    end = text.find("\n---\n", 4) + 5 if text.startswith("---\n") else 0
    return f"{text[:end]}{GENERATED}\n{text[end:]}\n"


def spec_json(spec: dict) -> Markup:
    """JSON for a <script type="application/json"> element that no value can close or break."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)


def md(text: object) -> Markup:
    """Escape text for an inline Markdown context: HTML first, then Markdown's own syntax."""
    escaped = str(escape(str(text)))
    return Markup(re.sub(r"([\\`*_{}\[\]()#+\-.!|~>])", r"\\\1", escaped).replace("\n", " "))


def _environment(data: Dataset) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md,
        number=format_number,
        value=format_value,
        svg=lambda s: Markup(" ".join(s.split())),
        spec_json=spec_json,
        value_of=lambda obs, ind: format_value(ind, obs),
    )
    env.globals.update(threshold=data.site.disclosure_threshold, status_help=STATUS_HELP.get)
    return env


def _by_pillar(data: Dataset, facts: dict[str, Facts]) -> list[tuple]:
    return [
        (pillar, [facts[i.id] for i in data.indicators if i.pillar == pillar.id])
        for pillar in data.site.pillars
        if any(i.pillar == pillar.id for i in data.indicators)
    ]


def _table_row(data: Dataset, ind: Indicator, obs: Observation) -> dict:
    province = data.province(obs.geography)
    place = province.name.en if province else data.site.country_name.en
    breakdown = ", ".join(d.label(obs.dimension(d.id)).en for d in ind.dimensions if obs.dimension(d.id))
    if obs.status == "suppressed":
        shown = f"fewer than {data.site.disclosure_threshold}"
    elif obs.status == "not-available":
        shown = "not available"
    else:
        shown = format_value(ind, obs)
    source = data.source(obs.source)
    return {
        "period": obs.period.label(),
        "kind": obs.period.kind(),
        "place": place,
        "series": ind.series_label(obs.series).en,
        "breakdown": breakdown or "All",
        "value": shown,
        "status": obs.status,
        "note": obs.note,
        "locator": obs.locator,
        "source": source,
    }


def _indicator_sources(data: Dataset, ind: Indicator) -> list[tuple[Source, list[Observation]]]:
    used: dict[str, list[Observation]] = {}
    for obs in ind.observations:
        used.setdefault(obs.source, []).append(obs)
    return [(s, used[s.id]) for s in data.sources if s.id in used]


def _cited(data: Dataset) -> dict[str, list[Indicator]]:
    cited: dict[str, list[Indicator]] = {}
    for ind in data.indicators:
        for source_id in _unique(o.source for o in ind.observations):
            cited.setdefault(source_id, []).append(ind)
    return cited


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
