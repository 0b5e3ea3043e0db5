"""Exact integer bounds over published sums: what a reader can work out about a hidden count.

Disclosure control (scripts/disclosure.py) turns a table into whole-number unknowns that are
never negative and linear rows `lo <= sum(coefficient * unknown) <= hi`; this module answers
"how large (or small) can this expression be?" exactly over the integers, with HiGHS through
scipy.optimize.milp, within a time budget. Rows carry a tag (the published figure they stand
for), so that a bound can be explained by the figures behind it (the LP's dual values).
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

# NumPy and SciPy's solvers are imported where a table needs them: most builds never solve one
# (scripts/disclosure.py remembers the families found clean), and importing scipy.optimize
# costs about half a second of a process's start, NumPy a tenth.
if TYPE_CHECKING:
    from scipy.optimize import LinearConstraint
    from scipy.sparse import csr_array

INF = math.inf
# Which row set each bound: (unknown, "lo"/"hi") -> (row index, side of the row used).
Why = dict[tuple[int, str], tuple[int, str]]
Expr = dict[int, int]  # unknown -> coefficient
# What a row stands for: the caller's own record of a published figure or a sum.
Tag = TypeVar("Tag")
# Coefficients and bounds beyond this lose exactness in floating point: such a table is refused.
MAX_MAGNITUDE = 10**13
# The solver's own limit is in seconds of the clock: this many times the processor time left, as a backstop.
WALL_FACTOR = 4


class TooComplex(Exception):
    """The check did not finish within its budget: the table is refused, never let through."""


@dataclass
class Row(Generic[Tag]):
    """lo <= sum(coefficient * unknown) <= hi, standing for `tag` (a published figure or a sum)."""

    expr: Expr
    lo: float
    hi: float
    tag: Tag


@dataclass
class Model(Generic[Tag]):
    """Whole-number unknowns (never negative) and the rows that relate them."""

    size: int = 0
    rows: list[Row[Tag]] = field(default_factory=list)

    def unknown(self) -> int:
        """A new unknown count."""
        self.size += 1
        return self.size - 1

    def add(self, expr: Expr, lo: float, hi: float, tag: Tag) -> None:
        """Add a row, dropping zero coefficients; a row without unknowns says nothing."""
        expr = {j: c for j, c in expr.items() if c}
        if expr:
            self.rows.append(Row(expr, lo, hi, tag))


def components(model: Model[Tag], links: Sequence[Expr] = ()) -> list[tuple[list[int], list[Row[Tag]]]]:
    """The model split into independent parts: unknowns linked by rows (or by `links`), and those rows."""
    parent = list(range(model.size))

    def find(j: int) -> int:
        while parent[j] != j:
            parent[j] = parent[parent[j]]
            j = parent[j]
        return j

    for expr in [row.expr for row in model.rows] + [e for e in links if e]:
        first, *rest = expr
        for j in rest:
            a, b = find(first), find(j)
            if a != b:
                parent[b] = a
    unknowns: dict[int, list[int]] = {}
    for j in range(model.size):
        unknowns.setdefault(find(j), []).append(j)
    rows: dict[int, list[Row[Tag]]] = {root: [] for root in unknowns}
    for row in model.rows:
        rows[find(next(iter(row.expr)))].append(row)
    return [(unknowns[root], rows[root]) for root in unknowns]


class Solver(Generic[Tag]):
    """One component's rows, asked many questions; every answer exact over the integers."""

    def __init__(self, unknowns: list[int], rows: list[Row[Tag]], deadline: float) -> None:
        self.column = {j: i for i, j in enumerate(unknowns)}
        self.rows = rows
        self.deadline = deadline
        for row in rows:
            if any(abs(c) > MAX_MAGNITUDE for c in row.expr.values()) or max(
                abs(b) for b in (row.lo, row.hi, 0) if b not in (INF, -INF)
            ) > MAX_MAGNITUDE:  # fmt: skip
                raise TooComplex("figures too large to check exactly")
        import numpy as np

        self.base = [self._columns(r.expr) for r in rows]
        self._base: dict[int, LinearConstraint] = {}
        self.lo = np.array([r.lo for r in rows], dtype=float)
        self.hi = np.array([r.hi for r in rows], dtype=float)

    def feasible(self) -> list[int] | None:
        """Some solution of the rows, or None when they contradict each other."""
        return self._solve({}, [], sense=1)[1]

    def maximum(self, expr: Expr, cap: float) -> tuple[int, list[int]] | None:
        """The largest value of `expr` up to `cap`, with a solution reaching it; None if there is no solution."""
        cols = self._columns(expr)
        value, x = self._solve(cols, [(cols, -INF, cap)], sense=-1)
        return None if x is None else (round(value), x)

    def minimum(self, expr: Expr) -> tuple[int, list[int]] | None:
        """The smallest value of `expr`, with a solution reaching it; None if there is no solution."""
        value, x = self._solve(self._columns(expr), [], sense=1)
        return None if x is None else (round(value), x)

    def saturate(self, exprs: list[Expr], k: int) -> list[int] | None:
        """A solution letting as many of `exprs` as possible reach k together (maximises the sum of min(e, k))."""
        n = len(self.column)
        extra = [({**self._columns(e), n + t: -1}, 0.0, INF) for t, e in enumerate(exprs)]  # e - y_t >= 0
        _, x = self._solve({n + t: 1 for t in range(len(exprs))}, extra, sense=-1, added=(len(exprs), k))
        return x

    def value(self, expr: Expr, x: list[int]) -> int:
        """The value of `expr` in the solution `x`."""
        return sum(c * x[self.column[j]] for j, c in expr.items())

    def certificate(self, expr: Expr, sense: int) -> list[tuple[Tag, float]]:
        """The rows that bound `expr` (its largest value for sense -1, smallest for 1), each with its weight.

        These are the LP's dual values: the bound is the sum of weight times row value, so a
        row with a positive weight adds to it and one with a negative weight is subtracted.
        """
        import numpy as np
        from scipy.optimize import linprog

        self._check_time()
        c = np.zeros(len(self.column))
        for col, coefficient in self._columns(expr).items():
            c[col] = sense * coefficient
        equal = [i for i, r in enumerate(self.rows) if r.lo == r.hi]
        upper = [i for i, r in enumerate(self.rows) if r.lo != r.hi and r.hi < INF]
        lower = [i for i, r in enumerate(self.rows) if r.lo != r.hi and r.lo > -INF]
        a_ub = [self._columns(self.rows[i].expr) for i in upper]
        a_ub += [{j: -v for j, v in self._columns(self.rows[i].expr).items()} for i in lower]
        b_ub = [self.rows[i].hi for i in upper] + [-self.rows[i].lo for i in lower]
        # HiGHS takes the sparse matrices as they are; scipy-stubs types A_ub and A_eq as dense only.
        res = linprog(  # type: ignore[call-overload]
            c,
            A_ub=self._matrix(a_ub, len(self.column)) if a_ub else None,
            b_ub=b_ub or None,
            A_eq=self._matrix([self._columns(self.rows[i].expr) for i in equal], len(self.column)) if equal else None,
            b_eq=[self.rows[i].lo for i in equal] or None,
            bounds=(0, None),
            method="highs",
        )
        if res.status != 0:
            return []
        # The bound is sense times the minimum found, so d(bound)/d(row value) is sense times the
        # marginal; a lower bound was passed negated (-expr <= -lo), which flips its sign again.
        weights: dict[int, float] = {}
        for i, marginal in zip(equal, res.eqlin.marginals, strict=True):
            weights[i] = weights.get(i, 0.0) + sense * marginal
        for i, marginal in zip(upper, res.ineqlin.marginals[: len(upper)], strict=True):
            weights[i] = weights.get(i, 0.0) + sense * marginal
        for i, marginal in zip(lower, res.ineqlin.marginals[len(upper) :], strict=True):
            weights[i] = weights.get(i, 0.0) - sense * marginal
        return [(self.rows[i].tag, w) for i, w in sorted(weights.items()) if abs(w) > 1e-9]

    # --- the solver itself ----------------------------------------------------------------

    def _columns(self, expr: Expr) -> dict[int, int]:
        return {self.column[j]: c for j, c in expr.items()}

    @staticmethod
    def _matrix(rows: list[dict[int, int]], width: int) -> csr_array:
        from scipy.sparse import csr_array

        data = [float(c) for row in rows for c in row.values()]
        where = ([i for i, row in enumerate(rows) for _ in row], [j for row in rows for j in row])
        return csr_array((data, where), shape=(len(rows), width))

    def _solve(self, objective: dict[int, int], extra: list[tuple[dict[int, int], float, float]], sense: int,
               added: tuple[int, int] = (0, 0)) -> tuple[float, list[int] | None]:  # fmt: skip
        """Optimise sense * objective (in columns) under the rows, `extra` rows, and `added` continuous columns.

        `added` is (how many, upper bound): columns after the unknowns, between 0 and that bound.
        """
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp

        remaining = self._check_time()
        n = len(self.column)
        count, cap = added
        width = n + count
        c = np.zeros(width)
        for col, coefficient in objective.items():
            c[col] = sense * coefficient
        if width not in self._base:
            self._base[width] = LinearConstraint(self._matrix(self.base, width), self.lo, self.hi)
        constraints = [self._base[width]] if self.base else []
        if extra:
            constraints.append(LinearConstraint(self._matrix([e for e, _, _ in extra], width),
                                                [lo for _, lo, _ in extra], [hi for _, _, hi in extra]))  # fmt: skip
        bounds = Bounds(np.zeros(width), np.concatenate([np.full(n, np.inf), np.full(count, float(cap))]))
        # Sums of counts mostly have whole-number corners: the LP's answer, when whole, is the answer.
        relaxed = milp(c, bounds=bounds, constraints=constraints, options={"time_limit": WALL_FACTOR * remaining})
        if relaxed.status == 2:
            return 0.0, None
        if (
            relaxed.status == 0
            and relaxed.x is not None
            and np.allclose(relaxed.x[:n], np.round(relaxed.x[:n]), atol=1e-7)
        ):
            return sense * float(relaxed.fun), [round(v) for v in relaxed.x[:n]]
        integrality = np.concatenate([np.ones(n), np.zeros(count)])
        with _silenced():  # HiGHS's branch and bound may print a debugging line of its own
            res = milp(c, integrality=integrality, bounds=bounds, constraints=constraints,
                       options={"time_limit": WALL_FACTOR * self._check_time(), "presolve": True})  # fmt: skip
        if res.status == 2:
            return 0.0, None
        if res.status != 0 or res.x is None:
            raise TooComplex("the solver ran out of time" if res.status == 1 else f"the solver stopped: {res.message}")
        return sense * float(res.fun), [round(v) for v in res.x[:n]]

    def _check_time(self) -> float:
        remaining = self.deadline - time.process_time()
        if remaining <= 0:
            raise TooComplex("the check ran out of time")
        return remaining


