"""What a page says about itself to search engines and to the apps it is shared into.

A link to an indicator page pasted into a chat or a post shows its chart and its summary
sentence (Open Graph and Twitter card tags, written by docs/overrides/main.html from the page's
front matter), and search engines that index datasets read a schema.org `Dataset` (JSON-LD)
made from the same facts as the data package (scripts/opendata.py): title, description,
licence, sources, coverage and the download addresses. Every address is absolute, from the
published address (scripts/address.py), and the text is in the page's language.
"""

from __future__ import annotations

from typing import Any

from scripts.i18n import Locale
from scripts.model import Dataset, Indicator
from scripts.opendata import LICENCES


def page_address(data: Dataset, loc: Locale, path: str) -> str:
    """The absolute address of a page or file of this language's part of the site, e.g. indicators/x/."""
    prefix = f"{loc.lang}/" if loc.suffix else ""
    return f"{data.site.address}{prefix}{path}"


def card_image(data: Dataset, loc: Locale, chart_id: str) -> str:
    """The chart picture a shared link shows: the PNG of the page's own language."""
    return page_address(data, loc, f"charts/{chart_id}.png")


def dataset(data: Dataset, loc: Locale, ind: Indicator, image: str = "") -> dict[str, Any]:
    """schema.org Dataset for one indicator's figures, in the page's language."""
    site = data.site
    periods = [o.period for o in ind.observations]
    sources = [s for s in data.sources if s.id in {o.source for o in ind.observations}]
    licence = LICENCES.get(site.licence_data, (f"https://spdx.org/licenses/{site.licence_data}.html", ""))[0]
    updated = [u.date for u in data.updates if ind.id in u.indicators]
    description = " ".join(t for t in (loc.text(ind.description).strip(), loc.text(ind.measure).strip()) if t)
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": loc.text(ind.title),
        "description": description,
        "url": page_address(data, loc, f"indicators/{ind.id}/"),
        "inLanguage": loc.lang,
        "isAccessibleForFree": True,
        "license": licence,
        "creator": {"@type": "Organization", "name": loc.text(site.title), "url": site.address},
        "spatialCoverage": {"@type": "Place", "name": loc.text(site.country_name)},
        "variableMeasured": {
            "@type": "PropertyValue",
            "name": loc.text(ind.title),
            "unitText": loc.text(ind.unit_label) or ind.unit,
        },
        "isBasedOn": [
            {
                "@type": "CreativeWork",
                "name": s.title,
                "url": s.url,
                "datePublished": s.published,
                "publisher": {"@type": "Organization", "name": s.publisher},
            }
            for s in sources
        ],  # fmt: skip
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": kind, "contentUrl": f"{site.address}data/{ind.id}.{ext}"}
            for ext, kind in (("csv", "text/csv"), ("json", "application/json"))
        ],
    }
    if periods:
        first = min(periods, key=lambda p: (p.start_year, p.start_month))
        last = max(periods, key=lambda p: (p.end_year, p.end_month))
        record["temporalCoverage"] = f"{first.start_year}-{first.start_month:02}/{last.end_year}-{last.end_month:02}"
    if updated:
        record["dateModified"] = max(updated)
    if image:
        record["image"] = image
    return record
