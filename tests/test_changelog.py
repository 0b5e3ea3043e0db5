"""The update log: its page and Atom feed, and the errors editors get (templates/updates.md.j2, scripts/feed.py, scripts/updatelog.py)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scripts.build import check
from scripts.feed import feed
from scripts.load import load
from scripts.model import Dataset
from scripts.pages import page
from scripts.problems import DataError
from scripts.updatelog import update_log
from tests.conftest import DATA, LIVE

A = "{http://www.w3.org/2005/Atom}"
ENTRY = '- date: "{date}"\n  indicators: [{ind}]\n  summary: {{en: {summary}}}\n  reason: {{en: A new report.}}\n'


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return check(DATA)


def _log(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / "changelog.yml").write_text(text, encoding="utf-8")
    return folder


def _feed(files: dict[str, str]) -> ET.Element:
    return ET.fromstring(files["feed.xml"].encode("utf-8"))


@pytest.mark.parametrize("folder", [LIVE, DATA], ids=["live", "fixture"])
def test_a_shipped_log_is_valid_and_names_every_indicator(folder: Path) -> None:
    """Properties, not contents: editors add entries and indicators without touching tests."""
    dataset = check(folder)
    first = (folder / "changelog.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith("changelog.schema.json")
    files = updates_of(folder, dataset)
    assert set(files) == {"updates.md", "feed.xml"}
    # The pull-request check makes every new indicator's first figures come with an entry.
    named = {c.get("term") for c in _feed(files).iter(f"{A}category")}
    assert named >= {i.id for i in dataset.indicators if i.published}


def test_the_feed_is_atom_with_every_required_element(dataset: Dataset, tmp_path: Path) -> None:
    text = ENTRY.format(date="2026-12-01", ind="tip-tier", summary="2025 tier added.") + ENTRY.format(
        date="2026-11-28", ind="victims-rescued", summary="First publication."
    )
    files = updates_of(_log(tmp_path, text), dataset)
    feed = _feed(files)
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated", "author/{A}name"):
        assert feed.findtext(f"{A}{tag}".replace("{A}", A)), tag
    # The feed is as new as its newest entry, never the time of the build.
    assert feed.findtext(f"{A}updated") == "2026-12-01T00:00:00Z"
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == ["2025 tier added.", "First publication."]
    for entry in entries:
        # A local build's ids and links are under the preview's address (a published one: below).
        assert entry.findtext(f"{A}id").startswith("http://127.0.0.1:8000/updates/#")
        assert entry.findtext(f"{A}updated").endswith("T00:00:00Z")
        assert entry.find(f"{A}link").get("href").startswith("http://127.0.0.1:8000/updates/#")
        assert "Why: A new report." in entry.findtext(f"{A}content")
    assert len({e.findtext(f"{A}id") for e in entries}) == 2
    assert updates_of(tmp_path / "data", dataset) == files  # the same log, the same bytes


def test_with_the_sites_address_ids_and_links_are_absolute(dataset: Dataset, tmp_path: Path) -> None:
    site = dataclasses.replace(dataset.site, url="https://example.org/ctip/")
    files = updates_of(
        _log(tmp_path, ENTRY.format(date="2026-11-28", ind="tip-tier", summary="S")),
        dataclasses.replace(dataset, site=site),
    )
    feed = _feed(files)
    assert feed.findtext(f"{A}id") == "https://example.org/ctip/feed.xml"
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")} == {
        "alternate": "https://example.org/ctip/updates/",
        "self": "https://example.org/ctip/feed.xml",
    }
    assert feed.findtext(f"{A}entry/{A}id") == "https://example.org/ctip/updates/#2026-11-28"


def test_entries_of_one_day_keep_their_anchors_when_a_new_one_is_added(dataset: Dataset, tmp_path: Path) -> None:
    older = ENTRY.format(date="2026-11-28", ind="tip-tier", summary="Older")
    newer = ENTRY.format(date="2026-11-28", ind="tip-tier", summary="Newer")
    page = updates_of(_log(tmp_path, newer + older), dataset)["updates.md"]
    assert page.index("{ #2026-11-28-2 }") < page.index("Newer") < page.index("{ #2026-11-28 }") < page.index("Older")


def test_text_from_the_log_cannot_inject_markup(dataset: Dataset, tmp_path: Path) -> None:
    summary = '"<script>alert(1)</script> [x](javascript:alert(1)) & <b>"'
    files = updates_of(_log(tmp_path, ENTRY.format(date="2026-11-28", ind="tip-tier", summary=summary)), dataset)
    assert "<script>" not in files["updates.md"] and "](javascript:" not in files["updates.md"]
    assert _feed(files).findtext(f"{A}entry/{A}title") == summary.strip('"')


def test_without_a_log_the_page_says_so_and_the_feed_is_empty(dataset: Dataset, tmp_path: Path) -> None:
    files = updates_of(tmp_path, dataset)
    assert "No updates are recorded yet." in files["updates.md"]
    assert _feed(files).findall(f"{A}entry") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('- date: 2026-11-28\n  indicators: [tip-tier]\n  summary: {en: S}\n  reason: {en: R}\n', [(1, 9, "yaml-date")]),
        (ENTRY.format(date="2026-02-30", ind="tip-tier", summary="S"), [(1, 9, "bad-format")]),
        (ENTRY.format(date="28/11/2026", ind="tip-tier", summary="S"), [(1, 9, "bad-format")]),
        (ENTRY.format(date="2026-11-28", ind="tip-teir", summary="S"), [(2, 16, "unknown-indicator")]),
        (ENTRY.format(date="2026-11-28", ind="tip-tier", summary="S") + "  sources: [nope]\n", [(5, 13, "unknown-source")]),
        ('- date: "2026-11-28"\n  indicators: [tip-tier]\n  summary: {en: S}\n', [(1, 3, "missing-key")]),
        (ENTRY.format(date="2026-11-28", ind="tip-tier", summary="S") + "  why: x\n", [(5, 3, "unknown-key")]),
        ('- date: "2026-11-28"\n  indicators: []\n  summary: {en: S}\n  reason: {en: R}\n', [(2, 15, "empty-value")]),
        ("- date: '2026-11-28'\n\tindicators: []\n", [(2, 1, "yaml-tab")]),
        (ENTRY.format(date="2999-01-01", ind="tip-tier", summary="S"), [(1, 9, "date-out-of-range")]),
        (ENTRY.format(date="1850-01-01", ind="tip-tier", summary="S"), [(1, 9, "date-out-of-range")]),
    ],
)  # fmt: skip
def test_editors_are_told_where_the_log_is_wrong(dataset: Dataset, tmp_path: Path, text: str, expected: list) -> None:
    with pytest.raises(DataError) as err:
        updates_of(_log(tmp_path, text), dataset)
    assert [(p.line, p.column, p.code) for p in err.value.problems] == expected
    assert all(p.path == "data/changelog.yml" for p in err.value.problems)


def updates_of(data_dir: Path, dataset: Dataset) -> dict[str, str]:
    """The update log's files for a data folder, as the build makes them: its feed and its page."""
    raw, problems = load(data_dir)
    log, more = update_log(raw.changelog, dataset)
    if problems or more:
        raise DataError(problems + more)
    dataset = dataclasses.replace(dataset, updates=log)
    return {"feed.xml": feed(dataset), "updates.md": page("updates.md", dataset)}


