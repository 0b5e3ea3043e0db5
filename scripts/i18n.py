"""Interface strings, numbers and periods in each of the site's languages.

Strings live in scripts/locale/<lang>.yml. A string missing in one language falls back to
English; a data text (Text) without a Khmer version falls back to English with a marker.
Numbers follow each language's conventions (CLDR): 1,577 in English, 1.577 in Khmer, with
Khmer digits where site.yml asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from scripts.model import Period, Text
from scripts.paths import LOCALES

LANGUAGES = ("en", "km")
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
# CLDR number symbols: (thousands separator, decimal separator).
SEPARATORS = {"en": (",", "."), "km": (".", ",")}
# One language's interface strings as read from its YAML file: texts by key, the month-name
# lists and the `_reviewed` flag.
Strings = dict[str, Any]


@dataclass(frozen=True)
class Locale:
    """Everything language-specific the pipeline needs for one language."""

    lang: str
    strings: Strings
    reviewed: bool
    khmer_digits: bool = False

    def t(self, key: str, **values: object) -> str:
        """The interface string `key`, with {placeholders} filled in."""
        template = self.strings.get(key)
        if template is None:
            template = load_strings("en")[key]
        return str(template).format(**values) if values else str(template)

    def text(self, text: Text) -> str:
        """A data text in this language, or in English when no translation exists."""
        return text.get("km") if self.lang == "km" else text.en

    def translated(self, text: Text) -> bool:
        """False when a data text will be shown in English on this language's pages."""
        return self.lang == "en" or bool(text.km)

    def number(self, value: float | int) -> str:
        """A number with this language's separators (and digits)."""
        thousands, decimal = SEPARATORS.get(self.lang, SEPARATORS["en"])
        text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
        return self.digits(text)

    def digits(self, text: str) -> str:
        """Latin digits turned into Khmer digits when the site asks for them."""
        return text.translate(KHMER_DIGITS) if self.khmer_digits and self.lang == "km" else text

    def year(self, year: int) -> str:
        """A year, without separators."""
        return self.digits(str(year))

    def period(self, period: Period) -> str:
        """A period in words: 2018, 2017–2018 (total), Jan–Oct 2018."""
        if period.is_year:
            return self.year(period.start_year)
        if period.is_multi_year:
            return self.t("period.total", first=self.year(period.start_year), last=self.year(period.end_year))
        months = self.strings.get("months") or load_strings("en")["months"]
        first, last = months[period.start_month - 1], months[period.end_month - 1]
        if period.start_year == period.end_year:
            return f"{first}–{last} {self.year(period.start_year)}"
        return f"{first} {self.year(period.start_year)}–{last} {self.year(period.end_year)}"

    def date(self, iso: str) -> str:
        """A date in words: 28 November 2026 (with the language's month names)."""
        year, month, day = (int(part) for part in iso.split("-"))
        names = self.strings.get("months_full") or load_strings("en")["months_full"]
        return f"{self.digits(str(day))} {names[month - 1]} {self.year(year)}"

    def join(self, items: list[str]) -> str:
        """a, b and c."""
        if len(items) < 2:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.t('and')} " + items[-1]


def locale(lang: str, khmer_digits: bool = False) -> Locale:
    """The Locale for `lang`."""
    strings = load_strings(lang)
    return Locale(lang, strings, bool(strings.get("_reviewed", False)), khmer_digits)


@cache
def load_strings(lang: str) -> Strings:
    """The interface strings of one language, from scripts/locale/<lang>.yml."""
    path = LOCALES / f"{lang}.yml"
    strings: Strings = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return strings


def interface_coverage(lang: str) -> tuple[int, int, int]:
    """(strings, translated, reviewed) for the interface of one language."""
    english = [k for k in load_strings("en") if not k.startswith("_")]
    own = load_strings(lang)
    translated = sum(1 for k in english if k in own)
    return len(english), translated, translated if own.get("_reviewed") else 0
