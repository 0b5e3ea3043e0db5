"""Build the site: data/ -> load -> validate -> compute -> charts -> pages -> write -> site/.

Usage: python -m scripts.build [--data DIR] [--out DIR] [--check]
Data problems are printed as file:line: message. Hint: ... and the previous site is left as it was.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from scripts.charts import charts, vega_bundle
from scripts.compute import compute
from scripts.downloads import downloads
from scripts.load import load
from scripts.model import Dataset
from scripts.opendata import opendata
from scripts.pages import pages
from scripts.problems import DataError, emit
from scripts.validate import validate
from scripts.write import ROOT, write


def check(data_dir: Path) -> Dataset:
    """Load and validate a data folder; raise DataError with every problem found."""
    raw, problems = load(data_dir)
    data, more = validate(raw)
    if problems or more or data is None:
        raise DataError(problems + more)
    return data


def build(data_dir: Path, out: Path) -> Dataset:
    """Run the whole pipeline and leave the finished site in `out`."""
    data = check(data_dir)
    facts = compute(data)
    figures = {ind.id: charts(ind, facts[ind.id], data.site, data.events) for ind in data.indicators}
    files = pages(data, facts, figures) | downloads(data, figures) | opendata(data)
    files["assets/javascripts/vega.js"] = vega_bundle()
    write(files, out, site_name=data.site.title.en, nav=navigation(data))
    return data


def navigation(data: Dataset) -> list:
    """The site's menu: home, indicators by pillar, then the reference pages."""
    by_pillar = [
        {p.title.en: [{i.title.en: f"indicators/{i.id}.md"} for i in data.indicators if i.pillar == p.id]}
        for p in data.site.pillars
        if any(i.pillar == p.id for i in data.indicators)
    ]
    return [
        {"Home": "index.md"},
        {"Indicators": ["indicators/index.md", *by_pillar]},
        {"Sources": "sources.md"},
        {"Methodology": "methodology.md"},
        {"About": "about.md"},
    ]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; exit status 1 on data problems, with no traceback."""
    parser = argparse.ArgumentParser(prog="python -m scripts.build", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="where the site goes (default: site/)")
    parser.add_argument("--check", action="store_true", help="only validate the data; build nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.check:
            data = check(args.data)
            print(f"{args.data}: {len(data.files)} files, {len(data.indicators)} indicators, no problems.")
        else:
            data = build(args.data, args.out)
            print(f"Built {args.out} from {args.data}: {len(data.indicators)} indicators.")
    except DataError as err:
        print(emit(err.problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
