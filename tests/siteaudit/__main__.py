"""`make audit`: run every check on the built site and print each goal of issue #15 as met or not met.

Usage: python -m tests.siteaudit [--site site] [--out tests/output/audit] [--summary FILE]
                                 [--pages N] [--skip lighthouse,...]

Writes audit.json and audit.md to --out and appends the Markdown table to --summary (GitHub's
$GITHUB_STEP_SUMMARY when it is set). Exits 1 when a goal that is not a timing is not met or
could not be measured; Lighthouse's scores are reported only. --pages N audits the first N pages
and the four kinds of page Lighthouse runs on (for developing against a few pages).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from tests.siteaudit import crawl, interact, lighthouse, links, nu, phone, static
from tests.siteaudit.report import Row, markdown, text, write
from tests.siteaudit.site import CHROMIUM, CHROMIUM_FLAGS, compressed_size, file_for, language, pages, serve

PARTS = ("crawl", "phone", "interact", "nu", "links", "static", "lighthouse")
FIRST_VIEW = 150 * 1024  # compressed bytes a page may load before the reader does anything


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.siteaudit", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("tests/output/audit"))
    parser.add_argument("--summary", type=Path, default=os.environ.get("GITHUB_STEP_SUMMARY") or None)
    parser.add_argument("--pages", type=int, default=0, help="audit only the first N pages (and the four kinds)")
    parser.add_argument("--skip", default="", help=f"comma-separated parts to leave out: {', '.join(PARTS)}")
    args = parser.parse_args(argv)
    site = args.site.absolute()  # not resolved: a rebuild swaps the release the link points to
    if not (site / "index.html").exists():
        print(f"{args.site}: no built site here (make build)", file=sys.stderr)
        return 2
    skip = {s for s in args.skip.split(",") if s}
    started = time.monotonic()
    rows, extra = audit(site, args.pages, skip)
    extra["seconds"] = round(time.monotonic() - started)
    write(rows, args.out, extra)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(markdown(rows) + "\n")
    print(text(rows))
    print(f"\n{sum(1 for r in rows if r.met)} of {len(rows)} goals met; report in {args.out}/audit.md and audit.json")
    return 0 if all(r.met for r in rows if r.gate) else 1


def audit(site: Path, limit: int, skip: set[str]) -> tuple[list[Row], dict[str, object]]:
    """Every check, as rows of the goal table."""
    from playwright.sync_api import sync_playwright

    languages = _languages(site)
    homes = {lang: "/" if i == 0 else f"/{lang}/" for i, lang in enumerate(languages)}
    every = pages(site)
    kinds = _kinds(every, languages)
    # A sample keeps the four kinds and the province map (on /provinces/), which the phone rows measure.
    chosen = sorted(set(every[:limit]) | set(kinds.values()) | ({"/provinces/"} & set(every))) if limit else every
    extra: dict[str, object] = {"pages": len(chosen), "languages": languages, "lighthouse_pages": kinds}
    rows: list[Row] = []
    say = _progress(time.monotonic())
    say(f"{len(chosen)} pages, languages {', '.join(languages)}")
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        if "crawl" not in skip:
            rows += _guarded(
                "crawl", lambda: _crawl_rows(crawl.crawl(browser, base, site, chosen, say), languages, site)
            )
        if "phone" not in skip:
            measured = lambda: [phone.measure(browser, base, path, language(path, languages)) for path in chosen]  # noqa: E731
            rows += _guarded("phones: charts", lambda: _phone_rows(measured(), site))
            say("phone: done")
        if "interact" not in skip:
            rows += _guarded("search", lambda: _interact_rows(browser, base, site, kinds, homes, languages, say))
        browser.close()
        if "lighthouse" not in skip:
            rows += _guarded("Lighthouse performance", lambda: _lighthouse_rows(base, kinds, languages, say, extra))
    files = [site / (p.lstrip("/") + "index.html" if p.endswith("/") else p.lstrip("/")) for p in chosen]
    if "nu" not in skip:
        rows += _guarded("Nu HTML checker", lambda: [_nu_row(files, site)])
        say("nu: done")
    if "links" not in skip:
        rows += _guarded("internal links and anchors", lambda: [_links_row(site)])
        say("links: done")
    if "static" not in skip:
        rows += _guarded("404", lambda: _static_rows(files, site, languages, homes))
    return _ordered(rows), extra


def _guarded(name: str, measure) -> list[Row]:
    """A part's rows, or one row that says the part broke (our bug or the site's), never a crash."""
    try:
        return measure()
    except Exception as error:  # noqa: BLE001 (reported as a row, with the error)
        return [Row(name, "", None, f"the check broke: {type(error).__name__}: {str(error).splitlines()[0]}")]


# --- rows -------------------------------------------------------------------------------------

ORDER = [
    "every page answers", "internal links and anchors", "requests to other hosts", "CSP violations",
    "console errors", "axe, light and dark", "search", "Lighthouse performance", "Lighthouse layout shift",
    "Lighthouse accessibility", "Nu HTML checker", "uncaught exceptions", "first view", "phones: charts",
    "tooltip", "keyboard", "fonts", "404", "Khmer typesetting", "JavaScript off", "tables on phones",
    "province map on phones",
]  # fmt: skip


def _ordered(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: next((i for i, name in enumerate(ORDER) if r.check.startswith(name)), 99))


def _heaviest(visit: crawl.Visit, site: Path) -> str:
    """The three largest downloads of a page's first view."""
    sizes = sorted(((compressed_size(f), p) for p in set(visit.requests) if (f := file_for(site, p))), reverse=True)
    return ", ".join(f"{p.rsplit('/', 1)[-1] or p} {s / 1024:.0f} KB" for s, p in sizes[:3])


