"""Disclosure control: no small count of persons is committed, shown, or can be worked out.

For a sensitive indicator (counts of persons, victims above all), a count from 1 to k-1
below national level or in any breakdown must be entered as `suppressed`, with no value: the
repository is public, so the rule applies to what is committed, not just what is shown.
Only the undisaggregated national total is exempt.

Suppressing a cell is not enough when published figures add up around it. Totals relate
cells in three ways: a breakdown adds up to its total (female + male = all), the provinces
add up to the country when every province is listed, and shorter periods add up to a longer
one (the two halves of 2024 make 2024). Each relation is an equation; a suppressed cell is
exposed when the equations determine it (linear algebra over exact fractions), or when the
suppressed cells of one equation are forced to a single value by the rule that each is
between 1 and k-1 (two suppressed cells adding up to 2 are both 1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from scripts.model import Indicator, Observation, Period, Province, Site
from scripts.problems import Problem

At = Callable[[Observation], tuple[int, int]]
# Enough ways of adding shorter periods up to a longer one to find every exposure in
# practice, without letting an odd file make the search slow.
MAX_TILINGS = 16


@dataclass(frozen=True)
class Relation:
    """A published total and the parts that add up to it."""

    total: Observation
    parts: tuple[Observation, ...]
    by: str  # what the parts are: a dimension's title, the provinces, or shorter periods


def disclosure(ind: Indicator, observations: list[Observation], site: Site, provinces: tuple[Province, ...],
               at: At) -> Iterator[Problem]:  # fmt: skip
    """Every small count entered as a number, and every suppressed count that can be worked out."""
    if not ind.sensitive or ind.unit != "count":
        return
    k = site.disclosure_threshold
    for obs in observations:
        below_national = obs.geography != site.country_code or obs.is_breakdown
        if below_national and isinstance(obs.value, (int, float)) and 0 < obs.value < k:
            yield Problem(obs.where.path, *at(obs), "small-count",
                          f"a count of {ind.unit_label.en or 'persons'} from 1 to {k - 1} {_where_words(obs, site)} "
                          "must not be written down",
                          "leave value empty and set status to suppressed: small counts of persons can identify "
                          "someone, and the repository is public", got=f"{obs.value:g}")  # fmt: skip
    yield from _recoverable(ind, observations, site, provinces, at)


def rates(ind: Indicator, base: Indicator, site: Site, provinces: tuple[Province, ...], at: At) -> Iterator[Problem]:
    """A rate or percentage computed from a count is suppressed wherever that count is.

    A per-100,000 rate below national level is also checked against the province's
    population: rate times population gives the count back.
    """
    k = site.disclosure_threshold
    suppressed = {_match_key(o): o for o in base.observations if o.status == "suppressed"}
    population = {p.code: p.population for p in provinces if p.population}
    for obs in ind.observations:
        if not isinstance(obs.value, (int, float)):
            continue
        if (hidden := suppressed.get(_match_key(obs))) is not None:
            yield Problem(obs.where.path, *at(obs), "rate-from-suppressed",
                          f"this {ind.unit.replace('-', ' ')} is computed from a count that is suppressed "
                          f"({hidden.where.path}, line {hidden.where.line})",
                          "leave value empty and set status to suppressed here too", got=f"{obs.value:g}")  # fmt: skip
        elif base.sensitive and ind.unit == "rate-per-100000" and obs.geography in population:
            count = obs.value * population[obs.geography] / 100_000
            if 0.5 <= count < k - 0.5:
                yield Problem(obs.where.path, *at(obs), "rate-reveals-small-count",
                              f"this rate times the population of {obs.geography} "
                              f"({population[obs.geography]}) gives about {round(count)} {base.unit_label.en}",
                              f"suppress the rate: it would reveal a count below {k}", got=f"{obs.value:g}")  # fmt: skip


# --- working suppressed cells back out ----------------------------------------------------


def _recoverable(ind: Indicator, observations: list[Observation], site: Site, provinces: tuple[Province, ...],
                 at: At) -> Iterator[Problem]:  # fmt: skip
    k = site.disclosure_threshold
    relations = _relations(ind, observations, site.country_code, {p.code for p in provinces})
    unknown = [o for o in observations if _is_unknown(o)]
    column = {o.key: j for j, o in enumerate(unknown)}
    reported: set[tuple] = set()
    for j, combination in _determined(relations, column):
        cell = unknown[j]
        if cell.status != "suppressed":
            continue
        reported.add(cell.key)
        # The simplest explanation is one sum with this cell as its only unknown.
        alone = [r for r in relations if [o for o in (r.total, *r.parts) if _is_unknown(o)] == [cell]]
        yield _exposed(cell, alone[:1] or [relations[r] for r in combination], at)
    for rel in relations:
        cells = [o for o in (rel.total, *rel.parts) if _is_unknown(o)]
        if len(cells) < 2 or _is_unknown(rel.total) or any(o.status != "suppressed" for o in cells):
            continue
        rest = rel.total.value - sum(o.value for o in rel.parts if not _is_unknown(o))  # type: ignore[operator]
        n = len(cells)
        low, high = max(1, rest - (n - 1) * (k - 1)), min(k - 1, rest - (n - 1))
        if low != high:
            continue
        for cell in cells:
            if cell.key not in reported:
                reported.add(cell.key)
                lines = ", ".join(str(o.where.line) for o in cells if o is not cell)
                yield Problem(cell.where.path, *at(cell), "recoverable-suppression",
                              f"this suppressed count can be worked out: the total on line {rel.total.where.line} minus "
                              f"the published {rel.by} leaves {rest:g} for the {n} suppressed cells (this one and line "
                              f"{lines}), and since each is from 1 to {k - 1}, each must be {low}",
                              f"also suppress the smallest of the published {rel.by}, or the total on line "
                              f"{rel.total.where.line}")  # fmt: skip


def _exposed(cell: Observation, relations: list[Relation], at: At) -> Problem:
    if len(relations) == 1:
        rel = relations[0]
        others = [o for o in rel.parts if o is not cell]
        lines = _lines(others)
        if cell is rel.total:
            how = f"the {rel.by} on {lines} add up to it"
        else:
            how = f"the total on line {rel.total.where.line} minus the {rel.by} on {lines} gives it"
        published = [o for o in others if not _is_unknown(o)]
        smallest = min(published, key=lambda o: o.value, default=None)  # type: ignore[arg-type, return-value]
        hint = (f"also suppress line {smallest.where.line} (the smallest of the other {rel.by}), or the total on line "
                f"{rel.total.where.line}") if smallest else f"also suppress the total on line {rel.total.where.line}"  # fmt: skip
    else:
        involved = {o.where.line: o for rel in relations for o in (rel.total, *rel.parts) if not _is_unknown(o)}
        how = f"the published figures on {_lines(list(involved.values()))} together give it"
        hint = "suppress more cells of the same breakdown, or the totals, until no cell can be worked out"
    return Problem(cell.where.path, *at(cell), "recoverable-suppression",
                   f"this suppressed count can be worked out from published figures: {how}", hint)  # fmt: skip


def _lines(cells: list[Observation]) -> str:
    numbers = sorted({o.where.line for o in cells})
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    return "lines " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def _is_unknown(obs: Observation) -> bool:
    """A cell whose exact value a reader does not know: withheld, missing, or only a bound."""
    return (
        obs.status in ("suppressed", "not-available") or obs.qualifier != "" or not isinstance(obs.value, (int, float))
    )


def _where_words(obs: Observation, site: Site) -> str:
    parts = [f"in {obs.geography}"] if obs.geography != site.country_code else []
    parts += [f"{d} {v}" for d, v in obs.dimensions if v]
    return "(" + ", ".join(parts) + ")"


def _match_key(obs: Observation) -> tuple:
    return (obs.period, obs.geography, frozenset((d, v) for d, v in obs.dimensions if v))


# --- the equations ------------------------------------------------------------------------


def _relations(ind: Indicator, observations: list[Observation], country: str, provinces: set[str]) -> list[Relation]:
    cells = {o.key: o for o in observations}
    relations = []
    for dim in ind.dimensions:
        groups: dict[tuple, list[Observation]] = defaultdict(list)
        for obs in observations:
            if obs.dimension(dim.id):
                total_dims = tuple((d, "" if d == dim.id else v) for d, v in obs.dimensions)
                groups[(obs.period, obs.geography, obs.series, total_dims)].append(obs)
        for key, parts in groups.items():
            total = cells.get(key)
            if total is not None and {o.dimension(dim.id) for o in parts} == {v.id for v in dim.values}:
                relations.append(Relation(total, tuple(parts), f"{dim.title.en.lower() or dim.id} values"))
    if provinces:
        by_place: dict[tuple, list[Observation]] = defaultdict(list)
        for obs in observations:
            if obs.geography in provinces:
                by_place[(obs.period, country, obs.series, obs.dimensions)].append(obs)
        for key, parts in by_place.items():
            total = cells.get(key)
            if total is not None and {o.geography for o in parts} == provinces:
                relations.append(Relation(total, tuple(parts), "province values"))
    by_cell: dict[tuple, list[Observation]] = defaultdict(list)
    for obs in observations:
        by_cell[(obs.geography, obs.series, obs.dimensions)].append(obs)
    for group in by_cell.values():
        for total in group:
            inside = [o for o in group if o is not total and _within(o.period, total.period)]
            for tiling in _tilings(total.period, inside):
                relations.append(Relation(total, tuple(tiling), "shorter periods"))
    return relations


def _month(year: int, month: int) -> int:
    return year * 12 + month - 1


def _within(part: Period, whole: Period) -> bool:
    return _month(whole.start_year, whole.start_month) <= _month(part.start_year, part.start_month) and _month(
        part.end_year, part.end_month
    ) <= _month(whole.end_year, whole.end_month)


def _tilings(whole: Period, inside: list[Observation]) -> list[list[Observation]]:
    """Ways of covering `whole` exactly, month by month, with the shorter periods `inside`."""
    end = _month(whole.end_year, whole.end_month)
    starting: dict[int, list[Observation]] = defaultdict(list)
    for obs in inside:
        starting[_month(obs.period.start_year, obs.period.start_month)].append(obs)
    found: list[list[Observation]] = []

    def extend(month: int, chosen: list[Observation]) -> None:
        if len(found) >= MAX_TILINGS:
            return
        if month == end + 1:
            found.append(list(chosen))
            return
        for obs in starting.get(month, []):
            extend(_month(obs.period.end_year, obs.period.end_month) + 1, [*chosen, obs])

    extend(_month(whole.start_year, whole.start_month), [])
    return found


def _determined(relations: list[Relation], column: dict[tuple, int]) -> Iterator[tuple[int, list[int]]]:
    """Unknown cells fixed by the equations, each with the relations that fix it.

    Gaussian elimination over fractions on [coefficients | identity]: a reduced row with a
    single non-zero coefficient pins that unknown down, and its identity part says which
    relations were combined to do it.
    """
    rows: list[tuple[dict[int, Fraction], dict[int, Fraction]]] = []
    for r, rel in enumerate(relations):
        coefficients: dict[int, Fraction] = defaultdict(Fraction)
        for part in rel.parts:
            if part.key in column:
                coefficients[column[part.key]] += 1
        if rel.total.key in column:
            coefficients[column[rel.total.key]] -= 1
        coefficients = {j: c for j, c in coefficients.items() if c}
        if coefficients:
            rows.append((coefficients, {r: Fraction(1)}))
    pivots: list[tuple[int, dict[int, Fraction], dict[int, Fraction]]] = []
    for coefficients, combination in rows:
        coefficients, combination = dict(coefficients), dict(combination)
        for j, pivot_row, pivot_combination in pivots:
            factor = coefficients.get(j)
            if factor:
                _subtract(coefficients, pivot_row, factor)
                _subtract(combination, pivot_combination, factor)
        if not coefficients:
            continue
        j = min(coefficients)
        scale = coefficients[j]
        coefficients = {c: v / scale for c, v in coefficients.items()}
        combination = {c: v / scale for c, v in combination.items()}
        for index, (pj, prow, pcomb) in enumerate(pivots):
            if prow.get(j):
                factor = prow[j]
                _subtract(prow, coefficients, factor)
                _subtract(pcomb, combination, factor)
                pivots[index] = (pj, prow, pcomb)
        pivots.append((j, coefficients, combination))
    for j, coefficients, combination in pivots:
        if len(coefficients) == 1:
            yield j, sorted(r for r, v in combination.items() if v)


def _subtract(target: dict[int, Fraction], row: dict[int, Fraction], factor: Fraction) -> None:
    for key, value in list(row.items()):
        target[key] = target.get(key, Fraction(0)) - factor * value
        if not target[key]:
            del target[key]
