"""'Report an error in this figure': a prefilled public issue, else a prefilled e-mail, else the contact page.

Plain links, since the pages' policy allows no inline script. The prefill holds only the
published figure's fields (what the table shows), in the page's language, under a warning
that issues are public and must never hold personal details.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from scripts.i18n import Locale
from scripts.model import Indicator, Site, Source


def kind(site: Site) -> str:
    """How readers report an error: "issue", "email", "page", or "" when the site names no way."""
    if site.repository:
        return "issue"
    if site.contact_email:
        return "email"
    return "page" if site.contact_url else ""


def mailto(email: str) -> str:
    """A mailto: address with anything but the address's own characters percent-encoded."""
    return "mailto:" + quote(email, safe="@")


def page_link(site: Site, loc: Locale, ind: Indicator) -> str:
    """The page's report link: the indicator named, the figure's fields left for the reader."""
    fields = [(loc.t("indicators.col.indicator"), f"{loc.text(ind.title)} ({ind.id})")]
    fields += [(label, "") for label in _labels(loc, ind)[1:]]
    return _href(site, loc, loc.t("report.subject", title=loc.text(ind.title)), fields)


def row_link(site: Site, loc: Locale, ind: Indicator, row: dict[str, Any]) -> dict[str, str]:
    """One table row's report link and the words that say which figure it is about."""
    figure = _figure(loc, ind, row)
    labels = _labels(loc, ind)
    values = [f"{loc.text(ind.title)} ({ind.id})", row["period"], loc.text(row["place"]), loc.text(row["series"])]
    if ind.dimensions:
        values.append(row["breakdown"])
    source = row["source"]
    values += [row["value"], loc.t(f"status.{row['status']}"),
               f"{source.publisher}, {_date(source, loc)}: {source.title}" if source else ""]  # fmt: skip
    subject = loc.t("report.subject_row", title=loc.text(ind.title), figure=figure)
    return {"report": _href(site, loc, subject, list(zip(labels, values, strict=True))), "report_figure": figure}


def _date(source: Source, loc: Locale) -> str:
    """A source's date as cited, saying so when it is approximate."""
    return loc.t("source.date_approximate", date=source.published) if source.date_approximate else source.published


def _labels(loc: Locale, ind: Indicator) -> list[str]:
    keys = ("indicators.col.indicator", "indicator.col.period", "indicator.col.area", "indicator.col.reported_by")
    labels = [loc.t(key) for key in keys]
    if ind.dimensions:
        labels.append(", ".join(loc.text(d.title) for d in ind.dimensions))
    return labels + [loc.t("indicator.col.value"), loc.t("chart.status"), loc.t("indicator.col.source")]


def _figure(loc: Locale, ind: Indicator, row: dict[str, Any]) -> str:
    """2018, Cambodia, NCCT: 134 — enough to tell one row from the others."""
    parts = [row["period"], loc.text(row["place"])]
    if len(ind.series) > 1:
        parts.append(loc.text(row["series"]))
    if ind.dimensions:
        parts.append(row["breakdown"])
    return f"{', '.join(parts)}: {row['value']}"


def _href(site: Site, loc: Locale, subject: str, fields: list[tuple[str, str]]) -> str:
    how = kind(site)
    if how == "page":
        return site.contact_url
    if not how:
        return ""
    warning = loc.t("report.public") if how == "issue" else loc.t("report.no_personal")
    if how == "issue" and site.contact_email:
        warning += " " + loc.t("report.private", email=site.contact_email)
    lines = [warning, "", *(f"{label}: {value}".rstrip() for label, value in fields), "", loc.t("report.ask"), ""]
    body = quote("\n".join(lines), safe="")
    if how == "issue":
        return f"{site.repository}/issues/new?title={quote(subject, safe='')}&body={body}"
    return f"{mailto(site.contact_email)}?subject={quote(subject, safe='')}&body={body}"
