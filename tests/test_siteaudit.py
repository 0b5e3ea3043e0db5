"""The site audit's own checks (tests/siteaudit/, `make audit`) find what they are for.

The browser parts run on a sample of pages in tests/test_accessibility.py and tests/test_markup.py;
here, each check on a tiny page made to fail it, and what the audit reports and exits with.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.siteaudit import __main__ as audit
from tests.siteaudit import links, static
from tests.siteaudit.report import Row, markdown


def _page(folder: Path, rel: str, body: str, lang: str = "en") -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>')
    return path


def test_lychee_finds_a_missing_page_and_a_missing_anchor_offline(tmp_path: Path) -> None:
    _page(
        tmp_path,
        "index.html",
        '<h2 id="here">x</h2><a href="a/">a</a><a href="/a/#here">b</a><a href="https://example.org/">c</a>',
    )
    _page(tmp_path, "a/index.html", '<a href="../#here">ok</a><a href="../#gone">gone</a><a href="/missing/">m</a>')
    checked, broken = links.check(tmp_path)
    assert checked >= 4 and sorted(b.split(" (")[0] for b in broken) == [
        "/a/index.html: #gone",
        "/a/index.html: /missing",
        "/index.html: /a#here",
    ]  # the address of another host is not asked at all


def test_a_khmer_full_stop_after_a_break_opportunity_is_counted(tmp_path: Path) -> None:
    pages = [
        _page(tmp_path, "km/index.html", "<p>ពាក្យ\u200b។ ពាក្យ <b>x</b> ។</p><script>var s = '\u200b។';</script>", "km"),
        _page(tmp_path, "km/ok/index.html", "<p>ពាក្យ។ ពាក្យ\u2060។</p>", "km"),
    ]
    assert static.orphaned_stops(pages, tmp_path) == (2, ["km/index.html: 2"])


def test_a_404_page_in_one_language_is_reported_for_the_others(tmp_path: Path) -> None:
    _page(
        tmp_path,
        "404.html",
        '<article class="md-content__inner"><h1>404 - Not found</h1><a href="/">Home</a></article>',
    )
    assert static.not_found_page(tmp_path, ["en", "km"], {"en": "/", "km": "/km/"}) == [
        'no heading marked lang="km"',
        'no link to /km/ in the part marked lang="km"',
    ]
    _page(
        tmp_path, "404.html",
        '<article><section lang="en"><h1>Not found</h1><a href="/">Home</a></section>'
        '<section lang="km"><h2>រកមិនឃើញ</h2><a href="/km/">ទំព័រដើម</a></section></article>',
    )  # fmt: skip
    assert static.not_found_page(tmp_path, ["en", "km"], {"en": "/", "km": "/km/"}) == []


def test_the_table_says_met_and_not_met_with_the_first_failures() -> None:
    rows = [
        Row("Nu HTML checker", "0 errors", False, "2 errors on 3 pages", ["/a: x", "/b: y|z"]),
        Row("Lighthouse performance", "≥ 95", False, "home 90", gate=False),
        Row("search", "finds", True, "en typed: 3 results"),
    ]
    table = markdown(rows)
    assert "1 of 3 goals met" in table
    assert "| Nu HTML checker | 0 errors | **not met** | 2 errors on 3 pages |" in table
    assert "**not met** (reported)" in table and "- /b: y\\|z" in table


@pytest.mark.parametrize(("gate", "status"), [(True, 1), (False, 0)])
def test_the_audit_fails_on_a_goal_not_met_but_not_on_a_timing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gate: bool, status: int
) -> None:
    _page(tmp_path / "site", "index.html", "x")
    monkeypatch.setattr(audit, "audit", lambda site, limit, skip: ([Row("x", "y", False, "z", gate=gate)], {}))
    summary = tmp_path / "summary.md"
    out = tmp_path / "out"
    assert audit.main(["--site", str(tmp_path / "site"), "--out", str(out), "--summary", str(summary)]) == status
    assert json.loads((out / "audit.json").read_text())["rows"][0]["met"] is False
    assert "**not met**" in summary.read_text() and (out / "audit.md").exists()


@pytest.mark.browser
def test_sideways_scroll_names_what_sticks_out_but_not_what_scrolls_in_its_own_box(browser) -> None:
    from tests.siteaudit import phone

    context = browser.new_context(viewport={"width": phone.WIDTH, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        boxed = '<div style="overflow-x:auto"><table><tr><td style="min-width:900px">wide, scrolls in its box</td></tr></table></div>'
        page.set_content(f"<body style='margin:0'>{boxed}<p>fits</p></body>")
        assert phone.sideways(page) == (phone.WIDTH, "")
        # A grid whose first column is as wide as its longest term: the page scrolls, and the term is named.
        key = (
            "<dl style='display:grid;grid-template-columns:max-content 1fr'><dt>"
            + "term " * 30
            + "</dt><dd>meaning</dd></dl>"
        )
        page.set_content(f"<body style='margin:0'>{boxed}{key}</body>")
        scroll, what = phone.sideways(page)
        assert scroll > phone.WIDTH and what.startswith("dd to ")
    finally:
        context.close()
