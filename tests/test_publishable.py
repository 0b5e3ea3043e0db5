"""The live data/ is publishable: checked by properties, never by its figures.

An editor's valid change (with its update-log entry) must pass this unchanged; the tests that
need fixed numbers run on the frozen copy in tests/fixtures/cambodia. A second country,
tests/fixtures/kestria (made up, French first), is held to the same properties.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.build import build
from tests.conftest import KESTRIA, LIVE
from tests.publishable import assert_publishable


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("live") / "site"
    build(LIVE, out)  # validates, renders, and passes the output audit, or raises
    return out


def test_the_live_data_builds_and_every_figure_reaches_its_page_chart_and_downloads(live_site: Path) -> None:
    data = assert_publishable(LIVE, live_site)
    assert any(i.observations for i in data.indicators), "the live data publishes no figure at all"


def test_another_country_in_another_language_pair_builds_and_every_figure_reaches_its_pages(kestria_site: Path) -> None:
    data = assert_publishable(KESTRIA, kestria_site)
    assert data.site.languages[0] == "fr" and data.site.synthetic
    assert any(o.revisions for i in data.indicators for o in i.observations), "Kestria shows no revised figure"
    assert '<html lang="fr"' in (kestria_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (kestria_site / "en" / "index.html").read_text(encoding="utf-8")
