"""Downloads as a reader of each language gets them: each chart's data with its labels in the page's language.

Read from built sites, the Kestria fixture (French at /, English at /en/) and the default
data (English at /, Khmer at /km/), never from figures pinned here.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from scripts.build import check
from scripts.i18n import site_locales
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
