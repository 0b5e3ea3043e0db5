"""Which unpublished counts of persons the published figures give away, and which lines do it.

Every cell a sensitive table does not publish (suppressed, not available, or simply absent
from a sum whose total and other parts are there) is an unknown; every published figure, sum
of provinces, of a group's members or of breakdown groups, shorter period inside a longer one, indicator counting part
of the same persons (`part_of`), rate and percentage is a linear row over those unknowns
(scripts/cells.py). scripts/bounds.py then finds, exactly over the whole numbers, how large
and how small each unknown can be. A reader must not be able to pin a suppressed cell to one
value, nor tell of any other unpublished cell that it is from 1 to k-1 ("at most 4").

The rules a reader is assumed to know: counts are whole numbers, never negative; a suppressed
cell is from 1 to k-1 (the legend says so); `approx` is the figure itself, `at-least` and
`more-than` are lower bounds; a rate or percentage is rounded to the digits it is written
with. Where the figures contradict these rules (a figure suppressed to protect another is
larger than k-1, a breakdown does not add up), the rule is dropped, then the sums that do not
add up, and a table that still contradicts itself is refused, never let through unchecked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scripts.bounds import INF, Expr, Model, Row, Solver, TooComplex, components, deadline, propagate
from scripts.cells import Atom, Cell, Dims, Sum, Table
from scripts.model import NO_VALUE_STATUSES, Group, Indicator, Observation, Province, Site
from scripts.problems import Phrase, Place, Problem, phrase, problem

At = Callable[..., tuple[int, int]]
# A table (an indicator and those counting the same persons) gets this much processor time, then is refused.
SECONDS_PER_TABLE = 5.0
# Larger parts are refused at once as too complex to check, before any solving.
MAX_UNKNOWNS = 20_000
MAX_TARGETS = 5_000
# Rounds of "let as many hidden cells as possible reach k at once" before asking one by one.
SATURATION_ROUNDS = 4
# Cells found by the solver rather than row by row whose figures are named in the message.
MAX_EXPLAINED = 20
# Row-by-row bound tightening reads each row about this many times at most.
PROPAGATION_PASSES = 50
# Decimals of a percentage taken into account (more would make the rows too large to solve exactly).
MAX_DECIMALS = 6


@dataclass(frozen=True)
class Target:
    """An unpublished count to protect, with what it is and where to point the editor."""

    expr: Expr
    cell: Cell | None
    route: str  # suppressed, unpublished, absent, rate, percent, part-of
    obs: Observation  # the row a problem is reported on
    what: Phrase | None  # the count in words, for absent cells and derived counts
    exempt: bool = False
    unit: str = "persons"  # what the count counts, in words (victims)


@dataclass(frozen=True)
class Tag:
    """What a row stands for: a published figure (obs), a sum, or a rule."""

    kind: str  # value, approx, suppressed, rate, percent, sum, part-of, link
    obs: Observation | None = None
    sum: Sum | None = None


def exposures(family: Sequence[Indicator], by_id: Mapping[str, Indicator], site: Site,
              provinces: tuple[Province, ...], at: Mapping[str, At],
              groups: tuple[Group, ...] = ()) -> Iterator[Problem]:  # fmt: skip
    """Every unpublished count of a sensitive indicator in `family` that published figures give away."""
    finish = deadline(SECONDS_PER_TABLE)
    k = site.disclosure_threshold
    table = Table(site.country_code, [p.code for p in provinces], {g.code: g.members for g in groups})
    counts = [ind for ind in family if ind.unit == "count"]
    for ind in counts:
        table.add(ind, ind.observations)
    model: Model[Tag] = Model()
    loose = table.atoms(model)
    builder = _Rows(table, model, by_id, site, provinces, k)
    targets = builder.targets(counts, loose)
    for ind in family:
        base = by_id.get(ind.derived_from) if ind.derived_from else None
        if base is not None and base.unit == "count" and ind.unit in ("rate-per-100000", "percent"):
            targets += builder.derived(ind, base)
    for ind in counts:
        whole = by_id.get(ind.part_of) if ind.part_of else None
        if whole is not None and whole.unit == "count" and whole in family:
            targets += builder.part_of(ind, whole)
    yield from builder.problems
    targets = [t for t in targets if not t.exempt]
    if not targets:
        return
    links = [t.expr for t in targets]
    for unknowns, rows in components(model, links):
        mine = [t for t in targets if next(iter(t.expr)) in set(unknowns)]
        if not mine or not rows:
            continue
        try:
            if len(unknowns) > MAX_UNKNOWNS or len(mine) > MAX_TARGETS:
                raise TooComplex(f"{len(unknowns)} unknown counts and {len(mine)} hidden cells")
            yield from _check(unknowns, rows, mine, k, finish, at)
        except TooComplex as err:
            yield _too_complex(mine, rows, err, at)


class _Rows:
    """Turns a table's cells, and the rates, percentages and parts computed from them, into rows."""

    def __init__(self, table: Table, model: Model[Tag], by_id: Mapping[str, Indicator], site: Site,
                 provinces: tuple[Province, ...], k: int) -> None:  # fmt: skip
        self.table, self.model, self.by_id, self.site, self.k = table, model, by_id, site, k
        self.population = {p.code: p.population for p in provinces if p.population}
        if site.population:
            self.population.setdefault(site.country_code, site.population.value)
        self.problems: list[Problem] = []
        for cell in table.cells.values():
            if len(cell.expr) > 1:  # a cell of several stretches of months gets an unknown of its own
                whole = model.unknown()
                model.add({whole: 1, **{j: -c for j, c in cell.expr.items()}}, 0, 0, Tag("cell"))
                cell.expr = {whole: 1}
            self._value(cell)
        for s in table.sums:
            expr = dict(s.total.expr)
            for part in s.parts:
                for j, c in part.expr.items():
                    expr[j] = expr.get(j, 0) - c
            model.add(expr, 0, 0 if s.complete else INF, Tag("sum", sum=s))

    def _value(self, cell: Cell) -> None:
        obs = cell.obs
        if obs is None:
            return
        if obs.status == "suppressed":
            self.model.add(cell.expr, 1, self.k - 1, Tag("suppressed", obs))
        elif isinstance(obs.value, (int, float)) and obs.status != "not-available":
            v = obs.value
            if obs.qualifier == "at-least":
                self.model.add(cell.expr, v, INF, Tag("value", obs))
            elif obs.qualifier == "more-than":
                self.model.add(cell.expr, math.floor(v) + 1, INF, Tag("value", obs))
            else:
                self.model.add(cell.expr, v, v, Tag("approx" if obs.qualifier == "approx" else "value", obs))

    def targets(self, counts: list[Indicator], loose: list[tuple[Atom, Cell]]) -> list[Target]:
        """Suppressed, not-available and absent cells, and months of a line no period shows on its own."""
        sensitive = {ind.id: ind for ind in counts if ind.sensitive}
        out: list[Target] = []
        seen: set[frozenset[tuple[int, int]]] = set()
        for cell in self.table.cells.values():
            if cell.indicator not in sensitive or not cell.expr:
                continue
            exempt = self._exempt(cell.geography, cell.dimensions)
            if cell.status == "suppressed":
                out.append(Target(cell.expr, cell, "suppressed", cell.source, None, False))
            elif cell.status in ("not-available", "absent"):
                route = "unpublished" if cell.obs else "absent"
                out.append(Target(cell.expr, cell, route, cell.source, _words(cell, self.site), exempt))
            else:
                continue
            seen.add(frozenset(cell.expr.items()))
        for atom, around in loose:
            ind_id, geography, series, dims = atom.line
            if ind_id not in sensitive or frozenset({(atom.unknown, 1)}) in seen:
                continue
            cell = Cell(ind_id, atom.period, geography, series, dims, None, around.source, {atom.unknown: 1})
            out.append(Target(cell.expr, cell, "absent", around.source, _words(cell, self.site),
                              self._exempt(geography, dims)))  # fmt: skip
        return out

    def derived(self, ind: Indicator, base: Indicator) -> list[Target]:
        """Rates and percentages: each gives bounds on the count it is computed from."""
        out: list[Target] = []
        names = [d.id for d in base.dimensions]
        for obs in ind.observations:
            if not isinstance(obs.value, (int, float)) or obs.status in NO_VALUE_STATUSES:
                continue
            given = {d: v for d, v in obs.dimensions if v}
            if not set(given) <= set(names):
                continue
            dims = tuple((d, given.get(d, "")) for d in names)
            series = obs.series if any(s.id == obs.series for s in base.series) else base.series[0].id
            cell = self.table.find(base.id, obs.period, obs.geography, series, dims)
            if cell is not None and cell.status == "suppressed":
                continue  # reported as rate-from-suppressed
            exempt = self._exempt(obs.geography, dims)
            if ind.unit == "rate-per-100000":
                out += self._rate(obs.value, base, obs, cell, exempt)
            elif cell is not None and cell.expr and base.sensitive:
                out += self._percent(obs.value, base, obs, cell)
        return out

    def _rate(self, value: float, base: Indicator, obs: Observation, cell: Cell | None, exempt: bool) -> list[Target]:
        if not base.sensitive or exempt:
            return []
        population = self.population.get(obs.geography)
        if population is None:
            key = "rate-without-population/group" if obs.geography in self.table.groups else "rate-without-population"
            self.problems.append(problem(key, Place(obs.where.path, obs.where.line), f"{obs.value:g}",
                                         persons=base.unit_label.default or "persons", geography=obs.geography))  # fmt: skip
            return []
        rate, half = _rounding(value)
        low = math.ceil((rate - half) * population / 100_000)
        high = math.floor((rate + half) * population / 100_000)
        count = self.model.unknown()
        self.model.add({count: 1}, max(low, 0), max(high, 0), Tag("rate", obs))
        if cell is not None and cell.expr and (cell.obs is None or cell.status == "not-available"):
            self.model.add({count: 1, **{j: -c for j, c in cell.expr.items()}}, 0, 0, Tag("link", obs))
        what = phrase("population-of", geography=obs.geography, population=population)
        return [Target({count: 1}, None, "rate", obs, what, unit=base.unit_label.default or "persons")]

    def _percent(self, value: float, base: Indicator, obs: Observation, cell: Cell) -> list[Target]:
        share, half = _rounding(value, MAX_DECIMALS)
        part = self.model.unknown()
        scale = 100 * half.denominator
        low, high = (share - half) * half.denominator, (share + half) * half.denominator
        assert low.denominator == 1 and high.denominator == 1
        # part / base is between (share - half) / 100 and (share + half) / 100, in whole coefficients.
        self.model.add({part: scale, **{j: -c * int(low) for j, c in cell.expr.items()}}, 0, INF, Tag("percent", obs))
        self.model.add({part: scale, **{j: -c * int(high) for j, c in cell.expr.items()}}, -INF, 0, Tag("percent", obs))
        self.model.add({part: 1, **{j: -c for j, c in cell.expr.items()}}, -INF, 0, Tag("link", obs))
        rest = self.model.unknown()
        self.model.add({rest: 1, part: 1, **{j: -c for j, c in cell.expr.items()}}, 0, 0, Tag("link", obs))
        label = base.unit_label.default or "persons"
        return [
            Target({part: 1}, None, "percent", obs, phrase("described", persons=label)),
            Target({rest: 1}, None, "percent", obs, phrase("the-others", persons=label)),
        ]

    def part_of(self, part: Indicator, whole: Indicator) -> list[Target]:
        """Persons counted by `whole` but not by `part`: the difference of matching cells."""
        out: list[Target] = []
        names = [d.id for d in whole.dimensions]
        for cell in [c for c in self.table.cells.values() if c.indicator == part.id and c.obs is not None]:
            given = {d: v for d, v in cell.dimensions if v}
            if not set(given) <= set(names) or not cell.expr:
                continue
            dims = tuple((d, given.get(d, "")) for d in names)
            other = self.table.find(whole.id, cell.period, cell.geography, cell.series, dims)
            if other is None or not other.expr:
                continue
            rest = self.model.unknown()
            expr = dict(other.expr)
            for j, c in cell.expr.items():
                expr[j] = expr.get(j, 0) - c
            expr[rest] = -1
            self.model.add(expr, 0, 0, Tag("part-of", cell.obs))
            if whole.sensitive:
                what = phrase("counted-in-not", persons=whole.unit_label.default or "persons", whole=whole.id,
                              part=part.id)  # fmt: skip
                out.append(Target({rest: 1}, None, "part-of", cell.source, what))
        return out

    def _exempt(self, geography: str, dims: Dims) -> bool:
        return geography == self.site.country_code and not any(v for _, v in dims)


