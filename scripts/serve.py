"""Live preview: build the site, serve it on localhost, rebuild when data/ or docs/ change.

Usage: python -m scripts.serve [--data DIR] [--out DIR] [--port N]
A good rebuild reloads the open pages. A change with data problems prints them and keeps
serving, and showing, the last good site. The process keeps what its builds made in memory
(scripts/cache.py, keep_in_memory), so a rebuild redoes only what the edit changed: the
rebuilt site is the one a full build of the same data makes (tests/test_serve.py).
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from scripts import cache
from scripts.address import preview_address
from scripts.build import build
from scripts.charts import warm_up
from scripts.console import quiet
from scripts.csp import allow_script
from scripts.paths import ROOT
from scripts.problems import DataError, emit, languages_of


class Preview(LiveReloadServer):
    """MkDocs' live-reload server, made to work under the pages' Content-Security-Policy."""

    def __init__(self, build: Callable[[], bool], **kwargs: object) -> None:
        super().__init__(builder=self._rebuild, **kwargs)  # type: ignore[arg-type]
        self._build = build

    def server_activate(self) -> None:
        """Listen, then say so: the address is printed only once a browser can connect to it."""
        super().server_activate()
        print(f"Serving on {self.url} (Ctrl+C to stop)", flush=True)

    def _rebuild(self) -> None:
        """Rebuild; after a failed build, tell no page to reload: they keep the last good site."""
        print("Change detected: rebuilding.", flush=True)
        if not self._build():
            with self._epoch_cond:
                self._wanted_epoch = self._visible_epoch
                self._epoch_cond.notify_all()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        """Inject MkDocs' reload script and allow exactly it, by hash, in this response's policy.

        The script differs per request (it carries the build and request ids), so no policy
        written at build time could name it; the built files on disk stay as published.
        """
        page = super()._inject_js_into_html(content, epoch)
        at = content.rfind(b"</body>")
        at = len(content) if at < 0 else at
        script = page[at + len(b"<script>") : at + len(page) - len(content) - len(b"</script>")]
        return allow_script(page.decode("utf-8"), script.decode("utf-8")).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Serve the site until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m scripts.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="where the site goes (default: site/)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    quiet()
    cache.keep_in_memory()

    def rebuild() -> bool:
        try:
            build(args.data, args.out, preview_url=preview_address(args.host, args.port))
        except DataError as err:
            print(emit(err.problems, languages_of(args.data)), file=sys.stderr, flush=True)
        except Abort as err:  # MkDocs strict mode: its warnings are printed above
            print(f"MkDocs: {err}", file=sys.stderr, flush=True)
        except Exception:  # a bug in the build: show it, and keep serving
            traceback.print_exc()
        else:
            print("Site rebuilt: open pages reload.", flush=True)
            return True
        print("Not rebuilt: still serving the last good site. Save a fix to rebuild.", file=sys.stderr, flush=True)
        return False

    rebuild()
    if not args.out.exists():
        return 1
    # While the first edit is awaited: what redrawing a changed chart needs once per process.
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    server = Preview(build=rebuild, host=args.host, port=args.port, root=str(args.out))
    for path in (args.data, ROOT / "docs", ROOT / "scripts" / "templates", ROOT / "mkdocs.yml"):
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
