"""The cells of a table and the sums a reader knows relate them, as unknowns for scripts/bounds.py.

A cell is one count: for a period, a place, a series and a breakdown. The file lists some of
them (published, bounded, suppressed or not available); others are implied: the province
missing from a sum of provinces, the breakdown group missing under a total, the months of a
year that no shorter period covers. Every cell is a sum of "atoms": the stretches of months
that no published period boundary splits, one unknown each per place, series and breakdown.
So the months of a year add up to the year by construction, and a sum of provinces, of a group's
members or of a breakdown's groups is one row per period. A group's figure is exactly the sum of
its members' (a reader can take the published members from it), and a group figure below
national level links the provinces to the country's total even where no province is listed.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scripts.bounds import Expr, Model
from scripts.model import Dimension, Indicator, Observation, Period, Text
from scripts.problems import Phrase, phrase

Dims = tuple[tuple[str, str], ...]
Key = tuple[str, Period, str, str, Dims]  # indicator, period, geography, series, breakdown
Line = tuple[str, str, str, Dims]  # the same without the period


@dataclass(eq=False)
class Cell:
    """One count, listed in the file (obs) or implied by a sum it belongs to (obs is None)."""

    indicator: str
    period: Period
    geography: str
    series: str
    dimensions: Dims
    obs: Observation | None
    source: Observation  # the row that lists it, or the total that implies it
    expr: Expr = field(default_factory=dict)

    @property
    def key(self) -> Key:
        """What identifies the cell among all indicators."""
        return (self.indicator, self.period, self.geography, self.series, self.dimensions)

    @property
    def line(self) -> Line:
        """The cell's place, series and breakdown: the cells of one line differ only in period."""
        return (self.indicator, self.geography, self.series, self.dimensions)

    @property
    def status(self) -> str:
        """The row's status, or "absent" for a cell the file does not list."""
        return self.obs.status if self.obs else "absent"


@dataclass(frozen=True)
class Sum:
    """A total and the parts that add up to it (at most to it, when the parts are not complete)."""

    total: Cell
    parts: tuple[Cell, ...]
    # What the parts are, in each language's words: "sex values" (codes.yml's _phrases), or
    # "province values" (translated by each language's _values table, by).
    by: Phrase | str
    complete: bool = True


