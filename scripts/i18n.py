"""The language layer: every piece of locale logic the pipeline needs, in one place.

No other stage names a language. Each language's interface strings, and how it writes
numbers, digits and words, live in scripts/locale/<lang>.yml; keys starting with "_" are
settings for the build, not strings readers see. Numbers, dates, month names and lists follow
CLDR through Babel for any language, unless its locale file overrides them (_separators,
months, months_full, and). A string missing in one language falls back to the fallback
language (English, whose file is complete); a data text (Text) without a translation falls
back to the site's first language, marked as untranslated on the page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import babel
import babel.dates
import babel.lists
import babel.numbers
import yaml

from scripts.paths import LOCALES

if TYPE_CHECKING:
    from scripts.model import Period, Site, Text

# The language whose interface strings are complete; the others fall back to it, string by
# string. Files for machines (downloads, the feed, chart data) are written in it too.
FALLBACK = "en"
LATIN_DIGITS = "0123456789"


@dataclass(frozen=True)
class Locale:
    """Everything language-specific the pipeline needs for one language."""

    lang: str
    strings: dict[str, Any]
    reviewed: bool
    native_digits: bool = False  # site.yml asks for the language's own digits (numerals: {<lang>: native})
    default_lang: str = FALLBACK  # the site's first language, at /
    site_scripts: tuple[str, ...] = ()  # the scripts the site's languages need fonts for (charts name them)

    # --- interface strings ---

    def t(self, key: str, **values: object) -> str:
        """The interface string `key`, with {placeholders} filled in."""
        template = self.strings.get(key)
        if template is None:
            template = load_strings(FALLBACK)[key]
        return str(template).format(**values) if values else str(template)

    def setting(self, key: str, default: Any = None) -> Any:
        """A build setting of this language (a `_key` in its locale file)."""
        return self.strings.get(f"_{key}", default)

    # --- data texts ---

    def text(self, text: Text) -> str:
        """A data text in this language, or in the site's first language when not translated."""
        return text.get(self.lang)

    def translated(self, text: Text) -> bool:
        """False when a data text will be shown in another language on this language's pages."""
        return self.is_default or bool(text.translation(self.lang))

    def other_versions(self, text: Text) -> list[tuple[str, str]]:
        """(language, text) of a data text's other versions than this page shows: a place's
        name in the site's other languages. None ([]) where this page shows the untranslated text."""
        if not self.translated(text):
            return []
        shown = self.text(text)
        others = [(self.default_lang, text.default), *text.translations]
        return [(lang, version) for lang, version in others if lang != self.lang and version and version != shown]

    @property
    def is_default(self) -> bool:
        """True for the site's first language (pages at /, texts written in it)."""
        return self.lang == self.default_lang

    @property
    def suffix(self) -> str:
        """What this language's files carry before their extension (file_suffix)."""
        return file_suffix(self.lang, self.default_lang)

    @property
    def colon(self) -> str:
        """What ends a label before its value ("Why: ..."): ":" unless the locale file's _colon says
        otherwise (French sets a no-break space before it, "Pourquoi : ...")."""
        return str(self.setting("colon", ":"))

    # --- numbers and digits ---

    @property
    def separators(self) -> tuple[str, str]:
        """(thousands, decimal) as this language writes numbers: CLDR's (through Babel), unless its
        locale file sets _separators (an explicit override, e.g. to keep a site's numbers as published)."""
        given = self.setting("separators")
        if given:
            return str(given[0]), str(given[1])
        return _cldr_separators(self.lang)

    @property
    def numerals(self) -> str:
        """The ten digits this language's pages show: its own where the site asks, else Latin."""
        own = str(self.setting("numerals", "")) if self.native_digits else ""
        return own if len(own) == 10 else LATIN_DIGITS

    def number(self, value: float | int) -> str:
        """A number as CLDR writes it in this language (grouping, minimum grouping digits), with its
        separators and digits; one decimal at most."""
        places = 0 if float(value).is_integer() else 1
        text = self._grouped(abs(value), places, money=False)
        return self.digits(("-" if value < 0 else "") + text)

    def money(self, value: float, currency: str) -> str:
        """An amount in `currency` (ISO 4217) as this language writes money (CLDR, through Babel):
        the currency's symbol where the language puts it, cents only when the amount has them,
        and this language's separators and digits, as every other number on its pages."""
        places = (
            0 if float(value).is_integer() else max(babel.numbers.get_currency_precision(currency), _decimals(value))
        )
        pattern = _currency_pattern(self.lang)
        number = self._grouped(abs(value), places, money=True)
        symbol = str(babel.numbers.get_currency_symbol(currency, locale=_babel(self.lang)))
        before, after = (part.replace("¤", symbol) for part in (pattern.prefix[0], pattern.suffix[0]))
        # CLDR's currency spacing: a symbol of letters (KHR, US) is kept apart from the digits.
        if before[-1:].isalpha():
            before += "\u00a0"
        if after[:1].isalpha():
            after = "\u00a0" + after
        return self.digits(("-" if value < 0 else "") + before + number + after)

    def _grouped(self, value: float, places: int, money: bool) -> str:
        """A number of zero or more with `places` decimals, its digits grouped as the language's CLDR
        pattern (for money, or for plain numbers) and minimum grouping digits say, with this
        language's separators (its _separators where set).

        The sizes come from Babel; the digits are grouped here, as Babel's format_decimal would group
        them (tests/test_i18n.py checks the two agree) but four times faster: a build writes
        every figure in every language, several times over.
        """
        whole, _, fraction = f"{value:.{places}f}".partition(".")  # rounded as Python rounds the float
        primary, secondary = _group_sizes(self.lang, money)
        thousands, decimal = self.separators
        if len(whole) >= primary + _minimum_grouping(self.lang):
            head, groups = whole[:-primary], [whole[-primary:]]
            while head:
                groups.insert(0, head[-secondary:])
                head = head[:-secondary]
            whole = thousands.join(groups)
        return f"{whole}{decimal}{fraction}" if fraction else whole

    def currency_name(self, currency: str) -> str:
        """A currency's name in this language (CLDR), plural as an axis title wants it: US dollars."""
        return str(babel.numbers.get_currency_name(currency, count=2, locale=_babel(self.lang)))

    def digits(self, text: str) -> str:
        """Latin digits turned into this language's own where the site asks for them."""
        return text.translate(_digits_table(LATIN_DIGITS, self.numerals))

    def year(self, year: int) -> str:
        """A year, without separators."""
        return self.digits(str(year))

    def vega_locale(self) -> dict[str, Any] | None:
        """Vega's number locale for chart axes, None where Vega's default (1,234.5) is right.

        Its digits are grouped as the language's CLDR pattern groups them, as the text does; but
        d3-format knows no minimum grouping digits, so a Spanish axis writes 1.500 where the
        text writes 1500 (from 12.345 on, the two agree)."""
        thousands, decimal = self.separators
        grouping = _d3_grouping(_decimal_pattern(self.lang))
        if (thousands, decimal) == (",", ".") and self.numerals == LATIN_DIGITS and grouping == [3]:
            return None
        if not grouping:  # a language that never groups digits: no separator, which d3 needs a group for
            thousands, grouping = "", [3]
        number: dict[str, Any] = {"decimal": decimal, "thousands": thousands, "grouping": grouping,
                                  "currency": ["", ""]}  # fmt: skip
        if self.numerals != LATIN_DIGITS:
            number["numerals"] = list(self.numerals)
        return {"number": number}

    # --- dates and periods ---

    def month(self, month: int, full: bool = False) -> str:
        """A month's name (1 is January), short as in periods or full as in dates: the locale
        file's own names where it lists them (months, months_full), else CLDR's."""
        key = "months_full" if full else "months"
        own = self.strings.get(key)
        if own:
            return str(own[month - 1])
        names = babel.dates.get_month_names("wide" if full else "abbreviated", "format", _babel(self.lang))
        return str(names[month])

    def period(self, period: Period, year_kind: str = "") -> str:
        """A period in words: 2018, 2017–2018 (total), Jan–Oct 2018, and a twelve-month year as
        the indicator's `year_kind` calls it: fiscal year 2023–24 (Apr–Mar)."""
        if period.is_year:
            return self.year(period.start_year)
        if period.is_twelve_month and year_kind:
            first, last = self.month(period.start_month), self.month(period.end_month)
            return self.t(f"period.{year_kind}", years=self.twelve_month_years(period), first=first, last=last)
        if period.is_multi_year:
            return self.t("period.total", first=self.year(period.start_year), last=self.year(period.end_year))
        first, last = self.month(period.start_month), self.month(period.end_month)
        if period.start_year == period.end_year:
            return f"{first}–{last} {self.year(period.start_year)}"
        return f"{first} {self.year(period.start_year)}–{last} {self.year(period.end_year)}"

    def twelve_month_years(self, period: Period) -> str:
        """The two calendar years a twelve-month year spans, as readers write them: 2023–24 (1999–2000)."""
        first, last = str(period.start_year), str(period.end_year)
        return self.digits(f"{first}–{last[2:] if first[:2] == last[:2] else last}")

    def date(self, iso: str) -> str:
        """A date in words: 28 November 2026 with the locale file's month names, else as CLDR
        writes a long date in this language (28 novembre 2026)."""
        year, month, day = (int(part) for part in iso.split("-"))
        if not self.strings.get("months_full"):
            return self.digits(babel.dates.format_date(dt.date(year, month, day), "long", _babel(self.lang)))
        return f"{self.digits(str(day))} {self.month(month, full=True)} {self.year(year)}"

    def partial_date(self, text: str) -> str:
        """A date as editors write it (2019, 2019-06, 2019-06-20), in words."""
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            return self.year(parts[0])
        if not self.strings.get("months"):
            when = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
            shape = "d MMM y" if len(parts) == 3 else "MMM y"
            return self.digits(babel.dates.format_date(when, shape, _babel(self.lang)))
        day = f"{self.digits(str(parts[2]))} " if len(parts) == 3 else ""
        return f"{day}{self.month(parts[1])} {self.year(parts[0])}"

    def language_name(self, lang: str) -> str:
        """A language's name in this language (CLDR): Khmer, anglais."""
        return str(_babel(lang).get_display_name(_babel(self.lang)))

    def country(self, code: str) -> str:
        """A country's name in this language (CLDR), or its code when unknown."""
        return str(_babel(self.lang).territories.get(code, code))

    def join(self, items: list[str]) -> str:
        """a, b and c: with the locale file's word for "and" where it gives one, else as CLDR joins a list."""
        if len(items) < 2:
            return "".join(items)
        if "and" not in self.strings:
            return str(babel.lists.format_list(items, "standard", _babel(self.lang)))
        return ", ".join(items[:-1]) + f" {self.t('and')} " + items[-1]

    # --- writing system ---

    @property
    def script(self) -> str:
        """The web font family this language needs beyond Latin ("" for none): scripts/fonts.py."""
        return str(self.setting("script", ""))

    @property
    def chart_text_bonus(self) -> int:
        """Pixels more than Latin that chart text needs in this script to read as well."""
        return int(self.setting("chart_text_bonus", 0))

    @property
    def char_width(self) -> int:
        """About how wide one character of a chart label is, in pixels (for fitting labels)."""
        return int(self.setting("char_width", 7))

    @property
    def word_breaks(self) -> str:
        """The word segmenter for a language written without spaces between words ("" for
        none): the build puts zero-width spaces between its words (scripts/mkdocs_hooks.py), so
        that search finds words and lines break between them."""
        return str(self.setting("word_breaks", ""))

    @property
    def totals(self) -> tuple[str, ...]:
        """How a breakdown's "all" or "total" is written (the audit reads past these words)."""
        return tuple(str(word) for word in self.setting("totals", []))