# --- solving ------------------------------------------------------------------------------


def _levels(rows: list[Row[Tag]], k: int) -> Iterator[list[Row[Tag]]]:
    """The rows as given; without the legend's bounds (a figure suppressed to protect another may be 0 or large)
    and approx figures; without the sums that cannot hold."""
    yield rows
    relaxed = [Row(r.expr, 0, INF, r.tag) if r.tag.kind == "suppressed" else r for r in rows if r.tag.kind != "approx"]
    yield relaxed
    bounds: dict[int, tuple[float, float]] = {}
    for r in relaxed:
        if len(r.expr) == 1 and r.tag.kind in ("value", "suppressed", "rate"):
            (j, c), = r.expr.items()  # fmt: skip
            if c == 1:
                lo, hi = bounds.get(j, (0, INF))
                bounds[j] = (max(lo, r.lo), min(hi, r.hi))
    yield [r for r in relaxed if r.tag.kind not in ("sum", "part-of", "percent", "rate") or _can_hold(r, bounds)]


def _can_hold(row: Row[Tag], bounds: dict[int, tuple[float, float]]) -> bool:
    low = sum(c * (bounds.get(j, (0, INF))[0] if c > 0 else bounds.get(j, (0, INF))[1]) for j, c in row.expr.items())
    high = sum(c * (bounds.get(j, (0, INF))[1] if c > 0 else bounds.get(j, (0, INF))[0]) for j, c in row.expr.items())
    return low <= row.hi and high >= row.lo


