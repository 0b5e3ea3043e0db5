"""Typed records for everything under data/: the nouns the whole pipeline shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Protocol

# Statuses that come with a value, and those whose value cell stays empty.
VALUE_STATUSES = ("reported", "derived", "estimate")
NO_VALUE_STATUSES = ("suppressed", "not-available")
STATUSES = VALUE_STATUSES + NO_VALUE_STATUSES
# Statuses an earlier, revised value can have: a value as published, or a small count withheld.
REVISION_STATUSES = (*VALUE_STATUSES, "suppressed")
# What Period.kind() tells of a period: one calendar year, twelve months that start in another
# month than January (a fiscal or reporting year), a total over whole years, or part of a year.
PERIOD_KINDS = ("year", "twelve-month", "multi-year", "partial")
# What a twelve-month period is called, from an indicator's twelve_month_year.kind.
YEAR_KINDS = ("fiscal-year", "reporting-year")
# The units an indicator's `unit` key can name. An amount of money is `currency`, in the ISO 4217
# currency its `currency` key names.
UNITS = ("count", "percent", "rate-per-100000", "currency", "category")
# The chart kinds an indicator's `chart` key can name, each with the units it can draw, and
# the kind an indicator gets when it names none (the first kind that draws its unit).
CHART_UNITS = {
    "bar": ("count", "percent", "rate-per-100000", "currency"),
    "line": ("count", "percent", "rate-per-100000", "currency"),
    "step": ("category",),
}


def default_chart(unit: str) -> str:
    """The chart kind for an indicator whose YAML names none."""
    return next((kind for kind, units in CHART_UNITS.items() if unit in units), "bar")


QUALIFIERS = ("", "at-least", "more-than", "approx")
# What a row of geography/provinces.csv is (its `type` column): each has its words in every
# language's locale file (subdivision_type.<type>). Empty is the site's own word, site.yml's
# country.subdivision.
SUBDIVISION_TYPES = ("province", "capital", "municipality", "region", "state", "territory")
# What sort of publication a source is (sources.yml's `kind`; the schema's enum lists the same, a
# test checks it): each has a label in every language, source_kind.<kind> in scripts/locale/.
SOURCE_KINDS = ("press-release", "official-statement", "court-record", "statistics-release", "census",
                "government-report", "news-article", "ngo-report", "international-report", "other")  # fmt: skip
# Where a local preview is served (make serve), when the site does not know its published address.
LOCAL_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class Text:
    """A text an editor wrote: in the site's first language, and in others where given.

    Which language is which is the language layer's business (scripts/i18n.py): a Text only
    knows its default version, its translations by language and which of them were reviewed.
    """

    default: str = ""
    translations: tuple[tuple[str, str], ...] = ()
    reviewed: frozenset[str] = frozenset()

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to the default language's when no translation exists."""
        return self.translation(lang) or self.default

    def translation(self, lang: str) -> str:
        """The translation into `lang`, "" when there is none."""
        return next((text for code, text in self.translations if code == lang), "")

    def versions(self) -> tuple[str, ...]:
        """Every version of the text, the default first."""
        return (self.default, *(text for _, text in self.translations))

    @classmethod
    def of(cls, raw: dict[str, Any] | None, languages: tuple[str, ...]) -> Text:
        """Build from a YAML mapping {<lang>: text, <lang>_reviewed: bool}; the first of
        `languages` is the default. None gives an empty text."""
        if not raw:
            return cls("")
        others = tuple((lang, str(raw[lang])) for lang in languages[1:] if raw.get(lang))
        reviewed = frozenset(lang for lang, _ in others if raw.get(f"{lang}_reviewed"))
        return cls(str(raw.get(languages[0], "")), others, reviewed)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar year, twelve months from another month (a fiscal or reporting year), a run of
    whole years (a multi-year total) or a run of months.

    Kept as first and last month so that partial periods, multi-year totals and fiscal years can
    never be mistaken for a calendar year.
    """

    start_year: int
    start_month: int
    end_year: int
    end_month: int

    @property
    def is_year(self) -> bool:
        """True for exactly one whole calendar year."""
        return self.start_year == self.end_year and (self.start_month, self.end_month) == (1, 12)

    @property
    def is_multi_year(self) -> bool:
        """True for a total over two or more whole years (e.g. 2017/2018)."""
        return self.start_year < self.end_year and (self.start_month, self.end_month) == (1, 12)

    @property
    def is_twelve_month(self) -> bool:
        """True for twelve months that start in another month than January (2023-04/2024-03)."""
        return self.months == 12 and self.start_month != 1

    @property
    def months(self) -> int:
        """How many months the period spans."""
        return (self.end_year - self.start_year) * 12 + self.end_month - self.start_month + 1

    def code(self) -> str:
        """The period as editors write it (2018, 2017/2018, 2018-01/2018-10)."""
        if self.is_year:
            return str(self.start_year)
        if self.is_multi_year:
            return f"{self.start_year}/{self.end_year}"
        return f"{self.start_year}-{self.start_month:02d}/{self.end_year}-{self.end_month:02d}"

    def kind(self) -> str:
        """year, twelve-month, multi-year or partial: how a chart or table must treat the period.

        A total over two or more twelve-month years (2017-04/2019-03) is multi-year too, never part of a year.
        """
        if self.is_year:
            return "year"
        if self.is_twelve_month:
            return "twelve-month"
        return "multi-year" if self.months % 12 == 0 else "partial"

    def family(self) -> tuple[str, int] | None:
        """What a period may be compared with: calendar years with calendar years, twelve-month
        years with those that start in the same month; None for totals and parts of a year,
        which are compared with nothing."""
        if self.is_year or self.is_twelve_month:
            return (self.kind(), self.start_month)
        return None

    def year_before(self) -> Period:
        """The same months one year earlier: the period a change is stated against."""
        return Period(self.start_year - 1, self.start_month, self.end_year - 1, self.end_month)


_YEAR = r"(\d{4})"
_MONTH = r"(\d{4})-(\d{2})"


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period | None:
    """Read a period as editors write it; None when it is not one of the accepted forms.

    A file has a few periods in many rows: each text is read once, and its rows share one Period.
    """
    text = text.strip()
    if m := re.fullmatch(_YEAR, text):
        year = int(m[1])
        return Period(year, 1, year, 12)
    if m := re.fullmatch(f"{_YEAR}/{_YEAR}", text):
        first, last = int(m[1]), int(m[2])
        return Period(first, 1, last, 12) if first < last else None
    if m := re.fullmatch(f"{_MONTH}/{_MONTH}", text):
        y1, m1, y2, m2 = (int(g) for g in m.groups())
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y1, m1) > (y2, m2):
            return None
        return Period(y1, m1, y2, m2)
    return None


@dataclass(frozen=True, slots=True)  # one per observation: no dict each
class Where:
    """The file and line a record came from, so later checks can point editors to it."""

    path: str
    line: int = 0


@dataclass(frozen=True)
class Pillar:
    id: str
    title: Text
    description: Text


@dataclass(frozen=True)
class ContextFact:
    text: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Population:
    value: int
    year: int
    status: str
    source: str


@dataclass(frozen=True)
class Site:
    """Site-wide settings from site.yml."""

    title: Text
    tagline: Text
    country_code: str
    country_name: Text
    subdivision: Text
    subdivision_plural: Text
    languages: tuple[str, ...]
    organisation: Text
    licence_data: str
    licence_code: str
    disclosure_threshold: int
    pillars: tuple[Pillar, ...]
    context: tuple[ContextFact, ...] = ()
    population: Population | None = None
    contact_email: str = ""
    contact_url: str = ""
    repository: str = ""
    url: str = ""  # the published address (scripts/address.py settles it); "" in a local build
    native_digits: tuple[str, ...] = ()  # languages whose pages write their own digits (numerals: native)
    synthetic: bool = False
    where: Where = Where("data/site.yml")
    preview_url: str = LOCAL_URL

    @property
    def address(self) -> str:
        """The base of absolute links: the published address, else the local preview's."""
        return self.url or self.preview_url


