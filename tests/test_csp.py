"""The Content-Security-Policy: computed per page, first in <head>, and nothing it blocks is needed."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.csp import THEME_SCRIPTS, allow_script
from scripts.finish import edit_pages
from scripts.problems import DataError
from tests.conftest import serve


def _theme_script(name: str, base: str = "..") -> str:
    """An inline script as Material's template writes it, for a page `base` away from the root."""
    template = (THEME_SCRIPTS[0] / name).read_text(encoding="utf-8")
    [body] = re.findall(r"<script>(.*?)</script>", template, flags=re.S)[-1:]
    return re.sub(r"\{\{.*?\}\}", base, body)


BASE = _theme_script("base.html")
TARGET = _theme_script("content.html")
PAGE = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>T</title>
    <script>{BASE}</script>
    <script id="__config" type="application/json">{{"base": "."}}</script>
    <style>p {{ color: red }}</style>
  </head>
  <body>
    <!-- <script>not code</script> -->
    <script type="application/json" class="chart__spec">{{"data": 1}}</script>
    <script src="x.js"></script>
    <script>{TARGET}</script>
    <pre>&lt;iframe style="border:0"&gt;</pre>
    {{body}}
  </body>
</html>
"""


def _sha(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode('ascii')}'"


def _secured(tmp_path: Path, body: str = "") -> str:
    (tmp_path / "index.html").write_text(PAGE.replace("{body}", body), encoding="utf-8")
    edit_pages(tmp_path, [])
    return (tmp_path / "index.html").read_text(encoding="utf-8")


def _policy(html: str) -> dict[str, list[str]]:
    [content] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    return {d.split()[0]: d.split()[1:] for d in content.split("; ")}


def test_the_themes_scripts_are_allowed_by_the_hash_of_their_exact_text(tmp_path: Path) -> None:
    policy = _policy(_secured(tmp_path))
    assert policy["script-src"] == ["'self'", *sorted([_sha(BASE), _sha(TARGET)])]
    assert policy["style-src"] == ["'self'", _sha("p { color: red }")]
    assert policy["default-src"] == ["'none'"]
    for directive, allowed in [("object-src", ["'none'"]), ("base-uri", ["'none'"]), ("form-action", ["'none'"]),
                               ("img-src", ["'self'", "data:"]), ("connect-src", ["'self'"]), ("worker-src", ["'self'"])]:  # fmt: skip
        assert policy[directive] == allowed
    assert "'unsafe-eval'" not in str(policy) and "'unsafe-inline'" not in str(policy)


@pytest.mark.parametrize(
    "script",
    ["<script>alert(1)</script>", '<script type="module">import "./y.js";</script>',
     '<script type="text/jscript">alert(1)</script>', f"<script>{BASE};alert(1)</script>",
     "<script>" + _theme_script("base.html", '",alert(1),"') + "</script>"],
)  # fmt: skip
def test_any_other_inline_script_is_refused_not_hashed(tmp_path: Path, script: str) -> None:
    # A script from data (a hostile address once put one in every page's head) must never be
    # allowed by its hash: the build stops, naming the page and the line.
    (tmp_path / "index.html").write_text(PAGE.replace("{body}", f"<p>a</p>\n{script}"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        edit_pages(tmp_path, [])
    [problem] = err.value.problems
    line = PAGE.replace("{body}", "<p>a</p>\n").count("\n", 0, PAGE.index("{body}") + 9) + 1
    assert (problem.path, problem.line, problem.code) == (f"{tmp_path.name}/index.html", line, "unexpected-script")
    assert "Content-Security-Policy" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_style_attributes_are_allowed_one_by_one_never_wholesale(tmp_path: Path) -> None:
    policy = _policy(_secured(tmp_path, body='<div style="width: 3em">x</div><p style="color:&quot;red&quot;">y</p>'))
    # The hash is of the attribute's value as the browser reads it (entities decoded).
    assert policy["style-src"] == ["'self'", _sha("p { color: red }"), "'unsafe-hashes'",
                                   *sorted([_sha("width: 3em"), _sha('color:"red"')])]  # fmt: skip


def test_the_policy_comes_first_in_head_after_the_charset(tmp_path: Path) -> None:
    html = _secured(tmp_path)
    head = html[html.index("<head>") + len("<head>") :]
    assert re.match(
        r'\s*<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="[^"]+">'
        r'<meta name="referrer" content="no-referrer">\n',
        head,
    )
    assert html.index("Content-Security-Policy") < 1024


def test_securing_twice_changes_nothing(tmp_path: Path) -> None:
    once = _secured(tmp_path)
    edit_pages(tmp_path, [])
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == once
    assert once.count("Content-Security-Policy") == 1 and once.count('name="referrer"') == 1


def test_every_page_of_the_site_gets_its_policy(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    edit_pages(site, [])
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policy = _policy(html)
        assert "'unsafe-inline'" not in str(policy) and "'unsafe-eval'" not in str(policy), path
        assert len(policy["script-src"]) >= 2, path  # Material's inline scripts, by hash


# --- in the browser: a site with the policy applied, and readers using it ---

# Listens from before any page script runs; the event fires for every blocked script, style,
# image, font, connection or worker.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture(scope="module")
def secured_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the built site with the policy applied (whether or not the build applies it), served."""
    site = tmp_path_factory.mktemp("secured") / "site"
    shutil.copytree(built_site, site)
    edit_pages(site, [])
    with serve(site) as url:
        yield url