def _check(unknowns: list[int], rows: list[Row[Tag]], targets: list[Target], k: int, finish: float,
           at: Mapping[str, At]) -> Iterator[Problem]:  # fmt: skip
    """Every target of one part of the model that a reader can pin down, or place below k."""
    budget = PROPAGATION_PASSES * sum(len(r.expr) for r in rows)
    for level in _levels(rows, k):
        # Bounds worked out row by row settle most cells at once, and say which figures did it.
        implied = propagate(level, budget)
        if implied is None:
            continue
        solver = Solver(unknowns, level, finish)
        if (x := solver.feasible()) is not None:
            break
    else:
        yield _contradiction(targets, rows, at)
        return
    pool, open_, hidden = [x], [], []
    for t in targets:
        (j,) = t.expr
        low, high = implied.lo.get(j, 0), implied.hi.get(j, INF)
        if t.route == "suppressed":
            if low == high:
                yield _revealed(t, int(low), int(high), _because(implied.explain(j)), k, at)
            else:
                hidden.append(t)
        elif high < k:
            if high >= 1 and (low >= 1 or solver.value(t.expr, x) >= 1 or _reaches(solver, t, 1)):
                yield _revealed(t, int(low), int(high), _because(implied.explain(j, ("lo", "hi") if low else ("hi",))),
                                k, at)  # fmt: skip
        else:
            open_.append(t)
    # Cells a reader must not learn to be below k: find solutions where many of them reach k at once.
    for _ in range(SATURATION_ROUNDS):
        if not open_:
            break
        solution = solver.saturate([t.expr for t in open_], k)
        if solution is None:
            break
        pool.append(solution)
        still = [t for t in open_ if solver.value(t.expr, solution) < k]
        if len(still) == len(open_):
            break
        open_ = still
    explained = [0]
    for t in open_:
        if any(solver.value(t.expr, s) >= k for s in pool[1:]):
            continue
        found = solver.maximum(t.expr, k)
        if found is not None:
            pool.append(found[1])
        if found is not None and 1 <= found[0] < k:
            low_found = solver.minimum(t.expr)
            low = low_found[0] if low_found else found[0]
            yield _revealed(t, low, found[0], _certificate(solver, t, explained), k, at)
    # Suppressed cells: a reader must not pin them to one value.
    if hidden:
        spread = (solver.saturate([t.expr for t in hidden], k), solver.minimum(_total(hidden)))
        pool += [s if isinstance(s, list) else s[1] for s in spread if s is not None]
    for t in hidden:
        values = {solver.value(t.expr, s) for s in pool}
        if len(values) > 1:
            continue
        (value,) = values
        up = solver.maximum(t.expr, value + 1)
        if up is not None and up[0] > value:
            pool.append(up[1])
            continue
        down = solver.minimum(t.expr)
        if down is not None and down[0] < value:
            pool.append(down[1])
            continue
        yield _revealed(t, value, value, _certificate(solver, t, explained), k, at)