@dataclass(frozen=True)
class Atom:
    """A stretch of months of one line that no period boundary splits: one unknown."""

    line: Line
    start: int  # months since year 0
    end: int  # the month after the last
    unknown: int

    @property
    def period(self) -> Period:
        """The stretch as a period."""
        return Period(self.start // 12, self.start % 12 + 1, (self.end - 1) // 12, (self.end - 1) % 12 + 1)


class Table:
    """The cells of one or more indicators that count the same persons, and the sums among them."""

    def __init__(
        self, country: str, provinces: Iterable[str], groups: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        self.country = country
        self.provinces = tuple(sorted(provinces))
        self.groups = dict(groups or {})  # a group's code -> its members' codes
        self.cells: dict[Key, Cell] = {}
        self.sums: list[Sum] = []
        # Each indicator's keys in the order first listed, as self.cells holds them: its sums are
        # made from its own cells, not by reading every cell of the family for each indicator.
        self._keys: dict[str, list[Key]] = defaultdict(list)

    def add(self, ind: Indicator, observations: Iterable[Observation]) -> None:
        """List an indicator's rows, then the sums its breakdowns and provinces make."""
        for obs in observations:
            self._list((ind.id, *obs.key), Cell(ind.id, *obs.key, obs=obs, source=obs))
        for dim in ind.dimensions:
            self._breakdown(ind.id, dim)
        if self.groups:
            self._groups(ind.id)
        if self.provinces:
            self._provinces(ind.id)

    def find(self, indicator: str, period: Period, geography: str, series: str, dims: Dims) -> Cell | None:
        """The cell with this key, listed or implied; None when no row or sum involves it."""
        return self.cells.get((indicator, period, geography, series, dims))

    def atoms(self, model: Model[Any]) -> list[tuple[Atom, Cell]]:
        """Give every cell its sum of atoms; return each atom no cell is exactly, with the row that covers it."""
        by_line: dict[Line, list[Cell]] = defaultdict(list)
        for cell in self.cells.values():
            by_line[cell.line].append(cell)
        loose = []
        for line, cells in by_line.items():
            spans = [(_month(c.period.start_year, c.period.start_month), _month(c.period.end_year, c.period.end_month) + 1)
                     for c in cells]  # fmt: skip
            points = sorted({p for span in spans for p in span})
            covered = [False] * (len(points) - 1)
            for start, end in spans:
                for i in range(bisect.bisect_left(points, start), bisect.bisect_left(points, end)):
                    covered[i] = True
            unknowns = {i: model.unknown() for i, c in enumerate(covered) if c}
            exact = set()
            for cell, (start, end) in zip(cells, spans, strict=True):
                first, last = bisect.bisect_left(points, start), bisect.bisect_left(points, end)
                cell.expr = {unknowns[i]: 1 for i in range(first, last)}
                if last == first + 1:
                    exact.add(first)
            for i, unknown in unknowns.items():
                if i in exact:
                    continue
                atom = Atom(line, points[i], points[i + 1], unknown)
                around = [
                    (e - s, c) for c, (s, e) in zip(cells, spans, strict=True) if s <= atom.start and atom.end <= e
                ]
                listed = [(size, c) for size, c in around if c.obs is not None] or around
                loose.append((atom, min(listed, key=lambda sc: (sc[0], sc[1].source.where.line))[1]))
        return loose

    # --- sums -------------------------------------------------------------------------------

    def _breakdown(self, indicator: str, dim: Dimension) -> None:
        groups: dict[Key, list[Cell]] = defaultdict(list)
        for cell in self._own(indicator):
            if dict(cell.dimensions).get(dim.id):
                blank = tuple((d, "" if d == dim.id else v) for d, v in cell.dimensions)
                groups[(indicator, cell.period, cell.geography, cell.series, blank)].append(cell)
        title = dim.title
        name = Text(title.default.lower() or dim.id, tuple((lang, text.lower()) for lang, text in title.translations))
        words = phrase("values-by", dimension=name)
        for key, parts in groups.items():
            total = self.cells.get(key)
            if total is None or all(p.obs is None for p in parts):
                continue
            have = {dict(p.dimensions)[dim.id] for p in parts}
            for value in dim.values:
                if value.id not in have:
                    dims = tuple((d, value.id if d == dim.id else v) for d, v in key[4])
                    parts.append(self._implied((indicator, key[1], key[2], key[3], dims), total))
            self.sums.append(Sum(total, tuple(parts), words, dim.complete))

    def _groups(self, indicator: str) -> None:
        """Each group's cell (listed, or implied by a breakdown of it) is the sum of its members' cells."""
        for cell in [c for c in self._own(indicator) if c.geography in self.groups]:
            parts = [self._implied((indicator, cell.period, code, cell.series, cell.dimensions), cell)
                     for code in self.groups[cell.geography]]  # fmt: skip
            self.sums.append(Sum(cell, tuple(parts), phrase("members-values", group=cell.geography)))

    def _provinces(self, indicator: str) -> None:
        inside = set(self.provinces)
        groups: dict[Key, list[Cell]] = defaultdict(list)
        grouped = set()  # (period, series, breakdown) of a group's cell: it ties its members to the total
        for cell in self._own(indicator):
            if cell.geography in inside:
                groups[(indicator, cell.period, self.country, cell.series, cell.dimensions)].append(cell)
            elif cell.geography in self.groups:
                grouped.add((cell.period, cell.series, cell.dimensions))
        for key, parts in groups.items():
            total = self.cells.get(key)
            if total is None or all(p.obs is None for p in parts) and (key[1], key[3], key[4]) not in grouped:
                continue
            have = {p.geography for p in parts}
            for code in self.provinces:
                if code not in have:
                    parts.append(self._implied((indicator, key[1], code, key[3], key[4]), total))
            self.sums.append(Sum(total, tuple(parts), "province values"))

    def _implied(self, key: Key, total: Cell) -> Cell:
        cell = self.cells.get(key)
        if cell is None:
            cell = self._list(key, Cell(*key, obs=None, source=total.source))
        return cell

    def _list(self, key: Key, cell: Cell) -> Cell:
        if key not in self.cells:
            self._keys[key[0]].append(key)
        self.cells[key] = cell
        return cell

    def _own(self, indicator: str) -> list[Cell]:
        """The indicator's cells as listed so far, in self.cells' order (a copy: sums add cells)."""
        return [self.cells[key] for key in self._keys[indicator]]


def _month(year: int, month: int) -> int:
    return year * 12 + month - 1