# CLDR's minimumGroupingDigits, which Babel (2.19) does not carry: a number is grouped only when
# its integer part has that many digits more than its last group (Spanish writes 1234 but 12.345,
# Polish 1234 but 12 345). Every locale Babel knows whose value is not 1, as CLDR 48 gives it
# (read through ICU 78, Intl.NumberFormat's formatToParts in Node); a locale not named groups from
# its fourth digit. Exact identifiers: es_MX is not es, and groups 1,234.
MINIMUM_GROUPING = {
    "be": 2, "be_BY": 2, "be_TARASK": 2, "bg": 2, "bg_BG": 2, "ee": 3, "ee_GH": 3, "ee_TG": 3, "es": 2, "es_EA": 2,
    "es_ES": 2, "es_GQ": 2, "es_IC": 2, "es_PH": 2, "et": 2, "et_EE": 2, "hu": 2, "hu_HU": 2, "hy": 2, "hy_AM": 2,
    "ia": 2, "ia_001": 2, "ie": 2, "ie_EE": 2, "it": 2, "it_CH": 2, "it_IT": 2, "it_SM": 2, "it_VA": 2, "ka": 2,
    "ka_GE": 2, "lv": 2, "lv_LV": 2, "pl": 2, "pl_PL": 2, "pt_CH": 2, "pt_CV": 2, "pt_GQ": 2, "pt_GW": 2,
    "pt_LU": 2, "pt_MO": 2, "pt_MZ": 2, "pt_PT": 2, "pt_ST": 2, "pt_TL": 2, "ru_UA": 2, "sl": 2, "sl_SI": 2,
    "sq": 2, "sq_AL": 2, "sq_MK": 2, "sq_XK": 2,
}  # fmt: skip