def _certificate(solver: Solver[Tag], t: Target, explained: list[int]) -> list[tuple[Tag, float]]:
    """The LP's reasons for a bound, for the first few cells of a part only: each costs a solve."""
    explained[0] += 1
    return solver.certificate(t.expr, -1) if explained[0] <= MAX_EXPLAINED else []


def _reaches(solver: Solver[Tag], t: Target, value: int) -> bool:
    found = solver.maximum(t.expr, value)
    return found is not None and found[0] >= value


def _because(rows: list[Row[Tag]]) -> list[tuple[Tag, float]]:
    """The rows a bound was propagated from, as a certificate without signs."""
    return [(r.tag, 0.0) for r in rows]


def _total(targets: list[Target]) -> Expr:
    expr: Expr = {}
    for t in targets:
        for j, c in t.expr.items():
            expr[j] = expr.get(j, 0) + c
    return expr


# --- what editors read --------------------------------------------------------------------


def _revealed(t: Target, low: int, high: int, certificate: list[tuple[Tag, float]], k: int,
              at: Mapping[str, At]) -> Problem:  # fmt: skip
    """The problem for one given-away count. It never prints the count: build logs are public too."""
    path = t.obs.where.path
    line, column = at[t.obs.indicator](t.obs) if t.obs.indicator in at else (t.obs.where.line, 0)
    spot = Place(path, line, column)
    exact = low == high
    how, figures, total = _how(t, certificate, path, k)
    others = [o for o in figures if o is not t.obs]
    counts = [(o.value, o) for o in others if isinstance(o.value, (int, float))]
    smallest = min(counts, key=lambda pair: pair[0])[1] if counts else None
    also = _also(smallest, total, path, t.obs.indicator)
    if t.route == "suppressed":
        if also:
            return problem("recoverable-suppression/also", spot, how=how, also=phrase("also", what=also))
        return problem("recoverable-suppression", spot, how=how)
    # What published figures give away: the count itself, or that it is small.
    value = phrase("exact-value", most=k - 1) if exact else phrase("fewer-than", k=k)
    if t.route in ("unpublished", "absent"):
        fix = phrase("fix-enter") if t.route == "unpublished" else phrase("fix-add")
        if exact:
            fix = (
                phrase("fix-and", fix=fix, also=phrase("also", what=also)) if also else phrase("fix-and-more", fix=fix)
            )
        key = "recoverable-count/unpublished" if t.route == "unpublished" else "recoverable-count/absent"
        return problem(key, spot, what=t.what, value=value, how=how, fix=fix, most=k - 1)
    the = phrase("the-exact-value", most=k - 1) if exact else value
    if t.route == "rate":
        return problem("rate-reveals-small-count", spot, f"{t.obs.value:g}", what=t.what, persons=t.unit, value=the,
                       k=k)  # fmt: skip
    if t.route == "percent":
        return problem("percent-reveals-small-count", spot, f"{t.obs.value:g}", what=t.what, value=the, how=how,
                       instead=also or phrase("its-count"))  # fmt: skip
    whole = next((o for o in figures if o.indicator != t.obs.indicator), None)
    how = phrase("minus-this", lines=_lines([whole], path)) if whole else how
    return problem("recoverable-count", spot, what=t.what, value=the, how=how,
                   instead=_lines([whole], path) if whole else phrase("its-whole"))  # fmt: skip


