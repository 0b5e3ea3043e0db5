"""The update log as an Atom feed, /feed.xml, for readers who follow new figures in a feed reader.

In the site's first language, the one its log is written in first (one feed, at one address,
whatever the reader's language). Made from the log alone, never from the clock, so the same log
gives the same feed byte for byte.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from scripts.i18n import site_locales
from scripts.model import Dataset
from scripts.tables import revised_line, revisions_logged

ATOM = "http://www.w3.org/2005/Atom"


def feed(data: Dataset) -> str:
    """feed.xml: the update log as Atom; without entries, a feed that has none."""
    log = data.updates
    site = data.site
    loc = site_locales(site)[0]
    titles = {i.id: i.title.default for i in data.indicators}
    sources = {s.id: s.title for s in data.sources}
    # Feed readers need absolute links and ids: the published address, or the local preview's.
    base = site.address
    atom = ET.Element("feed", {"xmlns": ATOM, "xml:lang": loc.lang})
    _sub(atom, "id", f"{base}feed.xml")
    _sub(atom, "title", f"{site.title.default}: {loc.t('updates.title')}")
    _sub(atom, "subtitle", loc.t("updates.description"))
    # The newest entry's day, never the clock: the same log gives the same feed.
    _sub(atom, "updated", _timestamp(log[0].date if log else "1970-01-01"))
    _sub(atom, "link", rel="alternate", type="text/html", href=f"{base}updates/")
    _sub(atom, "link", rel="self", type="application/atom+xml", href=f"{base}feed.xml")
    author = _sub(atom, "author")
    _sub(author, "name", site.title.default)
    _sub(author, "uri", base)
    if site.contact_email:
        _sub(author, "email", site.contact_email)
    if site.licence_data:
        _sub(atom, "rights", loc.t("updates.feed_rights", licence=site.licence_data))
    revised = revisions_logged(data)
    for u in log:
        entry = _sub(atom, "entry")
        _sub(entry, "id", f"{base}updates/#{u.anchor}")
        _sub(entry, "title", u.summary.default)
        _sub(entry, "updated", _timestamp(u.date))
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}updates/#{u.anchor}")
        for i in u.indicators:
            _sub(entry, "category", term=i, label=titles[i])
        lines = [
            u.summary.default,
            "",
            f"{loc.t('updates.why')}{loc.colon} {u.reason.default}",
            "",
            f"{loc.t('updates.indicators')}{loc.colon} " + ", ".join(titles[i] for i in u.indicators),
        ]
        if u.anchor in revised:
            lines += ["", f"{loc.t('updates.revised')}{loc.colon}"]
            lines += [f"- {revised_line(data, ind, obs, loc)}" for ind, obs in revised[u.anchor]]
        if u.sources:
            lines += ["", f"{loc.t('updates.sources')}{loc.colon} " + "; ".join(sources[s] for s in u.sources)]
        _sub(entry, "content", "\n".join(lines), type="text")
    ET.indent(atom)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(atom, encoding="unicode") + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"
