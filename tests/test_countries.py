"""A site built from one data folder contains nothing of another.

The embedded default is Cambodia's (English and Khmer); tests/fixtures/kestria is a made-up
country in French and English. Neither site may carry the other's country, sources, places or
script: not in its pages, its search index, its downloads, its stylesheet or its fonts.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, KESTRIA

# Khmer script: the Khmer block and Khmer symbols.
KHMER_SCRIPT = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
# Cambodia's words, whatever the data folder: the country, its capital, its language and script,
# its province codes (KH-1 to KH-25) and its currency (KHR, the riel).
CAMBODIA_WORDS = re.compile(r"Cambodia|Cambodian|Phnom Penh|Khmer|khmer|\bKH-\d+|\bKHR\b|\b[Rr]iels?\b")
TEXT_FILES = {".html", ".json", ".xml", ".csv", ".svg", ".css", ".js", ".txt", ".md"}


def _files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def _texts(site: Path) -> list[tuple[str, str]]:
    """(path, text) of every text file the site serves."""
    return [(p.relative_to(site).as_posix(), p.read_text(encoding="utf-8", errors="replace"))
            for p in _files(site) if p.suffix in TEXT_FILES]  # fmt: skip


def _names(folder: Path) -> set[str]:
    """What is the data folder's own: its country, its sources' titles and publishers, its places'
    names (in every language) and its site's title, as written."""
    site = yaml.safe_load((folder / "site.yml").read_text(encoding="utf-8"))
    sources = yaml.safe_load((folder / "sources.yml").read_text(encoding="utf-8"))
    with (folder / "geography" / "provinces.csv").open(encoding="utf-8-sig") as fh:
        places = [v for row in csv.DictReader(fh) for k, v in row.items() if k.startswith("name_")]
    found = {*site["country"]["name"].values(), *site["title"].values(), *places}
    found |= {s[key] for s in sources for key in ("title", "publisher")}
    return {name.strip() for name in found if isinstance(name, str) and len(name.strip()) >= 4}


def _found(site: Path, names: set[str]) -> list[tuple[str, str]]:
    return [(path, name) for path, text in _texts(site) for name in sorted(names)
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]  # fmt: skip


def test_a_site_in_french_and_english_has_no_khmer_script_font_or_word_of_cambodia(kestria_site: Path) -> None:
    assert [p for p, text in _texts(kestria_site) if KHMER_SCRIPT.search(text)] == []
    assert [(p, m[0]) for p, text in _texts(kestria_site) for m in [CAMBODIA_WORDS.search(text)] if m] == []
    assert [p for p in _files(kestria_site) if "khmer" in p.name.lower() or p.name.startswith("lunr.km")] == []
    assert [p for p in _files(kestria_site) if p.suffix in (".woff2", ".woff", ".ttf")] == []
    # Search splits words where French and English do, not at Khmer full stops.
    index = json.loads((kestria_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == r"[\s\u200b\-]+"


def test_a_site_from_one_data_folder_names_nothing_of_another(kestria_site: Path, built_site: Path) -> None:
    assert _found(kestria_site, _names(DATA) - _names(KESTRIA)) == []
    assert _found(built_site, _names(KESTRIA) - _names(DATA)) == []
    assert [p for p, text in _texts(built_site) if "Kestri" in text] == []


def test_the_cambodian_site_still_ships_and_names_its_khmer_font(built_site: Path) -> None:
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert '"Noto Sans Khmer"' in css and ":lang(km)" in css
    assert sorted(p.name for p in (built_site / "assets" / "fonts").iterdir()) == [
        "noto-sans-khmer-400.woff2", "noto-sans-khmer-600.woff2", "noto-sans-khmer-700.woff2"]  # fmt: skip
    svg = next((built_site / "charts").glob("*.svg")).read_text(encoding="utf-8")
    assert "Noto Sans Khmer" in svg
    assert (built_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.km.min.js").is_file()
    index = json.loads((built_site / "km" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == r"[\s\u200b\u17d4\u17d5\-]+"


@pytest.mark.parametrize("folder", [KESTRIA], ids=["kestria"])
def test_a_made_up_country_says_so(folder: Path) -> None:
    site = yaml.safe_load((folder / "site.yml").read_text(encoding="utf-8"))
    assert site["synthetic"] is True
    for path in sorted(folder.rglob("*.yml")):
        assert "SYNTHETIC" in path.read_text(encoding="utf-8").split("\n", 3)[1], f"{path}: say it is made up"


def _menu(page: str) -> list[str]:
    """The titles in a page's menu, as its HTML writes them."""
    return [" ".join(title.split()) for title in re.findall(r'<span class="md-ellipsis">(.*?)</span>', page, re.S)]


def test_the_second_language_menu_names_each_page_in_that_language(kestria_site: Path) -> None:
    # The French title has an apostrophe, which the menu's escaping once hid from the translation:
    # the menu of a page beside it, and the page's own card, kept the French.
    page = (kestria_site / "en" / "indicators" / "budget-aide-victimes" / "index.html").read_text(encoding="utf-8")
    other = (kestria_site / "en" / "indicators" / "victimes-identifiees" / "index.html").read_text(encoding="utf-8")
    assert "Victim support budget (synthetic)" in _menu(other)
    assert '<meta property="og:title" content="Victim support budget (synthetic)">' in page
    assert "Budget de l" not in page


def test_a_translated_menu_title_is_shown_as_text(tmp_path: Path) -> None:
    from scripts.build import build

    data = tmp_path / "data"
    shutil.copytree(KESTRIA, data)
    indicator = data / "indicators" / "budget-aide-victimes.yml"
    text = indicator.read_text(encoding="utf-8")
    indicator.write_text(text.replace("en: Victim support budget (synthetic)", 'en: Victim <b>support</b> & "care"'))
    build(data, tmp_path / "site")
    page = (tmp_path / "site" / "en" / "indicators" / "budget-aide-victimes" / "index.html").read_text(encoding="utf-8")
    other = (tmp_path / "site" / "en" / "indicators" / "victimes-identifiees" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Victim &lt;b&gt;support&lt;/b&gt; &amp; &#34;care&#34;" in _menu(other)
    assert '<meta property="og:title" content="Victim &lt;b&gt;support&lt;/b&gt; &amp; &#34;care&#34;">' in page
    assert "<b>support</b>" not in page


def test_a_site_in_a_region_tagged_language_builds_with_its_base_languages_words(tmp_path: Path) -> None:
    # Kestria in Canadian French: no scripts/locale/fr-CA.yml and no Material file for the region,
    # so the interface and the theme's own words are French; the pages still say they are fr-CA.
    from scripts.build import build

    data = tmp_path / "data"
    shutil.copytree(KESTRIA, data)
    for path in (p for p in data.rglob("*") if p.suffix in (".yml", ".csv")):
        text = path.read_text(encoding="utf-8").replace("languages: [fr, en]", "languages: [fr-CA, en]")
        text = re.sub(r"^(\s*(?:- )?)fr(_reviewed)?:", r"\1fr-CA\2:", text, flags=re.M)
        path.write_text(re.sub(r"\b(name|note)_fr\b", r"\1_fr-CA", text), encoding="utf-8")
    build(data, tmp_path / "site")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr-CA"' in home and '<meta property="og:locale" content="fr_CA">' in home
    assert "Indicateurs" in _menu(home) and 'placeholder="Rechercher"' in home
    english = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and 'placeholder="Search"' in english
    # The language switcher names the region, as CLDR writes it in that language.
    assert re.search(r'hreflang="fr-CA"[^>]*>\s*Français \(Canada\)\s*<', english)