# Keys of a locale file that CLDR (through Babel) supplies when they are left out: month names
# and the word that joins the last item of a list.
CLDR_KEYS = ("months", "months_full", "and")


def _babel(lang: str) -> babel.Locale:
    """Babel's locale for a BCP 47 code (pt-BR is pt_BR to Babel)."""
    return babel.Locale.parse(lang.replace("-", "_"))


@cache
def cldr_knows(lang: str) -> bool:
    """Whether CLDR (Babel) has data for a language code: its numbers, dates and names come from there."""
    try:
        _babel(lang)
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


@cache
def _cldr_separators(lang: str) -> tuple[str, str]:
    """(thousands, decimal) as CLDR writes numbers in `lang`: a narrow no-break space and a comma in French."""
    where = _babel(lang)
    return babel.numbers.get_group_symbol(where), babel.numbers.get_decimal_symbol(where)


def file_suffix(lang: str, default_lang: str) -> str:
    """What a language's files carry before their extension (page.<lang>.md, chart.<lang>.svg):
    nothing for the site's first language, whose pages are at /."""
    return "" if lang == default_lang else f".{lang}"


def locale(lang: str, native_digits: bool = False, default_lang: str = FALLBACK) -> Locale:
    """The Locale for `lang`."""
    strings = load_strings(lang)
    return Locale(lang, strings, bool(strings.get("_reviewed", False)), native_digits, default_lang)


