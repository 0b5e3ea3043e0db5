"""Khmer and English, equally: strings, numbers, periods, page pairs, coverage, search."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import babel
import babel.localedata
import babel.numbers
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.build import check
from scripts.i18n import (
    MINIMUM_GROUPING,
    Locale,
    _cldr_separators,
    interface_languages,
    language_name,
    load_strings,
    locale,
    untranslated_strings,
)
from scripts.mkdocs_hooks import segment_html
from scripts.model import parse_period
from scripts.paths import LOCALES
from scripts.registry import PAGES
from scripts.translations import coverage, report


@pytest.mark.parametrize(
    ("lang", "digits", "value", "expected"),
    [
        ("en", False, 1577, "1,577"),
        ("km", False, 1577, "1.577"),
        ("km", True, 1577, "១.៥៧៧"),
        ("en", True, 12.5, "12.5"),
        # French follows CLDR (through Babel): a narrow no-break space groups, a comma marks decimals.
        ("fr", False, 1234567, "1\u202f234\u202f567"),
        ("fr", False, 12.5, "12,5"),
        # CLDR's minimum grouping digits: Spanish and Polish group a number only from five digits.
        ("es", False, 1234, "1234"),
        ("es", False, 12345, "12.345"),
        ("pl", False, 1234, "1234"),
        ("pl", False, 12345.25, "12\u00a0345,2"),
        ("es-MX", False, 1234, "1,234"),  # Mexican Spanish groups from four, as English does
        # CLDR's grouping sizes: Hindi and Indian English group by two above the thousands.
        ("hi", False, 1234567, "12,34,567"),
        ("en-IN", False, 123456789.5, "12,34,56,789.5"),
        ("en", False, -1234.56, "-1,234.6"),
    ],
)
def test_numbers_follow_the_language(lang: str, digits: bool, value: float, expected: str) -> None:
    assert locale(lang, digits).number(value) == expected


@pytest.mark.parametrize(
    ("lang", "period", "expected"),
    [("en", "2018-01/2018-10", "Jan–Oct 2018"), ("km", "2018-01/2018-10", "មករា–តុលា 2018"),
     ("km", "2017/2018", "2017–2018 (សរុប)"), ("fr", "2018-01/2018-10", "janv.–oct. 2018")],
)  # fmt: skip
def test_periods_in_words(lang: str, period: str, expected: str) -> None:
    assert locale(lang).period(parse_period(period)) == expected


@pytest.mark.parametrize("lang", [lang for lang in interface_languages() if lang != "en"])
def test_every_string_has_an_english_one_with_the_placeholders_it_fills(lang: str) -> None:
    # A string missing in a language is shown in English, marked, and counted on the translations
    # page. Keys starting with "_" are each language's own settings (separators, script), not
    # strings. A translation may leave out a placeholder where its own words say it (Khmer names
    # its own language in "{language} translation not yet reviewed"), never use one English lacks.
    english, own = ({k: v for k, v in load_strings(code).items() if not k.startswith("_")} for code in ("en", lang))
    assert set(own) <= set(english)
    placeholders = {k: set(re.findall(r"{(\w+)}", str(v))) for k, v in english.items()}
    wrong = [k for k, v in own.items() if not set(re.findall(r"{(\w+)}", str(v))) <= placeholders[k]]
    assert wrong == []
    if lang != "km":  # written since the rule: every placeholder kept
        assert [k for k, v in own.items() if set(re.findall(r"{(\w+)}", str(v))) != placeholders[k]] == []


# The pages written in English only (english_only in scripts/registry.py): a language may lack
# their strings, and then shows the page in English under a notice (tests/test_release.py).
ENGLISH_ONLY = tuple(page.template.split(".")[0] for page in PAGES if page.english_only)


@pytest.mark.parametrize("lang", [lang for lang in interface_languages() if lang != "en"])
def test_every_locale_has_every_string_but_those_of_english_only_pages(lang: str) -> None:
    # A string missing in a language is shown in English, marked: an editor reading the 404 page,
    # a chart's description or a guide line in French or Khmer would meet English in its place.
    assert untranslated_strings(lang, ENGLISH_ONLY) == []


def test_untranslated_strings_names_what_a_translator_still_has_to_write() -> None:
    assert ENGLISH_ONLY == ("privacy",)
    everything = untranslated_strings("xx")  # a language with no locale file: every string
    assert "not_found.title" in everything and "months" not in everything  # CLDR supplies month names
    assert not any(key.startswith("_") for key in everything)  # settings are not strings
    # Khmer leaves the privacy page in English on purpose, and nothing else.
    assert {key.split(".")[0] for key in untranslated_strings("km")} == {"privacy"}


def test_khmer_words_are_segmented_for_search_outside_charts_and_code() -> None:
    html = "<p>ជនរងគ្រោះក្នុងឆ្នាំ</p><svg><text>ជនរងគ្រោះក្នុងឆ្នាំ</text></svg><code>ក្នុងឆ្នាំ</code>"
    out = segment_html(html)
    assert out.startswith("<p>ជនរងគ្រោះ\u200bក្នុង\u200bឆ្នាំ</p>")
    assert "<svg><text>ជនរងគ្រោះក្នុងឆ្នាំ</text></svg><code>ក្នុងឆ្នាំ</code>" in out


def test_a_khmer_page_is_segmented_once_then_taken_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from scripts import mkdocs_hooks

    monkeypatch.setenv("CTIP_CACHE", str(tmp_path / "cache"))
    segmented: list[str] = []
    real = mkdocs_hooks.segment_html
    monkeypatch.setattr(mkdocs_hooks, "segment_html", lambda html: segmented.append(html) or real(html))
    khmer = SimpleNamespace(theme={"language": "km"}, plugins={})
    first = mkdocs_hooks.on_page_content("<p>ជនរងគ្រោះក្នុងឆ្នាំ</p>", None, khmer, None)  # type: ignore[arg-type]
    again = mkdocs_hooks.on_page_content("<p>ជនរងគ្រោះក្នុងឆ្នាំ</p>", None, khmer, None)  # type: ignore[arg-type]
    assert first == again == "<p>ជនរងគ្រោះ\u200bក្នុង\u200bឆ្នាំ</p>"
    assert len(segmented) == 1
    mkdocs_hooks.on_page_content("<p>ក្នុងឆ្នាំ</p>", None, khmer, None)  # type: ignore[arg-type]
    assert len(segmented) == 2  # other content: segmented


def test_coverage_counts_a_known_missing_translation(data_copy: Path) -> None:
    site = data_copy / "site.yml"
    text = site.read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, km]")
    text = text.replace("title:\n  en: Synthetica Counter-Trafficking Data (synthetic)",
                        "title:\n  en: Synthetica Counter-Trafficking Data (synthetic)\n  km: ទិន្នន័យ\n  km_reviewed: true")  # fmt: skip
    site.write_text(text, encoding="utf-8")
    cov = coverage(check(data_copy))
    site_row = next(r for r in cov.rows if r.name.endswith("site.yml"))
    assert (site_row.translated, site_row.reviewed) == (1, 1)
    assert site_row.texts > 1
    assert ("data/site.yml", "The project's test suite (synthetic data).") in [
        (name.replace(data_copy.name, "data"), text) for name, text in cov.missing
    ]
    assert "total" in report(cov)


def test_khmer_written_here_is_marked_unreviewed() -> None:
    data = check(Path(__file__).resolve().parent.parent / "data")
    cov = coverage(data)
    interface = next(r for r in cov.rows if r.name.endswith("km.yml"))
    strings = [k for k in load_strings("km") if not k.startswith("_")]  # less the settings (_language, _reviewed, ...)
    assert interface.translated == len(strings) and interface.reviewed == 0
    raw = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "site.yml").read_text(encoding="utf-8"))
    assert raw["title"]["km_reviewed"] is False


def test_every_english_page_has_a_khmer_page_and_back(built_site: Path) -> None:
    english = {
        p.relative_to(built_site) for p in built_site.rglob("index.html") if p.parts[len(built_site.parts)] != "km"
    }
    khmer = {p.relative_to(built_site / "km") for p in (built_site / "km").rglob("index.html")}
    assert english == khmer


def test_khmer_pages_declare_their_language(built_site: Path) -> None:
    html = (built_site / "km" / "indicators" / "cases-cracked-down" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="km"' in html
    assert 'hreflang="en" class="md-select__link"' in html  # the language menu
    sitemap = (built_site / "km" / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"<loc>(http[^<]+/km/indicators/cases-cracked-down/)</loc>.*?</url>", sitemap, re.S)
    assert entry and re.search(r'hreflang="en" href="http[^"]+/indicators/cases-cracked-down/"', entry[0])


def test_each_language_searches_its_own_pages(built_site: Path) -> None:
    import json

    english = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    khmer = json.loads((built_site / "km" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in english["docs"] if d["location"].startswith("km/")]
    assert any("ជនរងគ្រោះ" in d["title"] for d in khmer["docs"])


@pytest.mark.browser
def test_reader_switches_to_khmer_and_sees_the_same_chart_and_numbers(page, site_url: str) -> None:
    page.goto(f"{site_url}/indicators/cases-cracked-down/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a[hreflang="km"].md-select__link').click()
    page.wait_for_url("**/km/indicators/cases-cracked-down/")
    assert page.locator("html").get_attribute("lang") == "km"
    chart = page.locator("figure.chart").first.inner_html()
    assert "ឆ្នាំប្រតិទិន" in chart  # "Calendar years", the chart's own label, in Khmer
    table = page.locator("table.data-table").inner_text()
    assert "159" in table and "134" in table
    font = page.evaluate("document.fonts.check('16px \"Noto Sans Khmer\"', 'ក')")
    assert font
    assert page.foreign_requests == [] and page.console_errors == []


# A phone's paste and a Khmer input method send the text as `input` events with no key released:
# the browser's own key releases are swallowed before they reach the search box, so only `input`
# is left (what the site's script makes of it, untrusted events, still passes).
NO_KEYUP = "window.addEventListener('keyup', (e) => e.isTrusted && e.stopImmediatePropagation(), true)"


@pytest.mark.browser
@pytest.mark.parametrize("how", ["paste", "input-method"])
def test_reader_finds_a_page_by_searching_a_khmer_word(browser, site_url: str, how: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/km/")
        page.evaluate(NO_KEYUP)
        search = page.locator("input.md-search__input")
        search.click()
        word = "ជនរងគ្រោះ"  # "victims"
        if how == "paste":
            page.evaluate("(text) => navigator.clipboard.writeText(text)", word)
            page.keyboard.press("ControlOrMeta+V")
        else:
            page.keyboard.insert_text(word)  # what an input method commits: one `input` event
        assert search.input_value() == word
        page.wait_for_selector(".md-search-result__link", timeout=15000)
        links = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
        assert any(link.endswith("/km/indicators/victims-rescued/") for link in links)
        assert all("/km/" in link for link in links)  # Khmer pages only, so Khmer pages first
    finally:
        context.close()


def test_the_khmer_search_index_is_declared_khmer(built_site: Path) -> None:
    import json

    khmer = json.loads((built_site / "km" / "search" / "search_index.json").read_text(encoding="utf-8"))
    english = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert khmer["config"]["lang"] == ["km"] and english["config"]["lang"] == ["en"]
    # The theme's search worker loads the language's rules from beside its own lunr files.
    assert (built_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.km.min.js").exists()


def test_no_khmer_full_stop_can_start_a_line(built_site: Path) -> None:
    pages = list((built_site / "km").rglob("*.html"))
    orphaned = [p for p in pages if re.search("\u200b[\u17d4\u17d5]", p.read_text(encoding="utf-8"))]
    assert pages and orphaned == []


@pytest.mark.parametrize(
    ("lang", "dates", "listed"),
    [
        # English and Khmer keep their own month names and "and" (their locale files give them).
        ("en", ("28 November 2026", "Jun 2019", "20 Jun 2019"), "a, b and c"),
        # French gives none: CLDR's, through Babel.
        ("fr", ("28 novembre 2026", "juin 2019", "20 juin 2019"), "a, b et c"),
    ],
)
def test_dates_and_lists_follow_the_language(lang: str, dates: tuple[str, str, str], listed: str) -> None:
    loc = locale(lang)
    assert (loc.date("2026-11-28"), loc.partial_date("2019-06"), loc.partial_date("2019-06-20")) == dates
    assert loc.join(["a", "b", "c"]) == listed


@pytest.mark.parametrize(
    ("lang", "country", "language"),
    [
        ("pt-BR", "Brasil", "português (Brasil)"),
        ("fr-CA", "Canada", "français (Canada)"),
    ],
)
def test_a_region_tagged_language_names_countries_and_languages(lang: str, country: str, language: str) -> None:
    loc = locale(lang)
    assert (loc.country(lang[-2:]), loc.language_name(lang)) == (country, language)
    assert language_name(lang) == {"pt-BR": "Portuguese (Brazil)", "fr-CA": "French (Canada)"}[lang]


def test_a_region_tagged_language_without_its_own_strings_takes_its_base_languages() -> None:
    # fr-CA has no scripts/locale/fr-CA.yml: its pages say what fr.yml says, numbers as CLDR writes them in Canada.
    assert not (LOCALES / "fr-CA.yml").exists()
    assert locale("fr-CA").t("nav.indicators") == locale("fr").t("nav.indicators") == "Indicateurs"
    assert locale("fr-CA").date("2026-11-28") == "28 novembre 2026"


def test_the_khmer_override_keeps_the_cambodian_numbers_as_published() -> None:
    # CLDR writes Khmer numbers as 1,577.5; km.yml overrides it to keep the site's 1.577,5.
    assert _cldr_separators("km") == (",", ".")
    assert locale("km").number(1577.5) == "1.577,5"
    assert locale("km", native_digits=True).number(1577.5) == "១.៥៧៧,៥"


def test_a_language_without_its_note_shows_the_first_languages_marked(kestria_site: Path) -> None:
    page = (kestria_site / "en" / "indicators" / "affaires-enregistrees" / "index.html").read_text(encoding="utf-8")
    assert "New counting method (fictional)." in page  # note_en
    assert '<span class="untranslated" lang="fr"' in page and "Chiffre arrondi par le journal (fictif)." in page
    french = (kestria_site / "indicators" / "affaires-enregistrees" / "index.html").read_text(encoding="utf-8")
    assert "Nouvelle méthode de comptage (fictive)." in french and "New counting method" not in french


@pytest.mark.parametrize(
    ("lang", "digits", "value", "currency", "expected"),
    [
        ("en", False, 1234567.5, "USD", "$1,234,567.50"),  # cents as the currency has them
        ("en", False, 18000, "USD", "$18,000"),  # a whole amount without .00
        ("en", False, 2500, "KHR", "KHR\u00a02,500"),  # a symbol of letters kept apart from the digits
        ("km", False, 2500, "KHR", "2.500៛"),  # Khmer writes the sign after, with its own separators
        ("km", True, 12.5, "USD", "១២,៥០$"),
        ("en", False, 12.255, "USD", "$12.255"),  # never rounded away: the figure as the source gave it
        # French through CLDR, as its other numbers: a narrow no-break space between thousands, the sign after.
        ("fr", False, 1234567.5, "EUR", "1\u202f234\u202f567,50\u00a0€"),
        ("fr", False, 18000, "EUR", "18\u202f000\u00a0€"),
        ("es", False, 1500, "EUR", "1500\u00a0€"),  # grouped from five digits, as numbers
        ("en-IN", False, 1234567.5, "INR", "₹12,34,567.50"),
    ],
)
def test_money_follows_the_language(lang: str, digits: bool, value: float, currency: str, expected: str) -> None:
    assert locale(lang, digits).money(value, currency) == expected


def test_currency_names_come_from_cldr() -> None:
    assert (locale("en").currency_name("USD"), locale("en").currency_name("KHR")) == ("US dollars", "Cambodian riels")


def test_the_404_page_speaks_every_language(built_site: Path) -> None:
    # GitHub Pages serves one 404.html for every language: a reader from any of them reads it and finds home.
    from tests.siteaudit.static import not_found_page

    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page and "md-select__link" in page  # the default language's menus
    assert not_found_page(built_site, ["en", "km"], {"en": "/", "km": "/km/"}) == []
    assert "រកមិនឃើញទំព័រនេះទេ" in page and "Page not found" in page


def test_the_404_page_of_a_french_first_site_speaks_french_then_english(kestria_site: Path) -> None:
    from tests.siteaudit.static import not_found_page

    page = (kestria_site / "404.html").read_text(encoding="utf-8")
    assert not_found_page(kestria_site, ["fr", "en"], {"fr": "/", "en": "/en/"}) == []
    french, english = (
        html.unescape(part) for part in re.findall(r'<section lang="(?:fr|en)">(.*?)</section>', page, re.S)
    )
    assert "<h1>Page introuvable</h1>" in french and "Aller à la page d'accueil en français" in french
    assert "<h2>Page not found</h2>" in english and "Go to the home page in English" in english


def test_khmer_words_found_while_drawing_charts_are_kept_for_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs loads the hooks file as a module of its own: the words a chart legend needed must
    still be saved when MkDocs' build ends, or every build loads the segmenter's model again."""
    import importlib.util
    import json

    from scripts import wordbreaks

    monkeypatch.setenv("CTIP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(wordbreaks, "_segments", {"changed": False})
    words: dict[str, str] = {}
    monkeypatch.setattr(wordbreaks, "_words", lambda: words)  # none known yet
    wordbreaks.segment("(របាយការណ៍ប្រចាំឆ្នាំ)")  # as scripts/chartparts.py wraps a legend label
    path = Path(__file__).resolve().parent.parent / "scripts" / "mkdocs_hooks.py"
    spec = importlib.util.spec_from_file_location("scripts/mkdocs_hooks.py", path)
    assert spec and spec.loader
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)  # as MkDocs loads it
    hooks.on_post_build(None)
    kept = json.loads((tmp_path / "cache" / "khmer-words.json").read_text(encoding="utf-8"))
    assert "(របាយការណ៍ប្រចាំឆ្នាំ)" in kept