@pytest.fixture
def reader(browser, secured_url: str):
    """A page that records policy violations, console errors and requests to other hosts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    pg = context.new_page()
    pg.messages = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.messages.append(m.text) if m.type in ("error", "warning") else None)
    pg.on(
        "request",
        lambda r: None if r.url.startswith((secured_url, "data:")) else pg.messages.append(f"request to {r.url}"),
    )
    yield pg
    context.close()


def _clean(pg) -> None:
    violations = pg.evaluate("window.__violations")
    assert violations == [], violations
    assert [m for m in pg.messages if "Content Security Policy" in m or "request to" in m] == []


@pytest.mark.browser
def test_a_reader_browses_every_page_without_a_violation(reader, secured_url: str, built_site: Path) -> None:
    for path in sorted(built_site.rglob("*.html")):
        url = path.relative_to(built_site).as_posix().removesuffix("index.html")
        reader.goto(f"{secured_url}/{url}", wait_until="load")
        assert reader.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, url
        _clean(reader)
    # What the privacy page promises: no cookies (only the colour scheme, in local storage).
    assert reader.context.cookies() == []


@pytest.mark.browser
def test_a_reader_reads_a_chart_and_explores_it(reader, secured_url: str) -> None:
    reader.goto(f"{secured_url}/indicators/cases-cracked-down/")
    # Values on hover and from the keyboard over the static chart, no library loaded.
    reader.locator("figure.chart .chart__svg--wide [aria-roledescription='bar']").first.hover()
    reader.wait_for_selector(".chart-tip:not([hidden])")
    reader.locator("figure.chart .chart__svg--wide").first.focus()
    reader.keyboard.press("ArrowRight")
    _clean(reader)
    # "Explore" loads the site's own Vega bundle, under the same policy.
    reader.get_by_role("button", name="Explore the chart").first.click()
    reader.wait_for_selector("figure.chart .chart__live svg", timeout=15000)
    reader.locator("figure.chart .chart__live [aria-roledescription='bar']").first.hover()
    reader.wait_for_selector(".chart-tip:not([hidden])")
    reader.keyboard.press("ArrowRight")
    reader.wait_for_timeout(200)
    _clean(reader)


@pytest.mark.browser
def test_a_reader_searches_the_site(reader, secured_url: str) -> None:
    reader.goto(f"{secured_url}/")
    reader.locator("label.md-search__icon, .md-search__input").first.click()
    # Typed key by key, as a reader does: the theme searches on key presses.
    reader.locator("input.md-search__input").press_sequentially("victims", delay=30)
    reader.wait_for_selector(".md-search-result__item", timeout=15000)
    assert reader.locator(".md-search-result__item").count() >= 1
    _clean(reader)


@pytest.mark.browser
def test_a_reader_switches_language_and_colour_scheme(reader, secured_url: str) -> None:
    reader.goto(f"{secured_url}/indicators/victims-rescued/")
    toggle = reader.locator("label.md-header__button[for^='__palette']:visible").first
    if toggle.count():
        toggle.click()
        reader.wait_for_timeout(200)
    _clean(reader)  # each page's violations are lost when the reader moves on
    switcher = reader.locator(".md-header .md-select a[hreflang]")
    if switcher.count() > 1:
        target = switcher.nth(1)
        lang = target.get_attribute("hreflang")
        reader.locator(".md-header .md-select").first.hover()
        target.click()
        # Where the switch lands is the language stories' business; here, that it works.
        reader.wait_for_url(f"**/{lang}/**")
        reader.goto(f"{secured_url}/{lang}/indicators/victims-rescued/")
        reader.locator("figure.chart button.chart__explore").first.click()
        reader.wait_for_selector("figure.chart .chart__live svg", timeout=15000)
    _clean(reader)


def test_only_the_preview_allows_its_reload_script_and_only_that(built_site: Path) -> None:
    from scripts.serve import Preview

    published = (built_site / "index.html").read_text(encoding="utf-8")
    server = Preview(build=lambda: True, host="127.0.0.1", port=0, root=str(built_site))
    try:
        served = server._inject_js_into_html(published.encode("utf-8"), 1).decode("utf-8")
    finally:
        server.server_close()
    [script] = re.findall(r"<script>([^<]*livereload\([^<]*)</script></body>", served)
    before, after = _policy(published), _policy(served)
    assert _sha(script) not in before["script-src"]  # the built, published page: its own scripts only
    assert after.pop("script-src") == [before.pop("script-src")[0], _sha(script), *_policy(published)["script-src"][1:]]
    assert after == before  # nothing else relaxed
    assert "'unsafe-inline'" not in served and "'unsafe-eval'" not in served
    assert (built_site / "index.html").read_text(encoding="utf-8") == published


def test_allow_script_adds_one_hash_to_the_script_policy(tmp_path: Path) -> None:
    html = _secured(tmp_path)
    policy = _policy(allow_script(html, "reload()"))
    assert policy["script-src"] == ["'self'", _sha("reload()"), *_policy(html)["script-src"][1:]]


def _many_pages(site: Path, count: int) -> None:
    for n in range(count):
        (site / f"p{n:02}").mkdir(parents=True)
        (site / f"p{n:02}" / "index.html").write_text(PAGE.replace("{body}", f"<p>page {n}</p>"), encoding="utf-8")


def _finished(site: Path, edits: list) -> tuple[dict[str, str], list[str]]:
    seen: list[str] = []
    edit_pages(site, edits, visit=lambda path, reading: seen.append(path.parent.name))
    return {p.parent.name: p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}, seen


def test_pages_finished_by_two_processes_are_the_pages_one_process_finishes(tmp_path: Path, monkeypatch) -> None:
    # Many pages are shared with a forked process (every other one): the same text, the same
    # edits applied, and shown to the audit in the pages' order.
    from scripts import finish

    def mark(rel: str, page) -> None:  # an edit that differs from page to page
        at, _ = next(page.elements("p"))
        page.insert(at + 1, f"({rel}) ")

    count = finish.SHARE_FROM + 3  # odd: the forked process has one page fewer
    _many_pages(tmp_path / "shared", count)
    _many_pages(tmp_path / "alone", count)
    shared, shared_order = _finished(tmp_path / "shared", [mark])
    monkeypatch.setattr(finish, "SHARE_FROM", 10**6)
    alone, alone_order = _finished(tmp_path / "alone", [mark])
    assert shared == alone and "<p>(p41/index.html) page 41</p>" in shared["p41"]
    assert shared_order == alone_order == [f"p{n:02}" for n in range(count)]


def test_a_page_refused_by_the_forked_process_stops_the_build_naming_it(tmp_path: Path) -> None:
    from scripts import finish

    _many_pages(tmp_path, finish.SHARE_FROM + 2)
    page = tmp_path / "p01" / "index.html"  # odd: finished by the forked process
    page.write_text(PAGE.replace("{body}", "<p>a</p>\n<script>alert(1)</script>"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        edit_pages(tmp_path, [])
    assert [(p.path, p.code) for p in err.value.problems] == [(f"{tmp_path.name}/p01/index.html", "unexpected-script")]
