"""The audit's rows, and how they are written: JSON for programs, a Markdown table for people."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Row:
    """One row of the goal table: what was checked, the goal, whether it is met, and the figures."""

    check: str
    goal: str
    met: bool | None  # None: not measured (a tool is missing), said in `figures`
    figures: str
    details: list[str] = field(default_factory=list)  # what failed, one line each (the first few are shown)
    gate: bool = True  # False for timings (Lighthouse): reported, never a failure


def markdown(rows: list[Row], title: str = "Site audit") -> str:
    """The goal table in Markdown, with the first failures of each unmet row under it."""
    met = sum(1 for r in rows if r.met)
    lines = [
        f"## {title}: {met} of {len(rows)} goals met",
        "",
        "| check | goal | | figures |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        mark = "met" if r.met else ("not measured" if r.met is None else "**not met**")
        if not r.gate:
            mark += " (reported)"
        lines.append(f"| {_cell(r.check)} | {_cell(r.goal)} | {mark} | {_cell(r.figures)} |")
    failing = [r for r in rows if r.met is False and r.details]
    for r in failing:
        lines += ["", f"**{r.check}**, not met:", ""]
        lines += [f"- {_cell(d)}" for d in r.details[:12]]
        if len(r.details) > 12:
            lines.append(f"- … and {len(r.details) - 12} more (audit.json)")
    return "\n".join(lines) + "\n"


def write(rows: list[Row], out: Path, extra: dict[str, object]) -> None:
    """audit.json and audit.md in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    data = {"rows": [asdict(r) for r in rows], **extra}
    (out / "audit.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "audit.md").write_text(markdown(rows), encoding="utf-8")


def text(rows: list[Row]) -> str:
    """The goal table for a terminal: one line per row."""
    width = max(len(r.check) for r in rows)
    out = []
    for r in rows:
        mark = "met    " if r.met else ("n/a    " if r.met is None else "NOT MET")
        out.append(f"{mark} {r.check:<{width}}  {r.figures}" + ("" if r.gate else "  (reported, not a gate)"))
    return "\n".join(out)


def _cell(value: str) -> str:
    return " ".join(value.replace("|", "\\|").split())
