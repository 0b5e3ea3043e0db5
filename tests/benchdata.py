"""Made-up datasets of a chosen size for `make bench`, shaped like real data and within validation's limits.

A copy of data/ (25 provinces, every language) marked synthetic, plus indicators "bench-NNN" of
provinces × years × sex × age group. Every cell is at least the disclosure threshold, and the
parts add up to their totals (provinces to the nation, groups to the whole), as a source's would.
"""

from __future__ import annotations

import csv
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEXES = ("female", "male")
AGES = ("0-17", "18-plus")
MAX_YEARS = 20
FIRST_YEAR = 2005


def rows_per_year(provinces: int) -> int:
    """Rows of one indicator for one year: (provinces + nation) × (whole + 2 sexes) × (whole + 2 ages)."""
    return (provinces + 1) * 3 * 3


def dataset(target: Path, observations: int, source: Path = ROOT / "data", seed: int = 13) -> Path:
    """Write a data folder of about `observations` generated figures (plus the source's own) to `target`."""
    shutil.copytree(source, target)
    site = target / "site.yml"
    text = re.sub(r"(?m)^synthetic:.*\n", "", site.read_text(encoding="utf-8"))
    site.write_text(text + "synthetic: true\n", encoding="utf-8")
    provinces = [r["code"] for r in csv.DictReader((target / "geography" / "provinces.csv").open(encoding="utf-8"))]
    country = yaml.safe_load(site.read_text(encoding="utf-8"))["country"]["code"]
    template = yaml.safe_load((source / "indicators" / "cases-cracked-down.yml").read_text(encoding="utf-8"))
    with (source / "observations" / "cases-cracked-down.csv").open(encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))
    per_year = rows_per_year(len(provinces))
    years = max(1, min(MAX_YEARS, observations // per_year))
    count = max(1, round(observations / (per_year * years)))
    rng = random.Random(seed)
    for i in range(count):
        ind_id = f"bench-{i:03d}"
        meta = _indicator(template, ind_id, i)
        (target / "indicators" / f"{ind_id}.yml").write_text(
            yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        rows = _rows(rng, country, provinces, years, first)
        with (target / "observations" / f"{ind_id}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["period", "geography", "series", "sex", "age_group", "value", "qualifier", "status",
                             "source", "locator", "note"])  # fmt: skip
            writer.writerows(rows)
    return target


def _indicator(template: dict, ind_id: str, i: int) -> dict:
    """One indicator's metadata: the template's, renamed, with sex and age group breakdowns."""
    persons = i % 2 == 1  # every other one counts persons, so the disclosure check runs at scale
    label = {"en": f"Synthetic indicator {i}", "km": f"សូចនាករសំយោគ {i}", "km_reviewed": False}
    dims = [
        {"id": "sex", "title": {"en": "Sex", "km": "ភេទ", "km_reviewed": False},
         "values": [{"id": s, "label": {"en": s.title(), "km": s, "km_reviewed": False}} for s in SEXES]},
        {"id": "age_group", "title": {"en": "Age group", "km": "ក្រុមអាយុ", "km_reviewed": False},
         "values": [{"id": a, "label": {"en": a, "km": a, "km_reviewed": False}} for a in AGES]},
    ]  # fmt: skip
    return dict(template, id=ind_id, title=label, counts="persons" if persons else "cases", sensitive=persons,
                series=template["series"][:1], dimensions=dims)  # fmt: skip


def _rows(rng: random.Random, country: str, provinces: list[str], years: int, first: dict) -> list[list[str]]:
    """Every row of one indicator: cells of at least 10, and every total the sum of its parts."""
    out = []
    series, source, locator = first["series"], first["source"], "Generated for the benchmark"
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        national: dict[tuple[str, str], int] = {}
        blocks = []
        for code in provinces:
            cells = {(s, a): rng.randint(10, 400) for s in SEXES for a in AGES}
            for key, value in cells.items():
                national[key] = national.get(key, 0) + value
            blocks.append((code, cells))
        for code, cells in [(country, national), *blocks]:
            for s in ("", *SEXES):
                for a in ("", *AGES):
                    value = sum(v for (cs, ca), v in cells.items() if s in ("", cs) and a in ("", ca))
                    out.append([str(year), code, series, s, a, str(value), "", "reported", source, locator, ""])
    return out
