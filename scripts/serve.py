"""Live preview: build the site, serve it on localhost, rebuild when data/ or docs/ change.

Usage: python -m scripts.serve [--data DIR] [--port N]
A change with data problems prints them and keeps serving the last good site.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from scripts.build import build
from scripts.problems import DataError, emit
from scripts.write import ROOT


def main(argv: list[str] | None = None) -> int:
    """Serve the site until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m scripts.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="where the site goes (default: site/)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    def rebuild() -> None:
        try:
            build(args.data, args.out)
            print("Site rebuilt.", flush=True)
        except DataError as err:
            print(emit(err.problems), file=sys.stderr, flush=True)

    rebuild()
    if not args.out.exists():
        return 1
    server = LiveReloadServer(builder=rebuild, host=args.host, port=args.port, root=str(args.out))
    for path in (args.data, ROOT / "docs", ROOT / "scripts" / "templates", ROOT / "mkdocs.yml"):
        server.watch(str(path))
    print(f"Serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