def _how(
    t: Target, certificate: list[tuple[Tag, float]], path: str, k: int
) -> tuple[Phrase, list[Observation], Observation | None]:
    """The figures behind a bound in words, the published rows among them, and the total they start from.

    A certificate from the LP has signs (a positive weight adds, a negative one is subtracted);
    one from propagation has none, and the total is then the sum's total or the longest period.
    """
    own = t.cell.obs if t.cell is not None else None
    sums = _unique_sums([tag.sum for tag, _ in certificate if tag.kind == "sum" and tag.sum])
    published = _unique([tag.obs for tag, _ in certificate if tag.kind in FIGURES and tag.obs and tag.obs is not own])
    hidden = _unique([tag.obs for tag, _ in certificate if tag.kind == "suppressed" and tag.obs and tag.obs is not own])
    if not published:
        return phrase("others-give-it"), [], None
    signed = {id(tag.obs): w for tag, w in certificate if tag.kind in FIGURES and tag.obs and w}
    if signed:
        plus = [o for o in published if signed.get(id(o), 0) > 0]
    elif len(sums) == 1:
        plus = [o for o in published if o is sums[0].total.obs]
    else:
        plus = _longest([o for o in published if t.cell is not None and _contains(o, t.cell)])
    minus = [o for o in published if o not in plus]
    if len(sums) == 1 and t.cell is sums[0].total and not hidden:
        return phrase("add-up", by=sums[0].by, lines=_lines(published, path)), published, None
    if len(sums) <= 1 and len(plus) == 1 and (minus or hidden):
        same = t.cell is not None and all(_same_line(o, plus[0]) for o in minus)
        by = sums[0].by if sums else "shorter periods" if same else "figures"
        total_on = _lines(plus, path)
        if minus and hidden:
            words = phrase("minus-leaves", total=total_on, by=by, minus=_lines(minus, path),
                           hidden=_lines(hidden, path), most=k - 1)  # fmt: skip
        elif minus:
            words = phrase("minus-gives", total=total_on, by=by, minus=_lines(minus, path))
        else:
            words = phrase("leaves", total=total_on, hidden=_lines(hidden, path), most=k - 1)
        return words, published, plus[0]
    total = max(plus or published, key=lambda o: o.value if isinstance(o.value, (int, float)) else 0)
    return phrase("together", lines=_lines(published, path)), published, total