# --- numbers through CLDR, for any locale -----------------------------------------------------

BABEL_LOCALES = sorted(babel.localedata.locale_identifiers())
NUMBERS = st.one_of(st.integers(-(10**15), 10**15), st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False))


def _cldr(lang: str) -> Locale:
    """The language as CLDR writes it: no locale file's override, Latin digits."""
    return Locale(lang.replace("_", "-"), {}, reviewed=False)


def _as_shown(value: float) -> Decimal:
    """The value rounded as a page shows it: whole, or to one decimal."""
    return Decimal(int(value)) if float(value).is_integer() else Decimal(f"{value:.1f}")


def test_the_minimum_grouping_table_names_locales_babel_knows() -> None:
    """A misspelt identifier would silently group from the fourth digit."""
    assert sorted(set(MINIMUM_GROUPING) - set(BABEL_LOCALES)) == []


@settings(max_examples=400, deadline=None)
@given(lang=st.sampled_from(BABEL_LOCALES), value=NUMBERS)
def test_any_number_in_any_locale_reads_back_as_shown(lang: str, value: float) -> None:
    """What a page writes, Babel reads back in the same locale as the value rounded as shown."""
    text = _cldr(lang).number(value)
    assert babel.numbers.parse_decimal(text, locale=lang) == _as_shown(value), text