def _crawl_rows(visits: list[crawl.Visit], languages: list[str], site: Path) -> list[Row]:
    n = len({v.path for v in visits})
    on = [v for v in visits if v.mode != "nojs"]
    light = [v for v in visits if v.mode == "light"]
    nojs = [v for v in visits if v.mode == "nojs"]
    bad_status = [f"{v.path}: {v.status}" for v in light if v.status != 200]
    foreign = sorted({f"{v.path} ({v.mode}): {u}" for v in visits for u in v.foreign})
    csp = sorted({f"{v.path} ({v.mode}): {c}" for v in visits for c in v.csp})
    console = sorted({f"{v.path} ({v.mode}): {c}" for v in visits for c in v.console})
    exceptions = sorted({f"{v.path} ({v.mode}): {e}" for v in on for e in v.exceptions})
    axe_on = [f"{v.path} ({v.mode}): {a}" for v in on for a in v.axe]
    axe_off = [f"{v.path}: {a}" for v in nojs for a in v.axe]
    heaviest = max(light, key=lambda v: v.weight)
    over = [f"{v.path}: {v.weight / 1024:.0f} KB ({_heaviest(v, site)})" for v in light if v.weight > FIRST_VIEW]
    library = sorted({v.path for v in light if any(r.endswith("/" + crawl.CHART_LIBRARY) for r in v.requests)})
    font_rows = []
    for lang, (word, _) in crawl.FONTS.items():
        if lang not in languages:
            continue
        others = [v for v in light if language(v.path, languages) != lang]
        showing = [v for v in others if lang in v.shows]
        loading = sorted(
            {
                v.path
                for v in others
                if lang not in v.shows and any(word in r and r.endswith(".woff2") for r in v.requests)
            }
        )
        font_rows.append(
            Row(f"fonts: {lang} font only where {lang} is shown", f"other-language pages download no {word} font "
                "unless they show its letters (a name in the page, not the language menu)", not loading,
                f"{len(loading)} of {len(others) - len(showing)} other-language pages without its letters load it; "
                f"{len(showing)} show them", loading)
        )  # fmt: skip
    light_scheme = [v.path for v in nojs if v.dark is False]
    wide = [f"{v.path}: {w}" for v in nojs for w in v.wide]
    widest = max(nojs, key=lambda v: v.scroll, default=None)
    return [
        Row("every page answers", "every page 200", not bad_status, f"{n - len(bad_status)} of {n} pages", bad_status),
        Row("requests to other hosts", "none", not foreign, f"{len(foreign)} in {len(visits)} page views", foreign),
        Row("CSP violations", "none", not csp, f"{len(csp)} in {len(visits)} page views", csp),
        Row("console errors", "none", not console, f"{len(console)} in {len(visits)} page views", console),
        Row("axe, light and dark", "0 violations (WCAG 2.2 AA, any impact)", not axe_on,
            f"{len(axe_on)} on {n} pages × 2 schemes", axe_on),
        Row("uncaught exceptions", "0", not exceptions, f"{len(exceptions)} in {len(on)} page views", exceptions),
        Row("first view", "≤ 150 KB compressed and no chart library at load", not over and not library,
            f"heaviest {heaviest.weight / 1024:.0f} KB ({heaviest.path}); {len(over)} pages over; "
            f"{crawl.CHART_LIBRARY} at load on {len(library)} pages", over + [f"{p}: {crawl.CHART_LIBRARY}" for p in library]),
        *font_rows,
        Row("JavaScript off", "system scheme honoured, no sideways scroll at 360 px, 0 axe violations",
            not light_scheme and not wide and not axe_off,
            f"dark preference shown light on {len(light_scheme)} of {len(nojs)} pages; "
            f"{len({v.path for v in nojs if v.wide})} pages wider than 360 px with the web fonts or without "
            f"(widest {widest.scroll if widest else 0} px); {len(axe_off)} axe violations",
            [f"{p}: light scheme" for p in light_scheme] + wide + axe_off),
    ]  # fmt: skip


