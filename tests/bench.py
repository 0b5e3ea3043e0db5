"""Benchmark of the build, as an editor or a workflow runs it: `make bench`.

In one run: the default site with an empty cache and a warm one (each a fresh process), MkDocs'
own time on the same pages (its stage line) and the ratio; a rebuild after one CSV value
changed, as a fresh process and inside a live preview (scripts/serve.py's rebuild, in the
process that built the site before); generated datasets of about 1k, 10k and 100k observations (tests/benchdata.py) with
wall time, peak memory and each stage's share; validation alone (--check) at 100k; and the
first-view weight of the home page and the largest indicator page in each language.
Each build is timed by the clock and by processor time (every thread's, the build's alone: on
a shared machine the clock also counts the neighbours), and so is its MkDocs stage. MkDocs' own
time leaves out the project's hooks that MkDocs calls (scripts/mkdocs_hooks.py, timed as the
mkdocs stage's part "hooks"): they are the project's work (issue #13). The ratios that count,
"own_ratio" by the clock and "own_cpu_ratio" in processor time, are the build's time over
MkDocs' own; "ratio" and "cpu_ratio", against the whole stage, are kept as before. Each goal of
issue #13 is printed with its figures and whether it is met. `--default` measures the default
site only (no generated datasets).
Prints a table and writes bench/results/latest.json (git-ignored). Timings are measured here,
never asserted in tests: machines differ. Generated data never leaves the temporary folder.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from scripts.fonts import WEIGHTS, font_path
from tests.benchdata import dataset

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIZES = (1_000, 10_000, 100_000)
STAGE = re.compile(r"^  (\S+)\s+([\d.]+) s$", re.M)
KHMER = re.compile("[\u1780-\u17ff]")


def run(args: list[str], cache: Path, module: str = "scripts.build") -> dict:
    """One build as a fresh process: wall and processor seconds, peak memory (MB), its stages, exit status."""
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as tmp:
        stage_log = Path(tmp) / "stages.jsonl"
        env = dict(os.environ, CTIP_CACHE=str(cache), CTIP_STAGE_LOG=str(stage_log))
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, env=env,
                                 stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        tree_peak = _watch_memory(child.pid)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read().decode("utf-8", errors="replace")
        timed = (
            [json.loads(line) for line in stage_log.read_text(encoding="utf-8").splitlines()]
            if stage_log.exists()
            else []
        )
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    # The build's processes together: its own peak (ru_maxrss) counts only the largest of them, and
    # the processes apart (the Vega bundle, fonts, charts, PNGs) hold memory beside it.
    peak = max(peak, tree_peak())
    parts = {t["stage"] for t in timed if t.get("within")}  # timed inside another stage: not added again
    stages = {name: float(s) for name, s in STAGE.findall(text) if name != "total" and name not in parts}
    if child.returncode:
        print(text, file=sys.stderr)
    result = {"seconds": round(wall, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
              "peak_mb": round(peak), "stages": stages, "ok": child.returncode == 0}  # fmt: skip
    if module != "scripts.build":  # a live preview's rebuild: the child reports its own figures
        result |= json.loads(text.strip().splitlines()[-1]) if child.returncode == 0 else {}
    result["stage_cpu"] = {t["stage"]: round(t["cpu"], 2) for t in timed if t["stage"] != "total"}
    result["mkdocs_cpu"] = next((round(t["cpu"], 2) for t in timed if t["stage"] == "mkdocs"), None)
    hooks = sum(t["cpu"] for t in timed if t.get("within") == "mkdocs")
    result["hooks_cpu"] = round(hooks, 2)
    result["mkdocs_own_cpu"] = None if result["mkdocs_cpu"] is None else round(result["mkdocs_cpu"] - hooks, 2)
    mkdocs_wall = next((t["wall"] for t in timed if t["stage"] == "mkdocs"), None)
    hooks_wall = sum(t["wall"] for t in timed if t.get("within") == "mkdocs")
    result["mkdocs_own"] = None if mkdocs_wall is None else round(mkdocs_wall - hooks_wall, 2)
    return result


def _watch_memory(pid: int) -> Callable[[], float]:
    """Sample, until the process `pid` ends, the memory (MB) it and its descendants hold together
    (each one's proportional share, Pss); the returned call gives the peak seen (0 where /proc cannot tell)."""
    seen = [0.0]

    def tree(root: int) -> list[int]:
        found, todo = [], [root]
        while todo:
            current = todo.pop()
            found.append(current)
            for task in Path(f"/proc/{current}/task").glob("*/children"):
                with suppress(OSError):
                    todo += [int(c) for c in task.read_text().split()]
        return found

    def resident(one: int) -> float:
        """Its proportional share (Pss): memory two of the processes share is counted once between them."""
        with suppress(OSError, ValueError, StopIteration):
            lines = Path(f"/proc/{one}/smaps_rollup").read_text().splitlines()
            return int(next(line for line in lines if line.startswith("Pss:")).split()[1]) / 1024
        return 0.0

    def sample() -> None:
        while Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid):
            seen[0] = max(seen[0], sum(resident(p) for p in tree(pid)))
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()

    def peak() -> float:
        watcher.join(timeout=1)
        return seen[0]

    return peak