@settings(max_examples=400, deadline=None)
@given(lang=st.sampled_from(BABEL_LOCALES), value=st.integers(0, 10**15))
def test_whole_numbers_are_grouped_as_babel_groups_them(lang: str, value: int) -> None:
    """Babel's own format_decimal, wherever CLDR's minimum grouping digits (which Babel lacks) let it group."""
    text = _cldr(lang).number(value)
    pattern = babel.numbers.parse_pattern(babel.Locale.parse(lang).decimal_formats[None])
    group = babel.numbers.get_group_symbol(lang)
    babel_text = babel.numbers.format_decimal(value, locale=lang)
    if group == "'":  # Swiss German, French, Italian: Babel 2.19 drops this symbol, which its parse_decimal reads
        babel_text = babel.numbers.format_decimal(value, locale=lang, group_separator=False)
        text = text.replace(group, "")
    if len(str(value)) >= pattern.grouping[0] + MINIMUM_GROUPING.get(lang, 1):
        assert text == babel_text
    else:
        assert text == babel_text.replace(group, "")


def _d3_group(digits: str, grouping: list[int], thousands: str) -> str:
    """d3-format's formatGroup (what Vega writes axis numbers with): sizes from the right, cycled."""
    groups, i, j = [], len(digits), 0
    while i > 0:
        size = grouping[j % len(grouping)]
        groups.append(digits[max(i - size, 0) : i])
        i, j = i - size, j + 1
    return thousands.join(reversed(groups))


@settings(max_examples=400, deadline=None)
@given(lang=st.sampled_from(BABEL_LOCALES), value=st.integers(0, 10**15))
def test_chart_axes_group_digits_as_the_text_does(lang: str, value: int) -> None:
    """Vega's number locale groups as the page's text, from the first number the language groups."""
    loc = _cldr(lang)
    number = (loc.vega_locale() or {"number": {"thousands": ",", "grouping": [3]}})["number"]
    pattern = babel.numbers.parse_pattern(babel.Locale.parse(lang).decimal_formats[None])
    if len(str(value)) >= pattern.grouping[0] + MINIMUM_GROUPING.get(lang, 1):
        assert _d3_group(str(value), number["grouping"], number["thousands"]) == loc.number(value)


@pytest.mark.parametrize(
    ("lang", "grouping"), [("en", None), ("fr", [3]), ("hi", [3, *[2] * 9]), ("en-IN", [3, *[2] * 9])]
)
def test_vega_is_given_the_languages_grouping(lang: str, grouping: list[int] | None) -> None:
    given = locale(lang).vega_locale()
    assert (given["number"]["grouping"] if given else None) == grouping