@dataclass(frozen=True)
class Source:
    """A publication that figures are read from."""

    id: str
    title: str
    publisher: str
    published: str
    url: str
    kind: str
    author: str = ""
    reporter: str = ""
    language: str = ""
    licence: str = ""
    note: str = ""
    where: Where = Where("data/sources.yml")
    date_approximate: bool = False  # the copy read gives no date: `published` is an approximation


@dataclass(frozen=True)
class Province:
    """A first-level area of the country (province, region, state)."""

    code: str
    name: Text
    borders: tuple[str, ...]
    border_basis: str
    population: int | None
    population_year: int | None
    population_status: str
    population_source: str
    note: str
    where: Where
    tile: tuple[int, int] | None = None  # (row, column) on the tile-grid map, from the top left
    border_source: str = ""  # the source (an id in sources.yml) that states the borders, when stated
    type: str = ""  # one of SUBDIVISION_TYPES; "" is the site's own word for a subdivision


@dataclass(frozen=True)
class Group:
    """A named group of subdivisions (a police region, "the border provinces"), from geography/groups.yml.

    A figure for a group counts the persons or cases of its members together, so disclosure
    control treats it as the sum of its members' figures (scripts/cells.py).
    """

    code: str  # its id, used as an observation's geography and in its URL, /provinces/<code lowercased>/
    name: Text
    members: tuple[str, ...]  # codes of rows of provinces.csv
    description: Text = Text("")
    source: str = ""  # the source that defines the group, when one does
    where: Where = Where("data/geography/groups.yml")


