"""Judge the loaded documents: schemas, references, duplicates, numbers, disclosure control.

Every check yields located problems rather than stopping at the first, so an editor sees
everything that is wrong in one run. Only a problem-free folder becomes a typed Dataset.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from scripts import schema
from scripts.load import CsvDoc, RawData, YamlDoc
from scripts.model import (
    QUALIFIERS,
    STATUSES,
    Category,
    Commitment,
    ContextFact,
    Dataset,
    Dimension,
    DimensionValue,
    Event,
    Indicator,
    Observation,
    Pillar,
    Population,
    Province,
    Series,
    Site,
    Source,
    StatusChange,
    Text,
    Where,
    parse_period,
)
from scripts.problems import Problem, quote

OBSERVATION_COLUMNS = ("period", "geography", "series", "value", "qualifier", "status", "source", "locator", "note")
PROVINCE_COLUMNS = (
    "code", "name_en", "name_km", "borders", "border_basis", "population",
    "population_year", "population_status", "population_source", "note",
)  # fmt: skip
# Columns that would carry personal data: rejected in any data file, whatever their content.
PERSONAL_COLUMNS = {
    "name", "full_name", "first_name", "last_name", "surname", "victim", "victim_name", "id_number",
    "national_id", "passport", "case_number", "case_id", "date_of_birth", "dob", "birth_date",
    "address", "village", "commune", "district", "phone", "shelter", "story",
}  # fmt: skip
VALUE_STATUSES = ("reported", "derived", "estimate")
NO_VALUE_STATUSES = ("suppressed", "not-available")


def validate(raw: RawData) -> tuple[Dataset | None, list[Problem]]:
    """Check every document; return the typed Dataset, or None and every problem found."""
    problems: list[Problem] = []
    docs = {"site": raw.site, "sources": raw.sources}
    for name, doc in docs.items():
        if doc is None:
            problems.append(_missing_file(raw, f"{name}.yml"))
        else:
            problems += schema.check(doc, name)
    for name in ("events", "commitments"):
        doc = getattr(raw, name)
        if doc is not None and doc.data is not None:
            problems += schema.check(doc, name)
    if raw.provinces is None:
        problems.append(_missing_file(raw, "geography/provinces.csv"))
    for doc in raw.indicators.values():
        problems += schema.check(doc, "indicator")
    if problems:
        # Without sound site, sources and metadata, reference checks would only add noise.
        return None, problems

    assert raw.site and raw.sources and raw.provinces
    site = _site(raw.site)
    sources = tuple(_source(item, raw.sources, i) for i, item in enumerate(raw.sources.data))
    problems += list(_unique_ids(raw.sources, "id", "source"))
    provinces, province_problems = _provinces(raw.provinces, site)
    problems += province_problems
    source_ids = {s.id for s in sources}
    pillar_ids = {p.id for p in site.pillars}
    geographies = {site.country_code} | {p.code for p in provinces}

    problems += list(_site_references(raw.site, site, source_ids))
    for fact_source in (site.population.source,) if site.population else ():
        if fact_source not in source_ids:
            problems.append(_unknown(raw.site, ("population", "source"), "source", fact_source, "sources.yml"))

    indicators = []
    for stem, doc in sorted(raw.indicators.items()):
        indicator = _indicator(doc)
        problems += list(_indicator_problems(doc, indicator, stem, pillar_ids))
        table = raw.observations.get(stem)
        if table is None:
            if indicator.published:
                problems.append(
                    Problem(doc.path, 1, 0, "missing-observations",
                            f'the indicator "{stem}" has no observations file',
                            f"add data/observations/{stem}.csv, or set published: false if no figure exists yet")  # fmt: skip
                )
        elif not indicator.published:
            problems.append(
                Problem(table.path, 1, 0, "unpublished-with-data",
                        f'the indicator "{stem}" says published: false but has observations',
                        "remove published: false, or remove the observations file")  # fmt: skip
            )
        else:
            observations, obs_problems = _observations(table, indicator, source_ids, geographies)
            problems += obs_problems
            problems += list(_disclosure(table, indicator, observations, site))
            indicator = _with_observations(indicator, observations)
        indicators.append(indicator)
    for stem, table in sorted(raw.observations.items()):
        if stem not in raw.indicators:
            problems.append(
                Problem(table.path, 1, 0, "orphan-observations",
                        f'there is no indicator "{stem}" for these observations',
                        f"add data/indicators/{stem}.yml describing them, or rename the file to match an indicator")  # fmt: skip
            )

    events = _events(raw.events)
    commitments = _commitments(raw.commitments)
    problems += list(_event_references(raw.events, events, source_ids))
    problems += list(_commitment_references(raw.commitments, commitments, source_ids, pillar_ids))
    if problems:
        return None, problems
    files = tuple(sorted(p.relative_to(raw.root).as_posix() for p in raw.files))
    return Dataset(site, sources, provinces, tuple(indicators), events, commitments, files), []


# --- site and sources ---------------------------------------------------------------------


def _site(doc: YamlDoc) -> Site:
    d = doc.data
    country = d["country"]
    population = d.get("population")
    contact = d.get("contact", {})
    return Site(
        title=Text.of(d["title"]),
        tagline=Text.of(d["tagline"]),
        country_code=country["code"],
        country_name=Text.of(country["name"]),
        subdivision=Text.of(country["subdivision"]),
        subdivision_plural=Text.of(country["subdivision_plural"]),
        languages=tuple(d["languages"]),
        organisation=Text.of(d["organisation"]),
        licence_data=d["licence"]["data"],
        licence_code=d["licence"]["code"],
        disclosure_threshold=d.get("disclosure_threshold", 10),
        pillars=tuple(Pillar(p["id"], Text.of(p["title"]), Text.of(p["description"])) for p in d["pillars"]),
        context=tuple(ContextFact(Text.of(c["text"]), tuple(c["sources"])) for c in d.get("context", [])),
        population=Population(**population) if population else None,
        contact_email=contact.get("email", ""),
        contact_url=contact.get("url", ""),
        repository=d.get("repository", ""),
        url=d.get("url", ""),
        synthetic=d.get("synthetic", False),
        where=Where(doc.path),
    )


def _site_references(doc: YamlDoc, site: Site, source_ids: set[str]) -> Iterator[Problem]:
    yield from _unique_ids(doc, "id", "pillar", ("pillars",))
    for i, fact in enumerate(site.context):
        for j, source_id in enumerate(fact.sources):
            if source_id not in source_ids:
                yield _unknown(doc, ("context", i, "sources", j), "source", source_id, "sources.yml")


def _source(item: dict, doc: YamlDoc, index: int) -> Source:
    fields = {k: item[k] for k in ("id", "title", "publisher", "published", "url", "kind")}
    optional = {k: item.get(k, "") for k in ("author", "reporter", "language", "licence", "note")}
    return Source(**fields, **optional, where=Where(doc.path, doc.mark((index,)).line))


def _unique_ids(doc: YamlDoc, key: str, what: str, prefix: tuple = ()) -> Iterator[Problem]:
    items = doc.data
    for part in prefix:
        items = items[part]
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = item[key]
        if value in seen:
            mark = doc.mark((*prefix, i, key))
            yield Problem(doc.path, mark.line, mark.column, "duplicate-id",
                          f'the {what} id "{value}" is used twice (first as item {seen[value] + 1})',
                          "give each one its own id")  # fmt: skip
        seen.setdefault(value, i)


def _unknown(doc: YamlDoc, path: tuple, what: str, value: str, where: str) -> Problem:
    mark = doc.mark(path)
    return Problem(doc.path, mark.line, mark.column, f"unknown-{what}",
                   f"{schema.dotted(path)} names the {what} {quote(value)}, which is not in {where}",
                   f"use an id listed in {where}, or add this {what} there first")  # fmt: skip


def _missing_file(raw: RawData, name: str) -> Problem:
    return Problem(f"{raw.root.name}/{name}", 0, 0, "missing-file", f"the data folder has no {name}",
                   "every data folder needs it: see the editors' guide")  # fmt: skip


# --- provinces ----------------------------------------------------------------------------


def _provinces(table: CsvDoc, site: Site) -> tuple[tuple[Province, ...], list[Problem]]:
    problems = list(_header_problems(table, PROVINCE_COLUMNS, ()))
    if problems:
        return (), problems
    index = {name.strip(): i for i, name in enumerate(table.header)}
    pattern = re.compile(rf"^{re.escape(site.country_code)}-[A-Z0-9]+$")
    provinces, seen = [], set()
    for line, cells in table.rows:
        if len(cells) != len(table.header):
            problems.append(_cell_count(table, line, cells))
            continue
        cell = {name: cells[i].strip() for name, i in index.items()}
        code = cell["code"]
        if not pattern.match(code):
            problems.append(
                Problem(table.path, line, 0, "bad-format", f'column "code": {quote(code)} is not a code of {site.country_code}',
                        f"write the ISO 3166-2 code, e.g. {site.country_code}-1")  # fmt: skip
            )
        if code in seen:
            problems.append(Problem(table.path, line, 0, "duplicate-id", f'the code "{code}" is listed twice', "list each area once"))
        seen.add(code)
        if not cell["name_en"]:
            problems.append(Problem(table.path, line, 0, "empty-value", 'column "name_en" is empty', "write the English name"))
        population = _whole_number(cell["population"])
        if cell["population"] and population is None:
            problems.append(
                Problem(table.path, line, 0, "not-a-whole-number", f'column "population": {quote(cell["population"])} is not a whole number',
                        "write the exact count without separators, e.g. 1195547; leave it empty when only a rounded figure is known")  # fmt: skip
            )
        year = _whole_number(cell["population_year"])
        if population is not None and (year is None or not cell["population_source"]):
            problems.append(
                Problem(table.path, line, 0, "missing-value", "a population needs its year and its source",
                        "fill in population_year and population_source")  # fmt: skip
            )
        if cell["border_basis"] not in ("", "stated", "derived"):
            problems.append(
                Problem(table.path, line, 0, "not-allowed", f'column "border_basis": {quote(cell["border_basis"])} is not allowed',
                        "write stated (a source says so), derived (from map geometry), or leave it empty")  # fmt: skip
            )
        provinces.append(
            Province(
                code=code,
                name=Text(cell["name_en"], cell["name_km"]),
                borders=tuple(b.strip() for b in cell["borders"].split(";") if b.strip()),
                border_basis=cell["border_basis"],
                population=population,
                population_year=year,
                population_status=cell["population_status"],
                population_source=cell["population_source"],
                note=cell["note"],
                where=Where(table.path, line),
            )
        )
    return tuple(provinces), problems


# --- indicators ---------------------------------------------------------------------------


def _indicator(doc: YamlDoc) -> Indicator:
    d = doc.data
    wanted = d.get("wanted", {})
    return Indicator(
        id=d["id"],
        title=Text.of(d["title"]),
        description=Text.of(d["description"]),
        pillar=d["pillar"],
        unit=d["unit"],
        unit_label=Text.of(d["unit_label"]),
        measure=Text.of(d["measure"]),
        higher_is=d["higher_is"],
        sensitive=d["sensitive"],
        published=d.get("published", True),
        chart=d.get("chart", "step" if d["unit"] == "category" else "bar"),
        series=tuple(Series(s["id"], Text.of(s["label"]), Text.of(s.get("note"))) for s in d["series"]),
        dimensions=tuple(
            Dimension(x["id"], Text.of(x["title"]), tuple(DimensionValue(v["id"], Text.of(v["label"])) for v in x["values"]))
            for x in d.get("dimensions", [])
        ),
        categories=tuple(Category(c["id"], Text.of(c["label"])) for c in d.get("categories", [])),
        notes=tuple(Text.of(n) for n in d.get("notes", [])),
        wanted_why=Text.of(wanted.get("why")),
        wanted_who=Text.of(wanted.get("who")),
        references=tuple(d.get("references", [])),
        update_frequency=d.get("update_frequency", ""),
        where=Where(doc.path),
    )


def _indicator_problems(doc: YamlDoc, ind: Indicator, stem: str, pillar_ids: set[str]) -> Iterator[Problem]:
    if ind.id != stem:
        mark = doc.mark(("id",))
        yield Problem(doc.path, mark.line, mark.column, "id-mismatch",
                      f'"id" is {quote(ind.id)} but the file is named {stem}.yml',
                      "make the id and the file name the same: the id is part of the page's web address")  # fmt: skip
    if ind.pillar not in pillar_ids:
        yield _unknown(doc, ("pillar",), "pillar", ind.pillar, "the pillars of site.yml")
    if ind.unit == "category" and not ind.categories:
        yield Problem(doc.path, doc.mark(("unit",)).line, 0, "missing-key", "unit: category needs a list of categories",
                      "add categories: with an id and label for each possible value")  # fmt: skip
    if not ind.published and not ind.wanted_why.en:
        yield Problem(doc.path, doc.mark(("published",)).line, 0, "missing-key",
                      "an unpublished indicator must say what figure is wanted and why",
                      "add wanted: with why: and who:")  # fmt: skip
    yield from _unique_ids(doc, "id", "series", ("series",))
    yield from _unique_ids(doc, "id", "dimension", ("dimensions",)) if ind.dimensions else iter(())
    reserved = set(OBSERVATION_COLUMNS) | PERSONAL_COLUMNS
    for i, dim in enumerate(ind.dimensions):
        if dim.id in reserved:
            mark = doc.mark(("dimensions", i, "id"))
            why = "would hold personal data" if dim.id in PERSONAL_COLUMNS else "is already a column of every observations file"
            yield Problem(doc.path, mark.line, mark.column, "reserved-column", f'the dimension "{dim.id}" {why}',
                          "choose another name for the breakdown")  # fmt: skip


def _with_observations(ind: Indicator, observations: list[Observation]) -> Indicator:
    from dataclasses import replace

    order = {s.id: i for i, s in enumerate(ind.series)}
    ordered = sorted(observations, key=lambda o: (order.get(o.series, 99), o.period, o.geography, o.dimensions))
    return replace(ind, observations=tuple(ordered))


# --- observations -------------------------------------------------------------------------


def _observations(
    table: CsvDoc, ind: Indicator, source_ids: set[str], geographies: set[str]
) -> tuple[list[Observation], list[Problem]]:
    dims = tuple(d.id for d in ind.dimensions)
    problems = list(_header_problems(table, OBSERVATION_COLUMNS, dims))
    if problems:
        return [], problems
    index = {name.strip(): i for i, name in enumerate(table.header)}
    series_ids = {s.id for s in ind.series}
    seen: dict[tuple, int] = {}
    observations = []
    for line, cells in table.rows:
        if len(cells) != len(table.header):
            problems.append(_cell_count(table, line, cells))
            continue
        cell = {name: cells[i] for name, i in index.items()}
        row_problems = list(_cell_problems(table.path, line, cell, ind, series_ids, source_ids, geographies))
        problems += row_problems
        if row_problems:
            continue
        period = parse_period(cell["period"])
        assert period is not None
        obs = Observation(
            indicator=ind.id,
            period=period,
            geography=cell["geography"].strip(),
            series=cell["series"].strip(),
            dimensions=tuple((d, cell[d].strip()) for d in dims),
            value=_value(cell["value"].strip(), ind.unit),
            qualifier=cell["qualifier"].strip(),
            status=cell["status"].strip(),
            source=cell["source"].strip(),
            locator=cell["locator"].strip(),
            note=cell["note"].strip(),
            where=Where(table.path, line),
        )
        if obs.key in seen:
            problems.append(
                Problem(table.path, line, 0, "duplicate-observation",
                        f"this row repeats line {seen[obs.key]}: same period, geography, series and breakdown",
                        "keep one row; if two sources disagree, keep the better one and mention the other in note")  # fmt: skip
            )
            continue
        seen[obs.key] = line
        observations.append(obs)
    return observations, problems


def _header_problems(table: CsvDoc, required: tuple[str, ...], dims: tuple[str, ...]) -> Iterator[Problem]:
    names = [h.strip() for h in table.header]
    for i, raw_name in enumerate(table.header):
        if raw_name != raw_name.strip():
            yield Problem(table.path, 1, i + 1, "header-space", f"the column name {quote(raw_name)} has spaces around it",
                          f'write it as "{raw_name.strip()}"')  # fmt: skip
        if raw_name.strip().lower() in PERSONAL_COLUMNS:
            yield Problem(table.path, 1, i + 1, "personal-data-column",
                          f'the column "{raw_name.strip()}" would hold personal data, which is never published',
                          "remove the column: publish only counts, never details of a person")  # fmt: skip
    for name in (*required, *dims):
        if name not in names:
            yield Problem(table.path, 1, 0, "missing-column", f'the column "{name}" is missing',
                          f"the header must have: {', '.join((*required[:3], *dims, *required[3:]))}")  # fmt: skip
    for i, name in enumerate(names):
        if name not in required and name not in dims and name.lower() not in PERSONAL_COLUMNS:
            hint = "declare it under dimensions in the indicator's file, or remove it" if dims is not None else ""
            yield Problem(table.path, 1, i + 1, "unknown-column", f'the column "{name}" is not part of this file', hint)
    if len(set(names)) != len(names):
        yield Problem(table.path, 1, 0, "duplicate-column", "a column name appears twice", "keep one of them")


def _cell_count(table: CsvDoc, line: int, cells: list[str]) -> Problem:
    return Problem(table.path, line, 0, "wrong-cell-count",
                   f"this row has {len(cells)} cells but the header has {len(table.header)}",
                   "put text containing commas in double quotes, and give every row one cell per column")  # fmt: skip


def _cell_problems(
    path: str, line: int, cell: dict[str, str], ind: Indicator,
    series_ids: set[str], source_ids: set[str], geographies: set[str],
) -> Iterator[Problem]:  # fmt: skip
    def problem(column: str, code: str, message: str, hint: str) -> Problem:
        return Problem(path, line, 0, code, f'column "{column}": {message}', hint)

    for column, text in cell.items():
        if text[:1] in ("=", "+", "@") or (text[:1] == "-" and column not in ("value",)) and len(text) > 1:
            yield problem(column, "formula", f"{quote(text)} starts with {text[0]!r}, which spreadsheets run as a formula",
                          "remove the leading character, or reword the text")  # fmt: skip
    period = cell["period"].strip()
    if parse_period(period) is None:
        yield problem("period", "bad-period", f"{quote(period)} is not a period",
                      "write a year (2018), two years for a total over both (2017/2018), or months (2018-01/2018-10)")  # fmt: skip
    geography = cell["geography"].strip()
    if geography not in geographies:
        yield problem("geography", "unknown-geography", f"{quote(geography)} is not the country or a province",
                      "use the country code from site.yml, or a code from geography/provinces.csv")  # fmt: skip
    if cell["series"].strip() not in series_ids:
        yield problem("series", "unknown-series", f"{quote(cell['series'])} is not a series of this indicator",
                      f"use one of: {', '.join(sorted(series_ids))}, or add it under series in the indicator's file")  # fmt: skip
    for dim in ind.dimensions:
        value = cell[dim.id].strip()
        allowed = [v.id for v in dim.values]
        if value and value not in allowed:
            yield problem(dim.id, "unknown-dimension-value", f"{quote(value)} is not a value of this breakdown",
                          f"use one of: {', '.join(allowed)}, or leave it empty for all")  # fmt: skip
    status = cell["status"].strip()
    qualifier = cell["qualifier"].strip()
    if status not in STATUSES:
        yield problem("status", "not-allowed", f"{quote(status)} is not a status", f"use one of: {', '.join(STATUSES)}")
    if qualifier not in QUALIFIERS:
        yield problem("qualifier", "not-allowed", f"{quote(qualifier)} is not a qualifier",
                      "leave it empty, or write at-least, more-than or approx")  # fmt: skip
    source = cell["source"].strip()
    if source not in source_ids:
        yield problem("source", "unknown-source", f"{quote(source)} is not in sources.yml",
                      "use a source id from sources.yml, or add the source there first")  # fmt: skip
    if status in VALUE_STATUSES and not cell["locator"].strip():
        yield problem("locator", "missing-value", "every figure needs a locator",
                      "say where in the source the figure is (page, section, or what the passage reports)")  # fmt: skip
    if status == "derived" and not cell["note"].strip():
        yield problem("note", "missing-value", "a derived value must say how it was computed",
                      'write the formula in note, e.g. "224 (2018) minus 21 = 203"')  # fmt: skip
    value = cell["value"].strip()
    if status in NO_VALUE_STATUSES:
        if value:
            yield problem("value", "value-with-status", f"{quote(value)} is given but the status is {status}",
                          "leave value empty: a suppressed or unavailable figure must never be written down")  # fmt: skip
        return
    if not value:
        yield problem("value", "missing-value", "the value is empty",
                      "write the number, or set status to not-available (or suppressed) and say why in note")  # fmt: skip
        return
    yield from _value_problems(value, ind, problem)


def _value_problems(value: str, ind: Indicator, problem) -> Iterator[Problem]:
    if ind.unit == "category":
        allowed = [c.id for c in ind.categories]
        if value not in allowed:
            yield problem("value", "unknown-category", f"{quote(value)} is not a category of this indicator",
                          f"use one of: {', '.join(allowed)}")  # fmt: skip
        return
    if value.upper() in ("N/A", "NA", "-", "--", "?", "..", "NULL", "NONE"):
        yield problem("value", "missing-value-marker", f"{quote(value)} is not a number",
                      "leave value empty and set status to not-available (or suppressed)")  # fmt: skip
        return
    number = _number(value)
    if ind.unit == "count":
        if number is None or number != int(number) or not re.fullmatch(r"-?\d+", value):
            hint = ("write counts without separators, e.g. 1234"
                    if re.fullmatch(r"\d{1,3}([,. ]\d{3})+", value) else "write a whole number, e.g. 134")  # fmt: skip
            yield problem("value", "not-a-whole-number", f"{quote(value)} is not a whole number", hint)
        elif number < 0:
            yield problem("value", "negative-count", f"{quote(value)} is negative", "a count is zero or more")
    elif number is None:
        yield problem("value", "not-a-number", f"{quote(value)} is not a number", "write digits with a point for decimals, e.g. 12.5")
    elif number < 0 or (ind.unit == "percent" and number > 100):
        allowed = "from 0 to 100" if ind.unit == "percent" else "zero or more"
        yield problem("value", "out-of-range", f"{quote(value)} is out of range", f"a {ind.unit} is {allowed}")


def _number(text: str) -> float | None:
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    return float(text)


def _whole_number(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d+", text.strip()) else None


def _value(text: str, unit: str) -> float | str | None:
    if not text:
        return None
    if unit == "category":
        return text
    number = float(text)
    return int(number) if unit == "count" else number


# --- disclosure control -------------------------------------------------------------------


def _disclosure(table: CsvDoc, ind: Indicator, observations: list[Observation], site: Site) -> Iterator[Problem]:
    """Small counts of persons below national level or in a breakdown must be suppressed.

    The repository is public, so the rule applies to what is committed, not just to what is
    shown. A published total must not let a reader work one suppressed cell back out.
    """
    if not ind.sensitive:
        return
    k = site.disclosure_threshold
    for obs in observations:
        below_national = obs.geography != site.country_code or obs.is_breakdown
        if below_national and isinstance(obs.value, (int, float)) and 0 < obs.value < k:
            yield Problem(table.path, obs.where.line, 0, "small-count",
                          f'column "value": {obs.value:g} persons is below the disclosure threshold of {k}',
                          f"leave value empty and set status to suppressed (counts from 1 to {k - 1} of persons "
                          "below national level could identify someone)")  # fmt: skip
    for dim in ind.dimensions:
        groups: dict[tuple, list[Observation]] = defaultdict(list)
        for obs in observations:
            if obs.dimension(dim.id):
                rest = tuple((d, v) for d, v in obs.dimensions if d != dim.id)
                groups[(obs.period, obs.geography, obs.series, rest)].append(obs)
        for (period, geography, series, rest), cells in groups.items():
            suppressed = [o for o in cells if o.status == "suppressed"]
            total = next(
                (o for o in observations
                 if (o.period, o.geography, o.series) == (period, geography, series)
                 and not o.dimension(dim.id) and tuple((d, v) for d, v in o.dimensions if d != dim.id) == rest
                 and o.status not in NO_VALUE_STATUSES),
                None,
            )  # fmt: skip
            complete = len(cells) == len(dim.values)
            if len(suppressed) == 1 and total is not None and complete:
                cell = suppressed[0]
                yield Problem(table.path, cell.where.line, 0, "recoverable-suppression",
                              f"the suppressed {dim.id} {quote(cell.dimension(dim.id))} can be worked out: the total on "
                              f"line {total.where.line} minus the other {dim.id} values gives it",
                              "suppress one more value of this breakdown (the next smallest), or the total")  # fmt: skip


# --- events and commitments ---------------------------------------------------------------


def _events(doc: YamlDoc | None) -> tuple[Event, ...]:
    items = doc.data if doc is not None and doc.data else []
    return tuple(
        Event(e["id"], e["date"], Text.of(e["title"]), Text.of(e.get("description")), e["source"]) for e in items
    )


def _commitments(doc: YamlDoc | None) -> tuple[Commitment, ...]:
    items = doc.data if doc is not None and doc.data else []
    return tuple(
        Commitment(
            id=c["id"],
            title=Text.of(c["title"]),
            pillar=c["pillar"],
            owner=Text.of(c.get("owner")),
            made_by=c["made_by"],
            history=tuple(
                StatusChange(h["date"], h["status"], Text.of(h["evidence"]), h["source"]) for h in c["history"]
            ),
        )
        for c in items
    )


def _event_references(doc: YamlDoc | None, events: tuple[Event, ...], source_ids: set[str]) -> Iterator[Problem]:
    if doc is None or not events:
        return
    yield from _unique_ids(doc, "id", "event")
    for i, event in enumerate(events):
        if event.source not in source_ids:
            yield _unknown(doc, (i, "source"), "source", event.source, "sources.yml")


def _commitment_references(
    doc: YamlDoc | None, commitments: tuple[Commitment, ...], source_ids: set[str], pillar_ids: set[str]
) -> Iterator[Problem]:
    if doc is None or not commitments:
        return
    yield from _unique_ids(doc, "id", "commitment")
    for i, item in enumerate(commitments):
        if item.pillar not in pillar_ids:
            yield _unknown(doc, (i, "pillar"), "pillar", item.pillar, "the pillars of site.yml")
        dates = [h.date for h in item.history]
        if dates != sorted(dates):
            mark = doc.mark((i, "history"))
            yield Problem(doc.path, mark.line, mark.column, "history-order", "the status history is not oldest first",
                          "list the dated statuses from oldest to newest")  # fmt: skip
        for j, change in enumerate(item.history):
            if change.source not in source_ids:
                yield _unknown(doc, (i, "history", j, "source"), "source", change.source, "sources.yml")
