"""The build cache returns only what was stored under a key, intact; anything else is made again."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from scripts import cache
from scripts.build import check
from scripts.charts import charts
from scripts.compute import compute
from scripts.finish import edit_pages
from scripts.htmlpage import Cell
from tests.conftest import DATA


@pytest.fixture(autouse=True)
def _folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CTIP_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entry(kind: str, digest: str) -> Path:
    folder = cache.folder()
    assert folder is not None
    return folder / kind / digest[:2] / digest


def test_a_stored_entry_is_found_and_not_made_again() -> None:
    digest = cache.key("svg", {"mark": "bar"}, "1.9.0")
    made: list[int] = []
    first = cache.cached("svg", digest, lambda: made.append(1) or b"<svg/>")
    second = cache.cached("svg", digest, lambda: made.append(1) or b"other")
    assert first == second == b"<svg/>"
    assert made == [1]


def test_any_input_changes_the_key() -> None:
    base = cache.key("svg", {"mark": "bar"}, "1.9.0")
    assert base == cache.key("svg", {"mark": "bar"}, "1.9.0")
    assert len({base, cache.key("svg", {"mark": "line"}, "1.9.0"), cache.key("svg", {"mark": "bar"}, "1.9.1"),
                cache.key("png", {"mark": "bar"}, "1.9.0")}) == 4  # fmt: skip


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-3],  # truncated
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit flipped in the content
        lambda raw: b"",  # empty
        lambda raw: b"<svg>not from the cache</svg>",  # written by something else
    ],
)
def test_a_damaged_entry_is_removed_and_made_again(damage) -> None:
    digest = cache.key("svg", "spec")
    cache.put("svg", digest, b"<svg>right</svg>")
    path = _entry("svg", digest)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get("svg", digest) is None
    assert not path.exists()
    assert cache.cached("svg", digest, lambda: b"<svg>right</svg>") == b"<svg>right</svg>"
    assert cache.get("svg", digest) == b"<svg>right</svg>"


def test_an_entry_copied_from_another_key_is_not_used() -> None:
    one, two = cache.key("svg", "one"), cache.key("svg", "two")
    cache.put("svg", one, b"<svg>one</svg>")
    _entry("svg", two).parent.mkdir(parents=True, exist_ok=True)
    _entry("svg", two).write_bytes(_entry("svg", one).read_bytes())
    assert cache.cached("svg", two, lambda: b"<svg>two</svg>") == b"<svg>two</svg>"


def test_off_stores_nothing(monkeypatch: pytest.MonkeyPatch, _folder: Path) -> None:
    monkeypatch.setenv("CTIP_CACHE", "off")
    assert cache.cached("svg", cache.key("svg", "x"), lambda: b"made") == b"made"
    assert cache.get("svg", cache.key("svg", "x")) is None
    assert not _folder.exists()


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_prune_deletes_what_no_recent_build_used_and_keeps_the_rest(_folder: Path) -> None:
    """The cache holds what today's code and data make: an entry left unused past the grace goes."""
    stale, used, fresh = (cache.key("svg", name) for name in ("stale", "used", "fresh"))
    for digest in (stale, used, fresh):
        cache.put("svg", digest, b"<svg/>")
    for digest in (stale, used):
        _age(_entry("svg", digest), cache.GRACE + 60)
    started = time.time()
    assert cache.get("svg", used) == b"<svg/>"  # this build used it: renewed
    assert cache.prune(started) == 1
    assert not _entry("svg", stale).exists()
    assert cache.get("svg", used) == b"<svg/>"
    assert cache.get("svg", fresh) == b"<svg/>"  # written within the grace, by a build beside this one


def test_prune_deletes_only_cache_entries(_folder: Path) -> None:
    """A CTIP_CACHE pointed at the wrong folder loses nothing that put() did not write."""
    digest = cache.key("svg", "x")
    cache.put("svg", digest, b"<svg/>")
    bucket = _entry("svg", digest).parent
    others = [bucket / ("0" * 64), bucket / "notes.txt", _folder / "svg" / "readme.md", _folder / "top.txt"]
    for path in others:
        path.write_bytes(b"someone's file")
    left = bucket / f"{cache.TEMPORARY}killed"
    left.write_bytes(b"half an entry")
    for path in [*others, left, _entry("svg", digest)]:
        _age(path, cache.GRACE + 60)
    assert cache.prune(time.time()) == 2
    assert all(path.read_bytes() == b"someone's file" for path in others)
    assert not left.exists() and not _entry("svg", digest).exists()