def _phone_rows(measured: list[phone.Phone], site: Path) -> list[Row]:
    charts = [(m, c) for m in measured for c in m.charts]
    chart_bad = []
    for m, c in charts:
        why = []
        if c["left"] < -0.5 or c["right"] > phone.WIDTH + 0.5:
            why.append(f"spans {c['left']:.0f}–{c['right']:.0f} px")
        if c["smallest"] < phone.smallest(m.lang) - 0.05:
            why.append(f"text {c['smallest']:.1f} px")
        if not c["onScreen"]:
            why.append(f"latest period {c['latest']} off screen")
        if why:
            chart_bad.append(f"{m.path} #{c['id']}: " + ", ".join(why))
    wide = [f"{m.path}: {m.scroll} px" for m in measured if m.scroll > phone.WIDTH]
    smallest = {
        lang: min((c["smallest"] for m, c in charts if m.lang == lang), default=0)
        for lang in {m.lang for m in measured}
    }
    sizes = ", ".join(f"{lang} {s:.1f} px" for lang, s in sorted(smallest.items()) if s)
    tables = [(m, t) for m in measured for t in m.tables]
    table_bad = []
    for m, t in tables:
        why = []
        if t["right"] > phone.WIDTH + 0.5 or t["scrolls"]:
            why.append("wider than the screen")
        if t["clipped"]:
            why.append(f"clipped: {', '.join(t['clipped'][:3])}")
        if t["narrowest"][0] < phone.MIN_LINE_CHARS:
            chars, lines, cell = t["narrowest"]
            why.append(f"a cell of {lines} lines, {chars:.0f} characters a line ({cell})")
        if why:
            table_bad.append(f"{m.path} {t['caption'] or 'table'}: " + "; ".join(why))
    narrowest = min((t["narrowest"][0] for _, t in tables), default=99)
    names = [(m, n) for m in measured for n in m.names]
    name_bad = [
        f"{m.path} {n['name']}: {n['size']:.0f} px" + (", overflows" if n["overflows"] else "") + (f", broken: {n['broken']}" if n["broken"] else "")
        for m, n in names
        if n["size"] < 11 or n["overflows"] or n["broken"]
    ]  # fmt: skip
    rows = [
        Row("phones: charts", "every chart fits 360 px, latest period visible, text ≥ 11 px (≥ 12 px Khmer); no sideways scroll",
            not chart_bad and not wide,
            f"{len(charts) - len(chart_bad)} of {len(charts)} charts on {len(measured)} pages; smallest text {sizes}; "
            f"{len(wide)} pages scroll sideways", chart_bad + wide),
        Row("tables on phones", "readable at 360 px: nothing clipped or wider than the screen, cells wrapped "
            f"to 3 lines or more with ≥ {phone.MIN_LINE_CHARS} characters a line", not table_bad,
            f"{len(tables) - len(table_bad)} of {len(tables)} tables; narrowest wrapped cell "
            f"{narrowest:.0f} characters a line", table_bad),
        # No province page among those audited (--pages N): the map is not measured, not failed.
        Row("province map on phones", "names ≥ 11 px, no word broken", (not name_bad) if names else None,
            f"{len(names)} names on {len({m.path for m, _ in names})} pages; smallest "
            f"{min((n['size'] for _, n in names), default=0):.0f} px; {len(name_bad)} broken or small", name_bad),
    ]  # fmt: skip
    links = [(m, link) for m in measured for link in m.links]
    if links:
        depth = static.subscript_depths(site)
        offset = min(link["offset"] for _, link in links)
        cleared = sum(1 for d in depth if d <= offset) / len(depth) if depth else 0
        skipping = all(link["skip"] == "auto" for _, link in links)
        rows.append(
            Row("Khmer typesetting: underlines", "link underlines clear of subscript consonants",
                skipping and cleared >= 0.9,
                f"underline {offset:.2f} em below the baseline, clearing {cleared:.0%} of the font's "
                f"{len(depth)} below-baseline forms; skip-ink {'auto' if skipping else 'off on some links'} "
                f"({len(links)} links)")
        )  # fmt: skip
    return rows