def site_locales(site: Site) -> list[Locale]:
    """The site's languages as Locales, the first (the default, at /) first."""
    scripts = site_scripts(site)
    return [replace(locale(lang, lang in site.native_digits, site.languages[0]), site_scripts=scripts)
            for lang in site.languages]  # fmt: skip


def site_scripts(site: Site) -> tuple[str, ...]:
    """The scripts beyond Latin that the site's languages are written in (their _script), each once."""
    return tuple(sorted({script for lang in site.languages if (script := locale(lang).script)}))


def machine_locale() -> Locale:
    """The locale of files for machines and of texts with no reader's language (downloads, logs)."""
    return locale(FALLBACK)


def language_name(lang: str) -> str:
    """A language's name in the fallback language (CLDR), for maintainers' reports."""
    return str(_babel(lang).get_display_name(FALLBACK)) if lang else ""


@cache
def interface_languages() -> tuple[str, ...]:
    """Every language the interface has strings for (scripts/locale/<lang>.yml): read once."""
    return tuple(sorted(path.stem for path in LOCALES.glob("*.yml")))


@cache
def all_locales() -> tuple[Locale, ...]:
    """Every language the interface has strings for, as Locales with their own digits."""
    return tuple(locale(lang, native_digits=True) for lang in interface_languages())


def any_digit() -> str:
    """A regular-expression class matching a digit as any language the interface knows writes it."""
    return "[" + re.escape(LATIN_DIGITS + "".join(_own_numerals())) + "]"


def to_latin_digits(text: str) -> str:
    """Text with every language's own digits as Latin ones, to read the numbers a page shows."""
    return text.translate(_to_latin_table())


@cache
def _to_latin_table() -> dict[int, int]:
    """to_latin_digits' table, made once: the output audit reads every number of the site through it."""
    return _digits_table("".join(_own_numerals()), LATIN_DIGITS * len(_own_numerals()))


@cache
def all_words(setting: str) -> frozenset[str]:
    """The words a list setting (e.g. _reference_words) gives in every language the interface knows, lower case."""
    return frozenset(str(word).lower() for loc in all_locales() for word in loc.setting(setting, []) or [])


def all_totals() -> tuple[str, ...]:
    """A breakdown's "all" and "total" in every language the interface knows."""
    return tuple(word for loc in all_locales() for word in loc.totals)


def _own_numerals() -> list[str]:
    return [loc.numerals for loc in all_locales() if loc.numerals != LATIN_DIGITS]


def _decimals(value: float) -> int:
    """How many decimals a value was written with (12.255 has 3): an amount is never rounded for display."""
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@cache
def _decimal_pattern(lang: str) -> babel.numbers.NumberPattern:
    """The language's CLDR pattern for plain numbers (its grouping: 1,234,567 or 12,34,567), read once."""
    return babel.numbers.parse_pattern(_babel(lang).decimal_formats[None])


