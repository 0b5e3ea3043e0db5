"""The built site as the audit sees it: its pages, served over HTTP as GitHub Pages would serve them.

The server compresses text with gzip (so Lighthouse and the first-view weight see what readers
download) and answers a missing path with the site's 404 page and status 404.
"""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Already compressed: what GitHub Pages sends as it is.
_PACKED = {".woff2", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".gz", ".zip"}
CHROMIUM = "/usr/bin/chromium"
# The browser as the audit drives it: nothing of its own on the network (updates, sync, first-run).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pages(site: Path) -> list[str]:
    """Every HTML page of the site as a URL path ('/', '/km/indicators/x/', '/404.html'), sorted."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return sorted(paths)


def language(path: str, languages: list[str]) -> str:
    """The language of a page, from its URL prefix (the first language has none)."""
    first = path.strip("/").split("/", 1)[0]
    return first if first in languages[1:] else languages[0]


def file_for(site: Path, path: str) -> Path | None:
    """The file a URL path is served from, or None."""
    target = site / path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@lru_cache(maxsize=4096)
def compressed_size(file: Path) -> int:
    """Bytes on the wire: gzip for text (GitHub Pages compresses it), the file itself when already packed."""
    data = file.read_bytes()
    return len(data) if file.suffix in _PACKED else len(gzip.compress(data, 6, mtime=0))


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve the site on a free loopback port for as long as the block runs."""
    handler = partial(_Handler, directory=str(site))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        site, path = Path(self.directory), self.path.split("?", 1)[0]
        if (site / path.lstrip("/")).is_dir() and not path.endswith("/"):  # as GitHub Pages does
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return
        file = file_for(site, path)
        status = 200 if file else 404
        file = file or site / "404.html"
        data = file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(file)))
        if file.suffix not in _PACKED and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = _gzip(file)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):  # the browser moved on before the body came
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@lru_cache(maxsize=4096)
def _gzip(file: Path) -> bytes:
    return gzip.compress(file.read_bytes(), 6, mtime=0)