def _interact_rows(browser, base: str, site: Path, kinds: dict[str, str], homes: dict[str, str],
                   languages: list[str], say) -> list[Row]:  # fmt: skip
    found = []
    for lang in languages:
        query = _query(site, kinds, lang, languages)
        for how in ("typed", "pasted"):
            found.append(interact.search(browser, base, homes[lang], lang, query, how))
    say("search: done")
    bad = [
        f"{s.lang} {s.how} {s.query!r}: {s.results} results, first {s.first or 'none'}"
        for s in found
        if not s.results or (s.lang != languages[0]) != s.first.lstrip("/").startswith(s.lang + "/")
    ]
    figures = "; ".join(f"{s.lang} {s.how} {s.query!r}: {s.results} results, first {s.first or '–'}" for s in found)
    rows = [
        Row(
            "search",
            "every way of entering text searches; the matching pages of the language first",
            not bad,
            figures,
            bad,
        )
    ]
    walks, hidden, stops = 0, [], 0
    for width in (360, 1280):
        for path in dict.fromkeys(kinds.values()):
            n, unseen = interact.tab_walk(browser, base, path, width)
            walks, stops, hidden = walks + 1, stops + n, hidden + unseen
    say("keyboard: done")
    at360 = [h for h in hidden if " at 360 px" in h]
    rows.append(
        Row("keyboard", "no invisible focus stop at 360 and 1280 px", not hidden,
            f"{len(hidden)} invisible ({len(at360)} at 360 px) of {stops} stops in {walks} walks", hidden)
    )  # fmt: skip
    failed = interact.tooltip(browser, base, kinds["indicator"])
    rows.append(
        Row("tooltip", "dismissable (Escape, blur, pointer out, tap elsewhere, scroll)", not failed,
            f"{9 - len(failed)} of 9 ways on {kinds['indicator']}", failed)
    )  # fmt: skip
    say("tooltip: done")
    return rows


