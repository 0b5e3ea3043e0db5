"""Check that the web addresses of the sources still answer: a weekly report, never a gate.

Usage: python -m scripts.linkcheck [--sources data/sources.yml] [--timeout 15] [--limit 300] [--summary FILE]

Each address is asked with HEAD first and, when a server refuses or fumbles HEAD, with GET.
The report goes to standard output and, with --summary, is appended to that file as Markdown
(GitHub's $GITHUB_STEP_SUMMARY). The exit status is 0 whatever the links do: a source that went
offline is still the source a figure came from, and editors decide what to do about it.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.escape import markdown_cell
from scripts.paths import ROOT

USER_AGENT = "Mozilla/5.0 (compatible; open-data-source-linkcheck/1.0)"
# Servers that turn away programs (or ask to slow down) while a browser still gets the page:
# reported apart from links that are really gone.
REFUSED = frozenset({401, 403, 429, 999})
WORKERS = 8


@dataclass(frozen=True)
class LinkResult:
    """What one web address answered."""

    url: str
    state: str  # ok, refused (the server turns programs away) or broken
    detail: str  # e.g. "200", "404 Not Found", "timed out"
    sources: tuple[str, ...] = ()


def linkcheck(links: dict[str, tuple[str, ...]], timeout: float = 15.0, limit: int = 300) -> list[LinkResult]:
    """Ask each address (at most `limit` of them) whether it still answers; results sorted by address."""
    urls = sorted(links)[: max(limit, 0)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = pool.map(lambda url: _check(url, timeout), urls)
        return [LinkResult(r.url, r.state, r.detail, links[r.url]) for r in results]


# --- reading the sources ---


def _links(sources_file: Path) -> dict[str, tuple[str, ...]]:
    """Every address in sources.yml with the ids of the sources that give it."""
    entries = yaml.safe_load(sources_file.read_text(encoding="utf-8")) or []
    links: dict[str, list[str]] = {}
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str) and entry["url"].strip():
            links.setdefault(entry["url"].strip(), []).append(str(entry.get("id", "?")))
    return {url: tuple(ids) for url, ids in links.items()}


# --- asking one address ---


class _KeepHeadOnRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects with HEAD still HEAD (urllib would turn it into GET and fetch the body)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


# Environment proxies are honoured, as for any urllib program; tests ask only loopback servers.
_OPENER = urllib.request.build_opener(_KeepHeadOnRedirect)


def _check(url: str, timeout: float) -> LinkResult:
    if not url.startswith(("http://", "https://")):
        return LinkResult(url, "broken", "not an http(s) address")
    first = _ask(url, "HEAD", timeout)
    if first.state == "ok":
        return first
    # Many servers answer HEAD with 403, 404, 405 or 5xx, or drop it, yet serve GET: what GET
    # gets is what a reader's browser would get.
    return _ask(url, "GET", timeout)


def _ask(url: str, method: str, timeout: float) -> LinkResult:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # proof that a body comes; the rest is not needed
            return LinkResult(url, "ok", str(response.status))
    except urllib.error.HTTPError as err:
        state = "refused" if err.code in REFUSED else "broken"
        return LinkResult(url, state, f"{err.code} {err.reason}".strip())
    except TimeoutError:
        return LinkResult(url, "broken", "timed out")
    except urllib.error.URLError as err:
        reason = "timed out" if isinstance(err.reason, TimeoutError) else str(err.reason)
        return LinkResult(url, "broken", reason)
    except (OSError, ValueError) as err:  # connection reset, bad address, invalid URL
        return LinkResult(url, "broken", f"{type(err).__name__}: {err}")


# --- reporting ---


def _summary(results: list[LinkResult], skipped: int) -> str:
    """The report as Markdown, for the job summary."""
    broken = [r for r in results if r.state == "broken"]
    refused = [r for r in results if r.state == "refused"]
    lines = [
        "## Source links",
        "",
        f"Checked {len(results)} web addresses from `data/sources.yml`: {len(results) - len(broken) - len(refused)} "
        f"answered, {len(broken)} did not, {len(refused)} turned the checker away.",
    ]
    if skipped:
        lines += ["", f"{skipped} more addresses were not checked (over the limit)."]
    for title, group in (("Not answering", broken), ("Turned the checker away (may still open in a browser)", refused)):
        if group:
            lines += ["", f"### {title}", "", "| source | address | answer |", "| --- | --- | --- |"]
            lines += [f"| {markdown_cell(', '.join(r.sources))} | {markdown_cell(r.url)} | {markdown_cell(r.detail)} |"
                      for r in group]  # fmt: skip
    if broken:
        lines += ["", "A source that went offline stays the source of its figures: look for an archived copy "
                      "and add it to the source's `note`, or a new address if the publisher moved it."]  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: Iterable[str] | None = None) -> int:
    """Command-line entry point: print the report (and append it to --summary); always exit 0."""
    parser = argparse.ArgumentParser(prog="python -m scripts.linkcheck", description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=ROOT / "data" / "sources.yml", help="the sources file")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each answer (default 15)")
    parser.add_argument("--limit", type=int, default=300, help="check at most this many addresses (default 300)")
    parser.add_argument("--summary", type=Path, help="append the Markdown report to this file")
    args = parser.parse_args(list(argv) if argv is not None else None)
    links = _links(args.sources)
    results = linkcheck(links, timeout=args.timeout, limit=args.limit)
    report = _summary(results, skipped=max(len(links) - len(results), 0))
    print(report, end="")
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as fh:
            fh.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