@dataclass(frozen=True)
class Series:
    id: str
    label: Text
    note: Text = Text("")


@dataclass(frozen=True)
class DimensionValue:
    id: str
    label: Text


class Labelled(Protocol):
    """Anything with an id and a label shown to readers: a series, a dimension value, a category."""

    @property
    def id(self) -> str: ...

    @property
    def label(self) -> Text: ...


def label_of(items: Iterable[Labelled], item_id: str) -> Text:
    """The label of the item with this id; the id itself when none has it."""
    return next((item.label for item in items if item.id == item_id), Text(item_id))


@dataclass(frozen=True)
class Category:
    id: str
    label: Text


@dataclass(frozen=True)
class Dimension:
    id: str
    title: Text
    values: tuple[DimensionValue, ...]
    complete: bool = True  # the values cover everything the total counts, so they add up to it

    def label(self, value_id: str) -> Text:
        """The reader-facing label of one of this dimension's values."""
        return label_of(self.values, value_id)


# What makes an observation unique within its indicator: period, geography, series, breakdown.
ObservationKey = tuple[Period, str, str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Revision:
    """An earlier published value of a figure, replaced by a later one (revisions/<id>.csv).

    Kept so that history is never overwritten: the site shows the latest value and says what
    it was revised from, with the source and date of each earlier value.
    """

    value: float | str | None  # None when the earlier value is suppressed
    qualifier: str
    status: str
    source: str
    date: str  # when the earlier value was published: YYYY, YYYY-MM or YYYY-MM-DD
    locator: str
    note: str  # in the site's first language
    where: Where
    note_translations: tuple[tuple[str, str], ...] = ()  # (language, note) from the note_<lang> columns

    @property
    def notes(self) -> Text:
        """The note in every language it is given in."""
        return Text(self.note, self.note_translations)


@dataclass(frozen=True, slots=True)  # a hundred thousand of them at scale: no dict each
class Observation:
    """One number (or category) for one period, place, series and breakdown."""

    indicator: str
    period: Period
    geography: str
    series: str
    dimensions: tuple[tuple[str, str], ...]
    value: float | str | None
    qualifier: str
    status: str
    source: str
    locator: str
    note: str  # in the site's first language
    where: Where
    note_translations: tuple[tuple[str, str], ...] = ()  # (language, note) from the note_<lang> columns
    # For an assessment filed under its edition (a TIP Report tier): the period the edition
    # assesses, when the source says (the 2024 edition covers 2023-04/2024-03).
    covers: Period | None = None
    revisions: tuple[Revision, ...] = ()  # its earlier published values, oldest first

    @property
    def notes(self) -> Text:
        """The note in every language it is given in (a reader's page shows its own, else the first language's)."""
        return Text(self.note, self.note_translations)

    @property
    def key(self) -> ObservationKey:
        """What makes an observation unique within its indicator."""
        return (self.period, self.geography, self.series, self.dimensions)

    @property
    def is_breakdown(self) -> bool:
        """True when any dimension column is filled (a part, not the whole)."""
        return any(v for _, v in self.dimensions)

    def dimension(self, dim_id: str) -> str:
        """The value of one dimension column ('' means all)."""
        return dict(self.dimensions).get(dim_id, "")

    def as_published(self, rev: Revision) -> Observation:
        """The figure as it was published before a revision: the earlier value, its status and source, and its row."""
        return replace(self, value=rev.value, qualifier=rev.qualifier, status=rev.status, source=rev.source,
                       locator=rev.locator, note=rev.note, note_translations=rev.note_translations, where=rev.where, revisions=())  # fmt: skip


@dataclass(frozen=True)
class Indicator:
    """What one indicator measures, from indicators/<id>.yml, with its observations."""

    id: str
    title: Text
    description: Text
    pillar: str
    unit: str
    unit_label: Text
    measure: Text
    higher_is: str
    sensitive: bool
    series: tuple[Series, ...]
    published: bool = True
    chart: str = "bar"
    dimensions: tuple[Dimension, ...] = ()
    categories: tuple[Category, ...] = ()
    notes: tuple[Text, ...] = ()
    wanted_why: Text = Text("")
    wanted_who: Text = Text("")
    references: tuple[str, ...] = ()
    update_frequency: str = ""
    release_lag_months: int | None = None  # months after a period ends that its figures appear
    counts: str = ""  # what one unit is: persons, cases or other (disclosure control)
    sensitive_exception: str = ""  # why an indicator of persons is not sensitive, printed by every build
    part_of: str = ""  # an indicator that counts every person this one counts, and others
    derived_from: str = ""  # for a rate or percentage: the indicator of the count it is computed from
    currency: str = ""  # for unit: currency, its ISO 4217 code (USD, EUR): one currency per indicator
    percent_of: Text = Text("")  # for unit: percent, the named base the percentage is of ("of victims identified")
    year_kind: str = ""  # what its twelve-month periods are: fiscal-year or reporting-year (YEAR_KINDS)
    year_starts: int = 0  # the month its twelve-month periods start in (4: April to March)
    observations: tuple[Observation, ...] = ()
    where: Where = Where("")

    def series_label(self, series_id: str) -> Text:
        """The reader-facing name of a series."""
        return label_of(self.series, series_id)

    def category_label(self, category_id: str) -> Text:
        """The reader-facing label of a category value."""
        return label_of(self.categories, category_id)


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    title: Text
    description: Text
    source: str


@dataclass(frozen=True)
class StatusChange:
    date: str
    status: str
    evidence: Text
    source: str
    confirmed: bool = True  # False when the evidence itself says the status is not confirmed


@dataclass(frozen=True)
class Commitment:
    id: str
    title: Text
    pillar: str
    owner: Text
    made_by: str
    history: tuple[StatusChange, ...]


@dataclass(frozen=True)
class Update:
    """One entry of the update log (changelog.yml): what changed in the figures, when and why."""

    date: str
    indicators: tuple[str, ...]
    summary: Text
    reason: Text
    sources: tuple[str, ...]
    anchor: str  # stable id of the entry: its date, then -2, -3 for later entries of the same day


@dataclass(frozen=True)
class Dataset:
    """Everything in one data folder, typed."""

    site: Site
    sources: tuple[Source, ...]
    provinces: tuple[Province, ...]
    indicators: tuple[Indicator, ...]
    events: tuple[Event, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    files: tuple[str, ...] = field(default=())
    updates: tuple[Update, ...] = ()  # the update log, newest first
    groups: tuple[Group, ...] = ()  # named groups of provinces (geography/groups.yml)

    def source(self, source_id: str) -> Source | None:
        """Look up a source by id."""
        return next((s for s in self.sources if s.id == source_id), None)

    def province(self, code: str) -> Province | None:
        """Look up a province by its code."""
        return next((p for p in self.provinces if p.code == code), None)

    def place(self, code: str) -> Province | Group | None:
        """Look up what an observation's geography names below the country: a province or a group."""
        return self.province(code) or next((g for g in self.groups if g.code == code), None)
