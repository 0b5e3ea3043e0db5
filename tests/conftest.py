"""Shared fixtures: the built default site, a data folder to break, and a browser.

`make test` runs the suite on every core (pytest-xdist, --dist loadfile). The default site is
built once per run by whichever worker asks first (the others wait for it and reuse it); a
module's tests all run on one worker, so a module-scoped fixture (a site built its own way)
is built once too. (--dist loadgroup would spread modules finer, but with pytest 9.2 it
ignores xdist_group marks: pytest-xdist issue 1386.)
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.siteaudit.site import serve  # the site served as GitHub Pages serves it

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
DATA = FIXTURES / "cambodia"  # a frozen copy of data/: tests never pin the live figures
LIVE = ROOT / "data"  # the live data, checked only by properties (tests/test_publishable.py)
# A second, made-up country in another language pair (French first, English second), built and
# checked like the live data: what a data folder for any country must be able to do.
KESTRIA = FIXTURES / "kestria"
CHROMIUM = "/usr/bin/chromium"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files on purpose")


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder `name`, filled by `make` once per test run, whichever xdist worker asks first.

    The others wait on a file lock and reuse it; a `make` that fails leaves no mark, so each
    worker that needs the folder tries (and reports the failure) itself.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # this run's folder, shared by its workers
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare generated text with tests/golden/<name>; --update-golden rewrites it on purpose."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, text: str) -> None:
        path = Path(__file__).parent / "golden" / name
        if update:
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"{name} changed: rerun with --update-golden if intended"

    return check


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default data built once per run into a temporary site folder; tests only read it."""
    from scripts.build import build

    return once_per_run(tmp_path_factory, "built", lambda folder: build(DATA, folder / "site")) / "site"


@pytest.fixture(scope="session")
def kestria_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kestria fixture built once per run into a temporary site folder; tests only read it."""
    from scripts.build import build

    return once_per_run(tmp_path_factory, "kestria", lambda folder: build(KESTRIA, folder / "site")) / "site"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the synthetic dataset that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "synthetic", target)
    return target


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on a free loopback port."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; in CI a missing browser is a failure, not a skip."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],  # fmt: skip
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url: str):
    """A fresh page that records requests to other hosts and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.foreign_requests = []  # type: ignore[attr-defined]
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on(
        "request",
        lambda r: (
            None if r.url.startswith(site_url) or r.url.startswith("data:") else pg.foreign_requests.append(r.url)
        ),
    )
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