@cache
def _group_sizes(lang: str, money: bool) -> tuple[int, int]:
    """The sizes of the last group of digits and of the others, in the language's CLDR pattern for money
    or for plain numbers: (3, 3) for 1,234,567, (3, 2) for 12,34,567; a size longer than any number
    for a pattern that never groups."""
    return (_currency_pattern(lang) if money else _decimal_pattern(lang)).grouping


@cache
def _minimum_grouping(lang: str) -> int:
    """How many digits the first group must have before a number is grouped (CLDR's minimumGroupingDigits)."""
    return MINIMUM_GROUPING.get(str(_babel(lang)), 1)


def _d3_grouping(pattern: babel.numbers.NumberPattern) -> list[int]:
    """A pattern's group sizes as d3-format (Vega) reads them, from the right, the last repeated: [3],
    or [3, 2, 2, ...] for 12,34,567 (d3 cycles through the list, so the second size is written out);
    [] when the pattern never groups."""
    primary, secondary = pattern.grouping
    if "," not in pattern.pattern:  # a pattern such as 0.###, which never groups
        return []
    return [primary] if secondary == primary else [primary, *[secondary] * 9]


@cache
def _currency_pattern(lang: str) -> babel.numbers.NumberPattern:
    """The language's CLDR pattern for amounts of money (where the symbol goes), read once."""
    return babel.numbers.parse_pattern(_babel(lang).currency_formats["standard"])


@cache
def _digits_table(source: str, target: str) -> dict[int, int]:
    """str.translate's table from one set of digits to another, made once per pair."""
    return str.maketrans(source, target)


def base_language(lang: str) -> str:
    """A BCP 47 code without its region or script (fr-CA -> fr, pt-BR -> pt)."""
    return lang.split("-", 1)[0]


def own_name(lang: str) -> str:
    """A language's name as its readers write it, for the language switcher: its locale file's
    _language, or for a code that reads its base language's file, CLDR's (Français (Canada))."""
    if lang in interface_languages() or not cldr_knows(lang):
        return str(load_strings(lang).get("_language", lang))
    name = str(_babel(lang).get_display_name(_babel(lang)))
    return name[:1].upper() + name[1:]


def has_strings(lang: str) -> bool:
    """Whether the interface has strings for `lang`: its own locale file, or its base language's."""
    return lang in interface_languages() or base_language(lang) in interface_languages()


@cache
def load_strings(lang: str) -> dict[str, Any]:
    """The interface strings of one language, from scripts/locale/<lang>.yml; a region-tagged
    code without a file of its own takes its base language's (fr-CA reads fr.yml)."""
    path = LOCALES / f"{lang}.yml"
    if not path.exists():
        path = LOCALES / f"{base_language(lang)}.yml"
    # libyaml's parser where PyYAML has it: the same documents, read in a tenth of the time.
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded = yaml.load(path.read_text(encoding="utf-8"), fast) if path.exists() else None
    return loaded if isinstance(loaded, dict) else {}


def untranslated_strings(lang: str, english_only: tuple[str, ...] = ()) -> list[str]:
    """The interface strings of en.yml that `lang`'s locale file lacks, so that a test names what a
    translator still has to write: less the settings, what CLDR supplies, and the strings of the
    pages in `english_only` (their names, e.g. "privacy"), which are shown in English under a
    notice until a language has every one of them."""
    own = load_strings(lang)
    return [
        key
        for key in load_strings(FALLBACK)
        if not key.startswith("_") and key not in own and key not in CLDR_KEYS
        and key.split(".")[0] not in english_only
    ]  # fmt: skip


def interface_coverage(lang: str) -> tuple[int, int, int]:
    """(strings, translated, reviewed) for the interface of one language."""
    complete = [k for k in load_strings(FALLBACK) if not k.startswith("_")]
    own = load_strings(lang)
    translated = sum(1 for k in complete if k in own or k in CLDR_KEYS)  # CLDR supplies what is left out
    return len(complete), translated, translated if own.get("_reviewed") else 0


@cache
def og_locale(lang: str) -> str:
    """Open Graph's language_TERRITORY for a language code (km -> km_KH), from CLDR's likely subtags."""
    parsed = babel.Locale.parse(lang, sep="-")
    if not parsed.territory:
        key = "_".join(filter(None, (parsed.language, parsed.script)))
        parsed = babel.Locale.parse(babel.core.get_global("likely_subtags").get(key, key))
    return f"{parsed.language}_{parsed.territory}" if parsed.territory else str(parsed.language)
