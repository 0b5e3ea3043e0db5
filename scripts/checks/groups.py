"""geography/groups.yml: each group of provinces named once, by an id no province or country has,
with at least two members that are rows of provinces.csv; and a group's figures that cannot be
the sum of its members' figures, or exceed the country's."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from scripts.checks import place
from scripts.checks.references import named, unique_ids
from scripts.load import YamlDoc
from scripts.model import Group, Indicator, Observation, Period, Province
from scripts.problems import Place, Problem, in_column, problem

At = Callable[..., tuple[int, int]]
# Qualifiers whose figure is at least the count (a lower bound), and the one that is the count itself.
AT_LEAST = ("", "at-least", "more-than")
Key = tuple[Period, str, tuple[tuple[str, str], ...]]  # period, series, breakdown


def group_problems(
    doc: YamlDoc, groups: Sequence[Group], provinces: Sequence[Province], country: str, sources: set[str]
) -> Iterator[Problem]:
    """Ids once each and unlike any province's or the country's code; members known; sources known."""
    yield from unique_ids(doc, "group")
    codes = {p.code for p in provinces}
    taken = {code.lower(): code for code in (country, *codes)}  # URLs are lower case: KH-1 and kh-1 are one page
    ids = {g.code for g in groups}
    for i, group in enumerate(groups):
        if group.code.lower() in taken:
            yield problem("bad-group/clash", place.key(doc, (i, "id")), group.code, code=taken[group.code.lower()])
        for j, member in enumerate(group.members):
            if member in ids:
                yield problem("bad-group/nested", place.key(doc, (i, "members", j)), member)
            elif member not in codes:
                yield problem("bad-group/member", place.key(doc, (i, "members", j)), member)
        if len(group.members) == 1:
            yield problem("bad-group/one", place.key(doc, (i, "members")), group.members[0], id=group.code)
        if group.source:
            yield from named(doc, (i, "source"), "source", group.source, sources)


def figure_problems(
    ind: Indicator, observations: Sequence[Observation], groups: Sequence[Group], country: str, at: At
) -> Iterator[Problem]:
    """A count for a group that is less than its members' figures add up to, other than their sum when
    every member has an exact figure, or more than the country's figure for the same period and breakdown."""
    if ind.unit != "count" or not groups:
        return
    figures: dict[tuple[str, Key], Observation] = {}
    for obs in observations:
        if isinstance(obs.value, (int, float)) and obs.status not in ("suppressed", "not-available"):
            figures[(obs.geography, (obs.period, obs.series, obs.dimensions))] = obs
    for (geography, key), obs in figures.items():
        group = next((g for g in groups if g.code == geography), None)
        if group is None:
            continue
        yield from _against_members(obs, group, [figures.get((m, key)) for m in group.members], at)
        national = figures.get((country, key))
        if national is not None and not national.qualifier and obs.qualifier in AT_LEAST:
            assert isinstance(obs.value, (int, float)) and isinstance(national.value, (int, float))
            if obs.value > national.value:
                yield problem("group-figure/country", _value(obs, at), f"{obs.value:g}", group=group.code,
                              country=f"{national.value:g}", line=national.where.line)  # fmt: skip


def _against_members(obs: Observation, group: Group, members: list[Observation | None], at: At) -> Iterator[Problem]:
    given = [m for m in members if m is not None and m.qualifier in AT_LEAST]
    low = sum(m.value for m in given if isinstance(m.value, (int, float)))
    lines = ", ".join(str(m.where.line) for m in given)
    assert isinstance(obs.value, (int, float))
    exact = all(m is not None and not m.qualifier for m in members)
    if not obs.qualifier and given and low > obs.value:
        yield problem("group-figure/members", _value(obs, at), f"{obs.value:g}", group=group.code,
                      total=f"{low:g}", lines=lines)  # fmt: skip
    elif not obs.qualifier and exact and low != obs.value:
        yield problem("group-figure/sum", _value(obs, at), f"{obs.value:g}", group=group.code,
                      total=f"{low:g}", lines=lines)  # fmt: skip


def _value(obs: Observation, at: At) -> Place:
    return Place(obs.where.path, *at(obs), in_column("value"))
