"""The source-link checker, against a small HTTP server on 127.0.0.1 only: never the internet."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scripts.linkcheck import LinkResult, linkcheck, main


class _Handler(BaseHTTPRequestHandler):
    """Paths that behave as real servers do; every request is logged on the server."""

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        self.server.seen.append((self.command, self.path))  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        if path == "/ok":
            self._send(200, head)
        elif path == "/gone":
            self._send(404, head)
        elif path == "/no-head":  # a server that implements GET only
            self._send(405 if head else 200, head)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/robots-unwelcome":
            self._send(403, head)
        elif path == "/slow":
            time.sleep(0.8)
            self._send(200, head)
        else:
            self._send(500, head)

    def _send(self, code: int, head: bool) -> None:
        body = b"hello"
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping does not hold up the next test

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the checker hanging up on the slow path is expected, not worth a traceback


@pytest.fixture
def server() -> Iterator[tuple[str, list]]:
    """A loopback server on a free port; yields its base URL and the requests it received."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.seen  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy set in the environment must not carry the loopback requests anywhere else.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")


def _one(url: str, timeout: float = 5) -> LinkResult:
    return linkcheck({url: ("src",)}, timeout=timeout)[0]


@pytest.mark.parametrize(
    ("path", "state", "detail"),
    [
        ("/ok", "ok", "200"),
        ("/gone", "broken", "404 Not Found"),
        ("/no-head", "ok", "200"),
        ("/moved", "ok", "200"),
        ("/robots-unwelcome", "refused", "403 Forbidden"),
        ("/error", "broken", "500 Internal Server Error"),
    ],
)
def test_each_kind_of_answer(server: tuple[str, list], path: str, state: str, detail: str) -> None:
    base, _ = server
    assert _one(base + path) == LinkResult(base + path, state, detail, ("src",))


def test_head_first_and_get_only_when_head_is_refused(server: tuple[str, list]) -> None:
    base, seen = server
    _one(base + "/ok")
    _one(base + "/no-head")
    assert seen == [("HEAD", "/ok"), ("HEAD", "/no-head"), ("GET", "/no-head")]


def test_a_redirect_is_followed_with_head(server: tuple[str, list]) -> None:
    base, seen = server
    assert _one(base + "/moved").state == "ok"
    assert seen == [("HEAD", "/moved"), ("HEAD", "/ok")]


def test_a_slow_server_times_out(server: tuple[str, list]) -> None:
    base, _ = server
    started = time.monotonic()
    result = _one(base + "/slow", timeout=0.2)
    assert (result.state, result.detail) == ("broken", "timed out")
    assert time.monotonic() - started < 0.75, "HEAD and GET each give up after the timeout"


def test_nothing_listening_is_broken_not_a_crash() -> None:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago and has no server now
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = _one(f"http://127.0.0.1:{port}/", timeout=2)
    assert result.state == "broken" and "refused" in result.detail.lower()


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "javascript:alert(1)", "127.0.0.1/no-scheme"])
def test_only_web_addresses_are_asked(url: str) -> None:
    assert _one(url) == LinkResult(url, "broken", "not an http(s) address", ("src",))


def test_the_count_is_bounded_and_the_order_stable(server: tuple[str, list]) -> None:
    base, seen = server
    links = {f"{base}/ok?{i}": (f"s{i}",) for i in range(9, -1, -1)}
    results = linkcheck(links, timeout=5, limit=4)
    assert [r.url for r in results] == sorted(links)[:4]
    assert len(seen) == 4


def test_report_in_the_summary_and_exit_0_whatever_is_broken(server: tuple[str, list], tmp_path: Path, capsys) -> None:
    base, _ = server
    sources = tmp_path / "sources.yml"
    sources.write_text(
        f"- id: fine\n  url: {base}/ok\n"
        f"- id: gone\n  url: {base}/gone\n"
        f"- id: gone-too\n  url: {base}/gone\n"
        f"- id: shy\n  url: {base}/robots-unwelcome\n"
        "- id: no-url\n  title: A printed report\n",
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    assert main(["--sources", str(sources), "--timeout", "5", "--summary", str(summary)]) == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## Source links\n")
    assert "Checked 3 web addresses" in text and "1 answered, 1 did not, 1 turned the checker away" in text
    assert f"| gone, gone-too | {base}/gone | 404 Not Found |" in text
    assert f"| shy | {base}/robots-unwelcome | 403 Forbidden |" in text
    assert capsys.readouterr().out == text.removeprefix("earlier step\n")


def test_over_the_limit_is_said(server: tuple[str, list], tmp_path: Path, capsys) -> None:
    base, _ = server
    sources = tmp_path / "sources.yml"
    sources.write_text("".join(f"- id: s{i}\n  url: {base}/ok?{i}\n" for i in range(3)), encoding="utf-8")
    assert main(["--sources", str(sources), "--limit", "1"]) == 0
    assert "2 more addresses were not checked" in capsys.readouterr().out