def deadline(seconds: float) -> float:
    """The processor time by which a check started now must be finished.

    Processor time, not the clock: on a shared machine the same table gets the same answer.
    """
    return time.process_time() + seconds


@contextmanager
def _silenced() -> Iterator[None]:
    """Send what C code writes to standard output (file 1) nowhere, for the length of the block."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


@dataclass
class Propagation(Generic[Tag]):
    """Bounds on every unknown implied row by row (outer bounds: true ones lie within), with their reasons."""

    rows: list[Row[Tag]]
    lo: dict[int, float]
    hi: dict[int, float]
    why: Why

    def explain(self, j: int, sides: tuple[str, ...] = ("lo", "hi")) -> list[Row[Tag]]:
        """The rows a bound on `j` was worked out from, and the rows behind those, in order found."""
        seen: set[tuple[int, str]] = set()
        used: dict[int, None] = {}
        stack = [(j, side) for side in sides]
        while stack:
            key = stack.pop()
            if key in seen or key not in self.why:
                continue
            seen.add(key)
            i, side = self.why[key]
            used[i] = None
            for other, c in self.rows[i].expr.items():
                if other != key[0]:
                    # From the row's upper side the others' smallest contributions were used, and so on.
                    smallest = (c > 0) == (side == "hi")
                    stack.append((other, "lo" if smallest else "hi"))
        return [self.rows[i] for i in used]


def propagate(rows: list[Row[Tag]], budget: int) -> Propagation[Tag] | None:
    """Tighten whole-number bounds row by row until nothing changes (or `budget` terms are read); None if contradictory.

    Exact integer arithmetic: the rows' coefficients and finite bounds are whole numbers.
    """
    lo: dict[int, float] = {}
    hi: dict[int, float] = {}
    why: Why = {}
    rows_of: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        for j in row.expr:
            lo.setdefault(j, 0)
            hi.setdefault(j, INF)
            rows_of.setdefault(j, []).append(i)
    queue = deque(range(len(rows)))
    waiting = set(queue)
    while queue and budget > 0:
        i = queue.popleft()
        waiting.discard(i)
        row = rows[i]
        budget -= len(row.expr)
        low_sum, low_inf, high_sum, high_inf = 0, 0, 0, 0
        for j, c in row.expr.items():
            least, most = (lo[j], hi[j]) if c > 0 else (hi[j], lo[j])
            if least in (INF, -INF):
                low_inf += 1
            else:
                low_sum += c * int(least)
            if most in (INF, -INF):
                high_inf += 1
            else:
                high_sum += c * int(most)
        if (not low_inf and low_sum > row.hi) or (not high_inf and high_sum < row.lo):
            return None
        for j, c in row.expr.items():
            least, most = (lo[j], hi[j]) if c > 0 else (hi[j], lo[j])
            changed = False
            if row.hi < INF:  # c*x_j <= hi - (smallest of the others)
                rest = _rest(low_sum, low_inf, c, least)
                if rest is not None:
                    changed |= _tighten(lo, hi, why, j, c, int(row.hi) - rest, upper=True, reason=(i, "hi"))
            if row.lo > -INF:  # c*x_j >= lo - (largest of the others)
                rest = _rest(high_sum, high_inf, c, most)
                if rest is not None:
                    changed |= _tighten(lo, hi, why, j, c, int(row.lo) - rest, upper=False, reason=(i, "lo"))
            if lo[j] > hi[j]:
                return None
            if changed:
                for other in rows_of[j]:
                    if other != i and other not in waiting:
                        waiting.add(other)
                        queue.append(other)
    return Propagation(rows, lo, hi, why)


def _rest(total: int, infinite: int, c: int, own: float) -> int | None:
    """The others' part of a row's smallest (or largest) sum, when finite."""
    if own in (INF, -INF):
        return total if infinite == 1 else None
    return total - c * int(own) if infinite == 0 else None


def _tighten(
    lo: dict[int, float],
    hi: dict[int, float],
    why: Why,
    j: int,
    c: int,
    room: int,
    upper: bool,
    reason: tuple[int, str],
) -> bool:
    """Apply c*x_j <= room (`upper`) or c*x_j >= room to the bounds of x_j, rounded to whole numbers."""
    if upper:
        new_hi, new_lo = (room // c, None) if c > 0 else (None, -(room // -c))
    else:
        new_hi, new_lo = (None, -((-room) // c)) if c > 0 else ((-room) // -c, None)
    if new_hi is not None and new_hi < hi[j]:
        hi[j] = new_hi
        why[(j, "hi")] = reason
        return True
    if new_lo is not None and new_lo > lo[j]:
        lo[j] = new_lo
        why[(j, "lo")] = reason
        return True
    return False
