"""Benchmark of the build: each pipeline stage, on the default data and on a large synthetic set.

Run with `make bench`. Prints a table and writes bench/results/latest.json. Timings are
measured here, never asserted in tests: machines differ.
The large dataset is made up (a country "ZZ" with many indicators and regions) and is
marked synthetic on every page it produces; it never leaves the temporary folder.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from scripts.audit import audit
from scripts.build import build
from scripts.charts import charts
from scripts.compute import compute
from scripts.i18n import locale
from scripts.load import load
from scripts.pages import pages
from scripts.translations import coverage
from scripts.validate import validate

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"
RESULTS = ROOT / "bench" / "results"


def main() -> None:
    """Time every stage on both datasets and report."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        large = _large_dataset(Path(tmp) / "large", indicators=40, years=20)
        for name, data_dir in (("default", ROOT / "data"), ("synthetic-large", large)):
            results[name] = _stages(data_dir, Path(tmp) / f"site-{name}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, stages in results.items():
        print(f"\n{name}")
        for stage, seconds in stages.items():
            print(f"  {stage:<28} {seconds * 1000:9.1f} ms")
    print(f"\nWritten to {RESULTS / 'latest.json'}")


def _stages(data_dir: Path, out: Path) -> dict[str, float]:
    raw, _ = load(data_dir)
    data, problems = validate(raw)
    assert data is not None and not problems, problems
    facts = compute(data)
    loc = locale("en")
    figures = {ind.id: charts(ind, facts[ind.id], data.site, data.events, loc) for ind in data.indicators}
    n_charts = sum(len(c) for c in figures.values())
    by_lang = {lang: figures for lang in data.site.languages}
    cov = coverage(data)
    timings = {
        "load": _median(lambda: load(data_dir)),
        "validate (incl. disclosure)": _median(lambda: validate(raw)),
        "compute": _median(lambda: compute(data)),
        f"charts ({n_charts}, one language)": _median(
            lambda: [charts(i, facts[i.id], data.site, data.events, loc) for i in data.indicators], repeat=1
        ),
        "pages (all languages)": _median(lambda: pages(data, facts, by_lang, cov)),
        "whole build (make build)": _median(lambda: build(data_dir, out), repeat=1),
        "output audit": _median(lambda: audit(out, data)),
    }
    return timings


def _median(step: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _large_dataset(target: Path, indicators: int, years: int) -> Path:
    """A made-up dataset, many times the default one, from the synthetic fixture."""
    shutil.copytree(SYNTHETIC, target)
    template = yaml.safe_load((SYNTHETIC / "indicators" / "cases-recorded.yml").read_text(encoding="utf-8"))
    table = (SYNTHETIC / "observations" / "cases-recorded.csv").read_text(encoding="utf-8").splitlines()
    header, first = table[0], table[1].split(",")
    for i in range(indicators):
        ind_id = f"bench-{i:03d}"
        meta = dict(template, id=ind_id, title={"en": f"Synthetic indicator {i}"})
        (target / "indicators" / f"{ind_id}.yml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
        rows = [header]
        for year in range(2000, 2000 + years):
            cells = list(first)
            cells[0], cells[header.split(",").index("value")] = str(year), str(100 + (i * 7 + year) % 400)
            rows.append(",".join(cells))
        (target / "observations" / f"{ind_id}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    main()
