"""Downloads as a reader of each language gets them: each chart's data with its labels in the page's language.

Read from built sites, the Kestria fixture (French at /, English at /en/) and the default
data (English at /, Khmer at /km/), never from figures pinned here.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from markupsafe import escape

from scripts.build import check
from scripts.i18n import machine_locale, site_locales
from scripts.tables import shown_value
from tests.conftest import DATA, KESTRIA

SITES = [("kestria_site", KESTRIA), ("built_site", DATA)]


def _csv(path: Path) -> list[dict[str, str]]:
    """A CSV download's rows, after checking it starts with the byte-order mark Excel needs for UTF-8."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path}: no byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize(("site_fixture", "folder"), SITES, ids=["kestria", "default"])
def test_each_language_page_links_chart_data_labelled_in_its_language(
    request: pytest.FixtureRequest, site_fixture: str, folder: Path
) -> None:
    site: Path = request.getfixturevalue(site_fixture)
    data = check(folder)
    linked: dict[str, dict[str, list[dict[str, str]]]] = {}
    for loc in site_locales(data.site):
        root = site if loc.is_default else site / loc.lang
        for ind in (i for i in data.indicators if i.published):
            page = root / "indicators" / ind.id / "index.html"
            links = re.findall(r'href="([^"]*charts/[^"]*\.csv)"', page.read_text(encoding="utf-8"))
            assert links, f"{page}: no chart data to download"
            labels = {loc.text(s.label) for s in ind.series}
            for link in links:
                target = (page.parent / link).resolve()
                # The file is the page language's own: under /<lang>/ for a language other than the first.
                assert target.parent == (root / "charts").resolve(), link
                rows = _csv(target)
                assert {r["series"] for r in rows} <= labels, f"{target}: series not in {loc.lang}"
                linked.setdefault(target.name, {})[loc.lang] = rows
    # Where a language names a series otherwise than the first, its chart data says so.
    default, *others = data.site.languages
    for ind in (i for i in data.indicators if i.published):
        for lang in others:
            if any(s.label.translation(lang) not in ("", s.label.default) for s in ind.series):
                assert linked[f"{ind.id}.csv"][lang] != linked[f"{ind.id}.csv"][default], (ind.id, lang)


def _source_rows(folder: Path, ind_id: str, dims: list[str]) -> dict[tuple[str, ...], dict[str, str]]:
    """The rows of a data folder's observations file, by period, geography, series and breakdown."""
    with (folder / "observations" / f"{ind_id}.csv").open(encoding="utf-8-sig") as fh:
        return {tuple(r[c].strip() for c in ("period", "geography", "series", *dims)): r for r in csv.DictReader(fh)}


@pytest.mark.parametrize(("site_fixture", "folder"), SITES, ids=["kestria", "default"])
def test_downloads_carry_each_languages_note_as_the_editor_wrote_it(
    request: pytest.FixtureRequest, site_fixture: str, folder: Path
) -> None:
    """note in the first language, note_<lang> in each other: in data/<id>.csv, its JSON and all.csv,
    each cell as in the observations file (empty where the editor gave none)."""
    site: Path = request.getfixturevalue(site_fixture)
    data = check(folder)
    columns = ["note", *(f"note_{lang}" for lang in data.site.languages[1:])]
    every = _csv(site / "data" / "all.csv")
    assert [c for c in every[0] if c.startswith("note")] == columns
    given = 0
    for ind in (i for i in data.indicators if i.published):
        dims = [d.id for d in ind.dimensions]
        written = _source_rows(folder, ind.id, dims)
        rows = _csv(site / "data" / f"{ind.id}.csv")
        entries = json.loads((site / "data" / f"{ind.id}.json").read_text(encoding="utf-8"))["observations"]
        in_all = [r for r in every if r["indicator"] == ind.id]
        assert [c for c in rows[0] if c.startswith("note")] == columns
        for row, entry, also in zip(rows, entries, in_all, strict=True):
            source = written[tuple(row[c] for c in ("period", "geography", "series", *dims))]
            for column in columns:
                expected = (source.get(column) or "").strip()
                assert row[column] == entry[column] == also[column] == expected, (ind.id, row["period"], column)
                given += bool(expected) and column != "note"
    if any(f"note_{lang}" in header for lang in data.site.languages[1:] for header in _headers(folder)):
        assert given, "the data folder's translated notes are not in the downloads"


