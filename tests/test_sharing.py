"""A shared link shows the page's own title, summary and chart; search engines read a Dataset.

The built site is the frozen Cambodian fixture (tests/fixtures/cambodia), built locally, so its
absolute addresses are the local preview's; tests/test_address.py checks the published address
in the same tags.
"""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from scripts.build import check
from scripts.i18n import og_locale, site_locales
from scripts.model import LOCAL_URL
from scripts.sharing import dataset
from tests.conftest import DATA


class Head(HTMLParser):
    """The <meta> tags, the canonical link and the JSON-LD blocks of a page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)


def _page(site: Path, path: str) -> tuple[Head, str]:
    text = (site / path / "index.html").read_text(encoding="utf-8")
    return Head(text), text


def _lead(text: str) -> str:
    inner = re.search(r'<p class="lead">(.*?)</p>', text, re.S)[1]
    return re.sub(r"<[^>]+>|\u200b", "", inner).strip()


@pytest.mark.parametrize(("prefix", "locale"), [("", "en_US"), ("km/", "km_KH")])
def test_an_indicator_page_shares_its_title_summary_and_chart_in_its_language(
    built_site: Path, prefix: str, locale: str
) -> None:
    head, text = _page(built_site, f"{prefix}indicators/cases-cracked-down")
    meta = head.meta
    h1 = re.sub(r"<a .*?</a>|<[^>]+>|\u200b", "", re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)[1]).strip()
    assert meta["og:title"] == h1
    assert meta["og:description"] == _lead(text).replace("\u200b", "")  # the summary sentence the page leads with
    assert meta["og:locale"] == locale
    # A preview knows no public address, so neither the page's nor its picture's (test_address has both).
    assert "og:url" not in meta and head.canonical == ""
    assert "og:image" not in meta and meta["twitter:card"] == "summary"
    assert not any("127.0.0.1" in value for value in meta.values())


def test_the_khmer_card_is_in_khmer(built_site: Path) -> None:
    meta = _page(built_site, "km/indicators/cases-cracked-down")[0].meta
    for key in ("og:title", "og:description", "og:site_name"):
        assert re.search("[\u1780-\u17ff]", meta[key]), key


def test_a_published_khmer_card_shows_the_khmer_chart_described_in_khmer() -> None:
    from tests.test_address import _pages

    data = check(DATA)
    site = dataclasses.replace(data.site, url="https://example.org/ctip/")
    page = _pages(site, data, with_charts=True)["indicators/cases-cracked-down.km.md"]
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["image"] == "https://example.org/ctip/km/charts/cases-cracked-down.png"
    assert re.search("[\u1780-\u17ff]", front["image_alt"])


def test_a_page_without_a_chart_shares_a_summary_card(built_site: Path) -> None:
    head, _ = _page(built_site, "about")
    assert head.meta["twitter:card"] == "summary" and "og:image" not in head.meta
    assert head.meta["og:title"] and head.meta["og:description"] and head.jsonld == []


def test_an_indicator_page_describes_its_figures_as_a_schema_org_dataset(built_site: Path) -> None:
    head, _ = _page(built_site, "indicators/cases-cracked-down")
    [block] = head.jsonld
    record = json.loads(block)
    assert (record["@context"], record["@type"]) == ("https://schema.org", "Dataset")
    assert record["name"] == head.meta["og:title"]
    assert record["url"] == f"{LOCAL_URL}indicators/cases-cracked-down/"
    assert "image" not in record  # a preview's picture has no public address (test_address)
    assert record["license"] == "https://creativecommons.org/licenses/by/4.0/"
    downloads = {d["encodingFormat"]: d["contentUrl"] for d in record["distribution"]}
    assert downloads == {"text/csv": f"{LOCAL_URL}data/cases-cracked-down.csv",
                         "application/json": f"{LOCAL_URL}data/cases-cracked-down.json"}  # fmt: skip
    for address in downloads.values():
        assert (built_site / address.removeprefix(LOCAL_URL)).is_file()
    # The fixture's figures run from 2016 to 2024, the last of them for January to June 2024 at most.
    assert record["temporalCoverage"] == "2016-01/2024-12"
    assert {s["url"] for s in record["isBasedOn"]} >= {"https://www.phnompenhpost.com/national/hunt-down-masterminds"}


def test_the_dataset_names_every_source_its_figures_come_from_and_nothing_else() -> None:
    data = check(DATA)
    ind = next(i for i in data.indicators if i.id == "suspects-detained")
    loc = next(loc for loc in site_locales(data.site) if loc.lang == "km")
    record = dataset(data, loc, ind)
    assert {s["name"] for s in record["isBasedOn"]} == {
        data.source(o.source).title for o in ind.observations
    }  # fmt: skip
    assert record["inLanguage"] == "km" and record["url"].endswith("/km/indicators/suspects-detained/")
    assert record["name"] == loc.text(ind.title) and "image" not in record
    assert record["spatialCoverage"] == {"@type": "Place", "name": loc.text(data.site.country_name)}


def test_an_unpublished_indicator_claims_no_dataset(built_site: Path) -> None:
    head, _ = _page(built_site, "indicators/ringleaders-arrested")
    assert head.jsonld == []


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "en_US"), ("km", "km_KH"), ("fr", "fr_FR"), ("pt-BR", "pt_BR"), ("zh-Hant", "zh_TW")]
)
def test_open_graph_locales_come_from_cldr(lang: str, expected: str) -> None:
    assert og_locale(lang) == expected