FIGURES = ("value", "approx", "rate", "percent")


def _unique_sums(sums: list[Sum]) -> list[Sum]:
    out: list[Sum] = []
    for s in sums:
        if all(s is not o for o in out):
            out.append(s)
    return out


def _contains(obs: Observation, cell: Cell) -> bool:
    """True when the row is for the same place, series and breakdown, over a period that holds the cell's."""
    same = (obs.indicator, obs.geography, obs.series, obs.dimensions) == cell.line
    return (
        same
        and (obs.period.start_year, obs.period.start_month) <= (cell.period.start_year, cell.period.start_month)
        and (cell.period.end_year, cell.period.end_month) <= (obs.period.end_year, obs.period.end_month)
    )


def _longest(rows: list[Observation]) -> list[Observation]:
    return [max(rows, key=lambda o: o.period.months)] if rows else []


def _also(smallest: Observation | None, total: Observation | None, path: str, indicator: str) -> Phrase | None:
    """What else to suppress so that the count cannot be worked out, or None when nothing says what."""
    if total is not None and total.indicator != indicator:
        return phrase("suppress", lines=_lines([total], path))
    if smallest is not None and total is not None and smallest is not total:
        return phrase("suppress-smallest", smallest=_lines([smallest], path), total=_lines([total], path))
    if total is not None:
        return phrase("suppress-total", lines=_lines([total], path))
    return None