def test_editors_of_a_french_site_read_the_logs_problems_in_french(dataset: Dataset, tmp_path: Path) -> None:
    text = ENTRY.format(date="2026-02-30", ind="tip-teir", summary="S")
    with pytest.raises(DataError) as err:
        updates_of(_log(tmp_path, text), dataset)
    assert [p.said_in("fr") for p in err.value.problems] == [
        '"[0].date" n\'est pas un jour réel (écrit "2026-02-30"). Conseil : écrivez la date AAAA-MM-JJ, par ex. 2026-11-28.',
        '"[0].indicators[0]" n\'est pas connu (écrit "tip-teir"). Conseil : utilisez un id de indicators/<id>.yml.',
    ]


def test_a_french_first_sites_feed_is_in_french_with_its_revisions() -> None:
    """Kestria writes its log in French first: the feed's own words and its revised figures follow."""
    from tests.conftest import KESTRIA

    atom = ET.fromstring(feed(check(KESTRIA)).encode("utf-8"))
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert atom.findtext(f"{A}title").endswith(": Mises à jour des données")
    assert atom.findtext(f"{A}rights") == "Données : CC0-1.0"
    content = "\n".join(e.findtext(f"{A}content") for e in atom.findall(f"{A}entry"))
    assert "Pourquoi\u00a0: " in content and "Indicateurs\u00a0: " in content and "Chiffres révisés\u00a0:" in content
    assert "révisé, auparavant" in content
    for english in ("Why:", "Indicators:", "Revised figures", "revised from", "Data:"):
        assert english not in content + atom.findtext(f"{A}rights"), english