def _state(pid: int) -> str:
    """A process's state as /proc says it ("sleeping", "zombie", ...), or "" once it is gone."""
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("State:"):
                return line
    return ""


def serve_rebuild(data: Path, out: Path) -> None:
    """A live preview's rebuild after one CSV value changed (`python -m tests.bench --serve-rebuild DATA OUT`).

    As scripts/serve.py does: build, warm up while the editor edits, then rebuild in the same
    process. Prints the rebuild's wall and processor seconds as a JSON line; CTIP_STAGE_LOG
    keeps the rebuild's stages only.
    """
    import resource

    from scripts.address import preview_address
    from scripts.build import _reproducible_time, build
    from scripts.cache import keep_in_memory
    from scripts.charts import warm_up
    from scripts.console import quiet

    quiet()
    keep_in_memory()
    _reproducible_time()
    preview = preview_address("127.0.0.1", 8000)
    build(data, out, preview_url=preview)
    warm_up()  # the preview's warm-up thread, done by the time an editor has changed a figure
    one_value_changed(data)
    if log := os.environ.get("CTIP_STAGE_LOG"):
        Path(log).write_text("", encoding="utf-8")  # the rebuild's stages only
    usage, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    build(data, out, preview_url=preview)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    print(json.dumps({"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2)}))


def shares(result: dict) -> dict[str, float]:
    """Each stage's share of the stage time, in percent."""
    total = sum(result["stages"].values()) or 1.0
    return {name: round(100 * s / total, 1) for name, s in result["stages"].items()}


def weight(site: Path, page: Path) -> dict:
    """A page's first view, compressed as a server sends it: HTML, its stylesheets, scripts and fonts."""
    html = page.read_text(encoding="utf-8")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', html)
    parts = {"html": len(gzip.compress(html.encode("utf-8"), mtime=0))}
    for href in assets:
        path = (page.parent / href.split("?")[0]).resolve()
        if path.is_file():
            key = "css" if path.suffix == ".css" else "js"
            parts[key] = parts.get(key, 0) + len(gzip.compress(path.read_bytes(), mtime=0))
    if KHMER.search(html):  # every weight counted, though a page loads only the ones it shows
        parts["fonts"] = sum((site / font_path(w)).stat().st_size for w in WEIGHTS if (site / font_path(w)).exists())
    parts["total_kb"] = round(sum(parts.values()) / 1024, 1)
    parts["vega_at_first_view"] = "vega" in " ".join(assets)
    return parts


def weights(site: Path, languages: list[str]) -> dict:
    """The home page and the largest indicator page of every language."""
    out = {}
    for i, lang in enumerate(languages):
        root = site if i == 0 else site / lang
        indicators = sorted((root / "indicators").glob("*/index.html"), key=lambda p: p.stat().st_size)
        out[lang] = {"home": weight(site, root / "index.html")}
        if indicators:
            out[lang]["largest indicator"] = weight(site, indicators[-1]) | {"page": indicators[-1].parent.name}
    return out


def site_digest(site: Path) -> str:
    """One SHA-256 of every file of a built site, by path: two builds' sites are the same bytes or not."""
    digest = hashlib.sha256()
    root = site.resolve()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# Issue #13's goals for the default site: (run, goal, most times MkDocs' own time, fewest seconds or None).
RATIO_GOALS = (
    ("default cold", "default site, empty cache: < 10 s and <= 3x MkDocs' own time", 3, 10),
    ("default warm", "default site, warm cache: <= 2x MkDocs", 2, None),
    ("one CSV value changed", "one CSV value changed, a fresh process: <= 2x MkDocs", 2, None),
    ("one CSV value, in serve", "one CSV value changed, inside make serve: <= 1.3x MkDocs", 1.3, None),
)


def goals(results: dict) -> list[tuple[str, str, bool | None]]:
    """Issue #13's goals: each with the figures measured and whether it is met (None: not measured in this run)."""
    out: list[tuple[str, str, bool | None]] = []

    def add(goal: str, figures: str, met: bool | None) -> None:
        out.append((goal, figures, met))

    def measured(name: str) -> dict | None:
        found = results.get(name)
        return found if found and found.get("ok") else None

    for name, goal, ratio, seconds in RATIO_GOALS:
        if r := measured(name):
            within = r["own_ratio"] <= ratio and (seconds is None or r["seconds"] < seconds)
            add(goal, f"{r['seconds']} s, {r['own_ratio']}x", within)
    if "cold and warm identical" in results:
        same = results["cold and warm identical"]
        add("cold and warm builds byte-identical", "identical" if same else "they differ", same)
    if r := measured(f"generated {SIZES[-1]:,}"):
        add(f"{SIZES[-1]:,} observations: < 60 s and < 500 MB", f"{r['seconds']} s, {r['peak_mb']} MB",
            r["seconds"] < 60 and r["peak_mb"] < 500)  # fmt: skip
    sizes = [results.get(f"generated {n:,}") for n in SIZES]
    if all(r and r.get("ok") for r in sizes):
        # Linear or better: from one size to the next, time and memory grow as observations^k with k <= 1.
        def exponents(key: str) -> list[float]:
            return [round(math.log(b[key] / a[key]) / math.log(b["observations"] / a["observations"]), 2)
                    for a, b in itertools.pairwise(sizes)]  # fmt: skip

        time_k, memory_k = exponents("seconds"), exponents("peak_mb")
        add("growth no worse than linear (k in n^k, each step)",
            f"time {' / '.join(map(str, time_k))}, memory {' / '.join(map(str, memory_k))}",
            all(k <= 1 for k in time_k + memory_k))  # fmt: skip
    if r := measured(f"check {SIZES[-1]:,}"):
        add(f"validation only (--check), {SIZES[-1]:,}: < 5 s", f"{r['seconds']} s", r["seconds"] < 5)
    weights_seen = [("default", results.get("page weight", {}))]
    weights_seen += [(n, r["page weight"]) for n, r in results.items() if isinstance(r, dict) and "page weight" in r]
    pages = [(f"{label} {lang} {page}", w) for label, by_lang in weights_seen for lang, ps in by_lang.items()
             for page, w in ps.items() if page == "largest indicator"]  # fmt: skip
    if pages:
        heaviest = max(pages, key=lambda p: p[1]["total_kb"])
        add("indicator first view <= 150 KB, every language, no Vega",
            f"heaviest {heaviest[1]['total_kb']} KB ({heaviest[0]})",
            all(w["total_kb"] <= 150 and not w["vega_at_first_view"] for _, w in pages))  # fmt: skip
    return out


def one_value_changed(data: Path) -> None:
    """Change one figure of the default data, as an editor's correction would."""
    path = data / "observations" / "cases-cracked-down.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[1].split(",")
    value = cells[3]
    cells[3] = str(int(value) + 1)
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def main(default_only: bool = False) -> None:
    """Run every measure and report (the default site's alone with `default_only`)."""
    import shutil

    import yaml

    results: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data, cache, site = tmp / "data", tmp / "cache", tmp / "site"
        shutil.copytree(ROOT / "data", data)
        cold = run(["--data", str(data), "--out", str(site)], cache)
        cold_digest = site_digest(site)
        warm = run(["--data", str(data), "--out", str(site)], cache)
        results["cold and warm identical"] = cold_digest == site_digest(site)
        languages = yaml.safe_load((data / "site.yml").read_text(encoding="utf-8"))["languages"]
        results["page weight"] = weights(site.resolve(), languages)
        one_value_changed(data)
        rebuild = run(["--data", str(data), "--out", str(site)], cache)
        served = run(["--serve-rebuild", str(data), str(site)], cache, module="tests.bench")
        runs = [("default cold", cold), ("default warm", warm), ("one CSV value changed", rebuild),
                ("one CSV value, in serve", served)]  # fmt: skip
        for name, r in runs:
            mkdocs, mk_cpu, own = r["stages"].get("mkdocs", 0.0), r.get("mkdocs_cpu"), r.get("mkdocs_own_cpu")
            own_wall = r.get("mkdocs_own")
            results[name] = r | {"mkdocs": mkdocs, "ratio": round(r["seconds"] / mkdocs, 1) if mkdocs else None,
                                 "own_ratio": round(r["seconds"] / own_wall, 2) if own_wall else None,
                                 "cpu_ratio": round(r["cpu_seconds"] / mk_cpu, 2) if mk_cpu else None,
                                 "own_cpu_ratio": round(r["cpu_seconds"] / own, 2) if own else None}  # fmt: skip
        for size in () if default_only else SIZES:
            folder = dataset(tmp / f"data-{size}", size)
            rows = sum(len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in folder.glob("observations/*.csv"))
            built = run(["--data", str(folder), "--out", str(tmp / f"site-{size}")], tmp / f"cache-{size}")
            results[f"generated {size:,}"] = built | {"observations": rows, "shares": shares(built)}
            if size == SIZES[-1]:
                results[f"check {size:,}"] = run(["--data", str(folder), "--check"], tmp / f"cache-{size}")
                results[f"generated {size:,}"]["page weight"] = weights((tmp / f"site-{size}").resolve(), languages)
            shutil.rmtree(tmp / f"site-{size}", ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, sort_keys=True) + "\n"
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    print(table(results))
    print(f"\nWritten to {RESULTS / 'latest.json'}")


def table(results: dict) -> str:
    """The results as a plain-text table for the terminal."""
    lines = [f"{'run':<26} {'wall s':>7} {'peak MB':>8} {'mkdocs':>7} {'own':>6} {'ratio':>6} "
             f"{'cpu s':>7} {'mkdocs':>7} {'own':>6} {'ratio':>6}  ok"]  # fmt: skip
    for name, r in results.items():
        if isinstance(r, dict) and "seconds" in r:
            cells = [r.get(k) for k in ("mkdocs", "mkdocs_own", "own_ratio", "cpu_seconds", "mkdocs_cpu",
                                        "mkdocs_own_cpu", "own_cpu_ratio")]  # fmt: skip
            shown = [f"{c if c else '':>{w}}" for c, w in zip(cells, (7, 6, 6, 7, 7, 6, 6), strict=True)]
            lines.append(f"{name:<26} {r['seconds']:>7.1f} {r.get('peak_mb', ''):>8} {' '.join(shown)}  "
                         f"{'yes' if r['ok'] else 'NO'}")  # fmt: skip
    lines.append(
        "(seconds by the clock, then processor seconds; mkdocs: its whole stage; own: that stage less the\n"
        " project's hooks, MkDocs' own time; ratio: the build's time over MkDocs' own)"
    )
    for name, r in results.items():
        if isinstance(r, dict) and "shares" in r:
            top = sorted(r["shares"].items(), key=lambda kv: -kv[1])
            lines.append(f"\n{name} ({r['observations']:,} observations), stage shares: "
                         + ", ".join(f"{k} {v}%" for k, v in top))  # fmt: skip
    if measured := goals(results):
        lines.append(f"\n{'goal (issue #13)':<66} {'measured':<34} met")
        for goal, figures, met in measured:
            lines.append(f"{goal:<66} {figures:<34} {'yes' if met else 'NO'}")
    lines.append(f"\n{'first view (gzip)':<42} {'html':>6} {'css':>6} {'js':>6} {'fonts':>6} {'KB':>7}  vega")
    sets = [("default", results.get("page weight", {}))]
    sets += [(n, r["page weight"]) for n, r in results.items() if isinstance(r, dict) and "page weight" in r]
    for label, by_lang in sets:
        for lang, pages in by_lang.items():
            for page, w in pages.items():
                name = f"{label} {lang} {page}"
                lines.append(f"{name:<42} {w.get('html', 0) / 1024:>6.1f} {w.get('css', 0) / 1024:>6.1f} "
                             f"{w.get('js', 0) / 1024:>6.1f} {w.get('fonts', 0) / 1024:>6.1f} {w['total_kb']:>7.1f}  "
                             f"{'yes' if w['vega_at_first_view'] else 'no'}")  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--table"]:  # the table of the last run again
        print(table(json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))))
    elif sys.argv[1:2] == ["--serve-rebuild"]:
        serve_rebuild(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main(default_only=sys.argv[1:] == ["--default"])