def _lighthouse_rows(base: str, kinds: dict[str, str], languages: list[str], say, extra: dict) -> list[Row]:
    problem = lighthouse.install()
    names = ["Lighthouse performance", "Lighthouse layout shift", "Lighthouse accessibility"]
    if problem:
        return [Row(n, "", None, problem, gate=False) for n in names]
    scores = {}
    for kind, path in kinds.items():
        scores[kind] = lighthouse.run(base + path)
        say(f"lighthouse: {kind} {path}: {scores[kind].get('performance', scores[kind].get('error'))}")
    extra["lighthouse"] = scores
    errors = [f"{k}: {s['error']}" for k, s in scores.items() if "error" in s]
    ok = {k: s for k, s in scores.items() if "error" not in s}
    perf = ", ".join(
        f"{k} {s['performance']} (LCP {s['lcp_ms'] / 1000:.1f} s, TBT {s['tbt_ms']} ms)" for k, s in ok.items()
    )
    second = f"{languages[1]} home" if len(languages) > 1 else "home"
    cls = ok.get(second, ok.get("home", {})).get("cls")
    a11y = [f"{k}: {f}" for k, s in ok.items() for f in s["accessibility_failing"]]
    return [
        Row(names[0], "≥ 95 mobile on home, an indicator, a province page and the second language's home",
            not errors and all(s["performance"] >= 95 for s in ok.values()), perf, errors, gate=False),
        Row(names[1], f"CLS ≤ 0.02 on the {second}", cls is not None and cls <= 0.02,
            f"{second} {cls:.3f}" if cls is not None else "not measured", gate=False),
        Row(names[2], "100 on the four pages", not errors and all(s["accessibility"] == 100 for s in ok.values()),
            ", ".join(f"{k} {s['accessibility']}" for k, s in ok.items()), a11y, gate=False),
    ]  # fmt: skip


def _nu_row(files: list[Path], site: Path) -> Row:
    try:
        errors, warnings = nu.check(files, site)
    except FileNotFoundError as missing:
        return Row("Nu HTML checker", "0 errors", None, str(missing))
    return Row("Nu HTML checker", "0 errors", not errors,
               f"{len(errors)} errors, {len(warnings)} warnings on {len(files)} pages", errors + warnings)  # fmt: skip


def _links_row(site: Path) -> Row:
    try:
        checked, broken = links.check(site)
    except FileNotFoundError as missing:
        return Row("internal links and anchors", "none broken (lychee, offline)", None, str(missing))
    return Row("internal links and anchors", "none broken (lychee, offline)", not broken and checked > 0,
               f"{len(broken)} broken of {checked} links and anchors", broken)  # fmt: skip


def _static_rows(files: list[Path], site: Path, languages: list[str], homes: dict[str, str]) -> list[Row]:
    problems = static.not_found_page(site, languages, homes)
    orphans, where = static.orphaned_stops(files, site)
    return [
        Row("404", "readable in every language: each part marked with its lang, with a link to each home",
            not problems, f"{len(languages) * 2 - len(problems)} of {len(languages) * 2} parts", problems),
        Row("Khmer typesetting: full stops", 'no "។" that can start a line', not orphans,
            f"{orphans} places on {len(where)} pages", where),
    ]  # fmt: skip


# --- the site -----------------------------------------------------------------------------------


def _languages(site: Path) -> list[str]:
    """The site's languages: the home's, then each top-level folder whose home is in the language it is named for."""
    first = _lang(site / "index.html")
    others = [
        d.name for d in sorted(site.iterdir()) if (d / "index.html").exists() and _lang(d / "index.html") == d.name
    ]
    return [first, *[lang for lang in others if lang != first]]


def _lang(page: Path) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', page.read_text(encoding="utf-8")[:2000])
    return match.group(1) if match else ""


def _kinds(every: list[str], languages: list[str]) -> dict[str, str]:
    """The four kinds of page Lighthouse runs on: home, an indicator with a chart, a province, the second language's home."""
    indicator = next((p for p in every if re.fullmatch(r"/indicators/[^/]+/", p)), "/")
    province = next((p for p in every if re.fullmatch(r"/provinces/[^/]+/", p)), "/")
    kinds = {"home": "/", "indicator": indicator, "province": province}
    if len(languages) > 1:
        kinds[f"{languages[1]} home"] = f"/{languages[1]}/"
    return kinds


def _query(site: Path, kinds: dict[str, str], lang: str, languages: list[str]) -> str:
    """A word a reader would search for: the first word of the indicator page's title, in that language."""
    path = kinds["indicator"] if lang == languages[0] else f"/{lang}{kinds['indicator']}"
    html = (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    title = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))  # type: ignore[union-attr]
    words = [w for w in re.split(r"[\s\u200b]+", title) if len(w) >= 3]
    return words[0] if words else title.strip()


def _progress(start: float):
    def say(message: str) -> None:
        print(f"[{time.monotonic() - start:5.0f} s] {message}", file=sys.stderr, flush=True)

    return say


if __name__ == "__main__":
    sys.exit(main())