def test_a_changed_figure_is_drawn_again_from_a_warm_cache() -> None:
    """Charts are cached whole: a figure edited since the last build must not come back from it."""
    data = check(DATA)
    facts = compute(data)
    ind = next(i for i in data.indicators if i.id == "cases-cracked-down")
    first = charts(ind, facts[ind.id], data.site, data.events)
    assert charts(ind, facts[ind.id], data.site, data.events) == first  # found again, the same
    latest = max((o for o in ind.observations if o.status == "reported" and o.geography == data.site.country_code
                  and not o.is_breakdown and o.period.is_year), key=lambda o: o.period)  # fmt: skip
    edited = replace(
        ind, observations=tuple(replace(o, value=o.value + 1) if o is latest else o for o in ind.observations)
    )
    rows = charts(edited, facts[ind.id], data.site, data.events)[0].rows
    drawn = {(r["period"], r["value"]) for r in rows}
    assert (str(latest.period.start_year), latest.value + 1) in drawn
    assert (str(latest.period.start_year), latest.value) not in drawn


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>
<body><p>Cases: 134</p><table><tr><th>Year</th><td class="num"><a href="/y">134</a></td></tr></table>
<script type="application/json">{"data": 1}</script><div aria-label="Cases: 134"></div></body></html>
"""


def _finished(site: Path, recipe: object, body: str = "134") -> tuple[str, list[tuple[Path, object]]]:
    (site / "index.html").write_text(PAGE.replace("134", body), encoding="utf-8")
    seen: list[tuple[Path, object]] = []
    edit_pages(site, [], lambda path, reading: seen.append((path, reading)), recipe)
    return (site / "index.html").read_text(encoding="utf-8"), seen


def test_a_page_finished_from_the_cache_is_the_page_finished_afresh(tmp_path: Path) -> None:
    """The finish pass's cache (scripts/finish.py): same text and reading for the audit, and an
    edited page, or other edits, are finished again rather than found."""
    site = tmp_path / "site"
    site.mkdir()
    fresh, fresh_seen = _finished(site, None)  # no recipe: parsed, not cached
    first, first_seen = _finished(site, {"site_url": ""})
    again, again_seen = _finished(site, {"site_url": ""})
    assert fresh == first == again
    assert "Content-Security-Policy" in again
    assert fresh_seen == first_seen == again_seen
    assert again_seen[0][1].rows[0][1][1] == Cell("134", True, "/y")  # type: ignore[attr-defined]
    edited, edited_seen = _finished(site, {"site_url": ""}, body="135")
    assert "135" in edited and "134" not in edited
    assert (3, "Cases: 135") in edited_seen[0][1].labels  # type: ignore[attr-defined]
    folder = cache.folder()
    assert folder is not None
    assert len(list((folder / "page").rglob("*"))) == 4  # two folders, two pages
    _finished(site, {"site_url": "https://example.org/"})  # another recipe: another entry
    assert len([p for p in (folder / "page").rglob("*") if p.is_file()]) == 3


def test_a_preview_keeps_the_entries_it_used_in_memory_and_renews_them_on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_memory", None)
    digest = cache.key("page", "one page")
    cache.put("page", digest, b"finished")
    cache.remember("load", digest, b"parsed")
    assert cache.remembered("load", digest) is None  # a one-off build keeps nothing in memory
    monkeypatch.setattr(cache, "_memory", {})  # cache.keep_in_memory(), for this test only
    monkeypatch.setattr(cache, "_memory_size", [0])
    assert cache.get("page", digest) == b"finished"  # read from disk once, then kept
    os.utime(_entry("page", digest), (0, 0))
    _entry("page", digest).write_bytes(b"damaged on disk")
    assert cache.get("page", digest) == b"finished"  # from memory: the disk is not read again
    assert _entry("page", digest).stat().st_mtime > time.time() - 60  # but renewed, so prune keeps it
    cache.remember("load", digest, b"parsed")
    assert cache.remembered("load", digest) == b"parsed"
    assert not (cache.folder() / "load").exists()  # type: ignore[operator]  (never written to disk)
    monkeypatch.setenv("CTIP_CACHE", "off")
    assert cache.remembered("load", digest) is None and cache.get("page", digest) is None  # no cache, no memory


@pytest.mark.parametrize("kind", ["templates/home.md.j2", "schemas/site.schema.json", "locale/en.yml", "cache.py"])
def test_a_change_to_any_file_of_the_code_changes_its_fingerprint(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from scripts import paths

    copy = tmp_path / "scripts"
    shutil.copytree(paths.SCRIPTS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "SCRIPTS", copy)
    cache.code.cache_clear()
    before = cache.code()
    with (copy / kind).open("a", encoding="utf-8") as file:
        file.write("\n")
    cache.code.cache_clear()
    try:
        assert cache.code() != before  # an edited template or schema makes its pages and charts again
    finally:
        cache.code.cache_clear()