def _lines(rows: list[Observation], path: str) -> tuple[Phrase, ...]:
    """The lines of `rows`, those of this file first, then those of others with their file: a list each language joins."""
    here = sorted({o.where.line for o in rows if o.where.path == path})
    words = []
    if here:
        words.append(phrase("line", n=here[0]) if len(here) == 1 else phrase("lines", numbers=tuple(here)))
    elsewhere: dict[str, list[int]] = {}
    for o in rows:
        if o.where.path != path:
            elsewhere.setdefault(o.where.path, []).append(o.where.line)
    for other, numbers in sorted(elsewhere.items()):
        ordered = sorted(set(numbers))
        words.append(phrase("line-of", n=ordered[0], file=other) if len(ordered) == 1 else
                     phrase("lines-of", numbers=tuple(ordered), file=other))  # fmt: skip
    return tuple(words)


def _unique(rows: list[Observation]) -> list[Observation]:
    seen, out = set(), []
    for o in rows:
        if id(o) not in seen:
            seen.add(id(o))
            out.append(o)
    return out


def _same_line(a: Observation, b: Observation) -> bool:
    return (a.indicator, a.geography, a.series, a.dimensions) == (b.indicator, b.geography, b.series, b.dimensions)


def _too_complex(targets: list[Target], rows: list[Row[Tag]], err: TooComplex, at: Mapping[str, At]) -> Problem:
    first = min((t.obs for t in targets), key=lambda o: (o.where.path, o.where.line))
    listed = sorted({r.tag.obs.where.line for r in rows if r.tag.obs and r.tag.obs.where.path == first.where.path})
    span = (
        phrase("from-to", first=listed[0], last=listed[-1]) if len(listed) > 1 else phrase("line", n=first.where.line)
    )
    return problem("disclosure-too-complex", Place(first.where.path, first.where.line), span=span, error=str(err))


def _contradiction(targets: list[Target], rows: list[Row[Tag]], at: Mapping[str, At]) -> Problem:
    first = min((t.obs for t in targets), key=lambda o: (o.where.path, o.where.line))
    listed = sorted({r.tag.obs.where.line for r in rows if r.tag.obs and r.tag.obs.where.path == first.where.path})
    return problem("inconsistent-figures", Place(first.where.path, first.where.line),
                   lines=", ".join(map(str, listed[:12])))  # fmt: skip


def _words(cell: Cell, site: Site) -> Phrase:
    """Which count a cell is (the count for 2019 in ZZ-4, sex female), in names the editor wrote."""
    breakdown = ", ".join(f"{d} {v}" for d, v in cell.dimensions if v)
    period = cell.period.code()
    if cell.geography == site.country_code:
        return (
            phrase("count-for-breakdown", period=period, breakdown=breakdown)
            if breakdown
            else phrase("count-for", period=period)
        )
    if breakdown:
        return phrase("count-for-in-breakdown", period=period, geography=cell.geography, breakdown=breakdown)
    return phrase("count-for-in", period=period, geography=cell.geography)


def _rounding(value: float, decimals: int | None = None) -> tuple[Fraction, Fraction]:
    """A figure and half a unit of its last digit that is not a trailing zero: the true value is within that of it.

    The value was read as a number, so 2.50 looks like 2.5 and 7.0 like 7: the wider reading is taken.
    """
    exact = Decimal(repr(value)).normalize() if isinstance(value, float) else Decimal(value)
    if exact == exact.to_integral_value():
        exact = exact.quantize(Decimal(1))
    places = max(0, -exact.as_tuple().exponent)  # type: ignore[operator]
    if decimals is not None and places > decimals:
        places = decimals
        exact = round(exact, decimals)
    return Fraction(exact), Fraction(1, 2 * 10**places)
