"""Screenshots of the indicator pages a pull request changes, for the preview artifact.

An editor or reviewer sees how the changed figures look on the built site, on a desktop and
on a phone, in every language, without downloading and serving the whole preview.

Usage: python -m scripts.screenshots --base origin/main [--site site] [--out screenshots]
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.figure_changes import figure_changes
from scripts.paths import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

CHROMIUM = "/usr/bin/chromium"  # the browser the tests drive too (tests/conftest.py)
VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def capture(browser: Browser, site: Path, indicators: Iterable[str], out: Path) -> list[Path]:
    """PNG files of /indicators/<id>/ in each language the site has, written to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with _serve(site) as base:
        for ind in indicators:
            # The default language at /, the others at /<lang>/: whichever the built site holds.
            prefixes = [""] + sorted(f"{d.name}/" for d in site.iterdir() if (d / "indicators" / ind).is_dir())
            for prefix in prefixes:
                if not (site / prefix / "indicators" / ind / "index.html").exists():
                    continue  # an indicator whose file was deleted has no page any more
                for name, viewport in VIEWPORTS.items():
                    context = browser.new_context(viewport=viewport)
                    page = context.new_page()
                    page.goto(f"{base}/{prefix}indicators/{ind}/", wait_until="networkidle")
                    path = out / f"{ind}{'-' + prefix.rstrip('/') if prefix else ''}-{name}.png"
                    page.screenshot(path=str(path), full_page=True)
                    context.close()
                    written.append(path)
    return written


@contextmanager
def _serve(directory: Path) -> Iterator[str]:
    """The built site on a free loopback port, for as long as the block runs."""
    handler = partial(_Quiet, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: screenshots of every indicator whose figures changed."""
    parser = argparse.ArgumentParser(prog="python -m scripts.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the branch or commit to compare with, e.g. origin/main")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="where the PNGs go")
    args = parser.parse_args(argv)
    indicators = figure_changes(ROOT, args.base).indicators
    if not indicators:
        print("No figures changed: no screenshots.")
        return 0
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        written = capture(browser, args.site, indicators, args.out)
        browser.close()
    print(f"{len(written)} screenshots of {len(indicators)} changed indicators in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