def _headers(folder: Path) -> list[str]:
    """The header line of each observations file of a data folder."""
    return [
        p.read_text(encoding="utf-8-sig").split("\n", 1)[0] for p in sorted((folder / "observations").glob("*.csv"))
    ]


@pytest.mark.parametrize(("site_fixture", "folder"), SITES, ids=["kestria", "default"])
def test_the_use_data_page_and_the_data_package_describe_each_languages_texts(
    request: pytest.FixtureRequest, site_fixture: str, folder: Path
) -> None:
    site: Path = request.getfixturevalue(site_fixture)
    data = check(folder)
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for loc in site_locales(data.site):
        page = ((site if loc.is_default else site / loc.lang) / "usedata" / "index.html").read_text(encoding="utf-8")
        for base, lang in ((b, lang) for b in ("note", "revision_history") for lang in data.site.languages[1:]):
            cell = rf"<tr>\s*<td[^>]*><code>{base}_{lang}</code></td>\s*<td[^>]*>(.*?)</td>"
            [row] = re.findall(cell, page, re.S)
            assert loc.language_name(lang) in row, (loc.lang, base, lang, row)
    for resource in package["resources"]:
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        for base, lang in ((b, lang) for b in ("note", "revision_history") for lang in data.site.languages[1:]):
            assert fields[f"{base}_{lang}"]["type"] == "string"
            assert fields[f"{base}_{lang}"]["description"].endswith(
                f"In {machine_locale().language_name(lang)}; empty where no translation is given."
            )


@pytest.mark.parametrize(("site_fixture", "folder"), SITES, ids=["kestria", "default"])
def test_a_revision_history_is_told_in_each_language_in_downloads_and_pages(
    request: pytest.FixtureRequest, site_fixture: str, folder: Path
) -> None:
    """revision_history in the first language, revision_history_<lang> in each other: "revised from X
    (source, date)" in that language's words, its pages' rows and update log saying it as well."""
    site: Path = request.getfixturevalue(site_fixture)
    data = check(folder)
    locales = site_locales(data.site)
    columns = ["revision_history", *(f"revision_history_{lang}" for lang in data.site.languages[1:])]
    told = 0
    for ind in (i for i in data.indicators if i.published):
        rows = _csv(site / "data" / f"{ind.id}.csv")
        assert [c for c in rows[0] if c.startswith("revision_history")] == columns
        for row, obs in zip(rows, ind.observations, strict=True):
            for loc, column in zip(locales, columns, strict=True):
                earlier = [(shown_value(data, ind, obs.as_published(r), loc), r) for r in reversed(obs.revisions)]
                said = [loc.t("revision.from", value=v, source=r.source, date=r.date) for v, r in earlier]
                assert row[column] == "; ".join(said), (ind.id, row["period"], column)
                root = site if loc.is_default else site / loc.lang
                page = (root / "indicators" / ind.id / "index.html").read_text(encoding="utf-8")
                updates = (root / "updates" / "index.html").read_text(encoding="utf-8")
                for value, rev in earlier:
                    publisher = data.source(rev.source).publisher  # type: ignore[union-attr]
                    words = loc.t("revision.from", value=value, source=publisher, date=loc.partial_date(rev.date))
                    assert str(escape(words)) in page and str(escape(words)) in updates, (loc.lang, words)
                    told += 1
    assert told or not (folder / "revisions").is_dir(), "the data folder's revisions are not told"
