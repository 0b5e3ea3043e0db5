"""The words a site uses for its places, in the page's language: site.yml's word for a subdivision
(country.subdivision, "province", "region", "county"), each row's own type where provinces.csv
gives one (a capital among provinces), and what a group of them is.

Pages and the menu take their headings from here rather than from a fixed "Provinces", so a
dataset whose subdivisions are counties or states reads in its own words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from scripts.i18n import Locale
from scripts.model import Province, Site


def words(site: Site, loc: Locale) -> dict[str, str]:
    """{subdivision}, {subdivisions} and, for headings, {Subdivisions}: values for interface strings."""
    one, many = loc.text(site.subdivision), loc.text(site.subdivision_plural)
    return {"subdivision": one, "subdivisions": many, "Subdivisions": many[:1].upper() + many[1:]}


def type_word(province: Province, site: Site, loc: Locale) -> str:
    """What this row of provinces.csv is called: its type's word (a capital), else the site's word."""
    return loc.t(f"subdivision_type.{province.type}") if province.type else loc.text(site.subdivision)


def members_words(members: Sequence[Province], site: Site, loc: Locale) -> str:
    """How many of each kind a group holds, in the dataset's words: "2 counties and 1 capital"."""
    parts = []
    for kind, n in Counter(p.type for p in members).items():  # in the order the group lists them
        if kind:
            word = loc.t(f"subdivision_type{'' if n == 1 else 's'}.{kind}")
        else:
            word = loc.text(site.subdivision if n == 1 else site.subdivision_plural)
        parts.append(loc.t("subdivision.count", n=loc.number(n), word=word))
    return loc.join(parts)


def types_differ(provinces: Sequence[Province]) -> bool:
    """True when the rows are not all of one type, so that pages say which is which."""
    return len({p.type for p in provinces}) > 1
