"""Web addresses: the site's, its repository's, its contact page's and each source's become links
on every page, so each must be a plain http(s) address (scripts/address.py says what that is)."""

from __future__ import annotations

from collections.abc import Iterator

from scripts.address import source_address, web_address
from scripts.checks import place
from scripts.load import YamlDoc
from scripts.problems import Problem, problem

# Where site.yml keeps addresses, and how web_address treats the path: a folder (True, ends in /),
# a repository (False, no trailing /) or as written (None).
SITE_ADDRESSES: tuple[tuple[tuple[str, ...], bool | None], ...] = (
    (("url",), True),
    (("repository",), False),
    (("contact", "url"), None),
)


def site(doc: YamlDoc) -> Iterator[Problem]:
    """The site's, repository's and contact page's addresses."""
    for path, folder in SITE_ADDRESSES:
        value = doc.data.get(path[0], {}).get(path[1], "") if len(path) == 2 else doc.data.get(path[0], "")
        if not value:
            continue
        try:
            web_address(value, folder)
        except ValueError as err:
            yield problem("bad-address", place.key(doc, path), value, error=err)


def sources(doc: YamlDoc) -> Iterator[Problem]:
    """Each source's address, which the sources and indicator pages link to."""
    for i, item in enumerate(doc.data):
        try:
            source_address(item["url"])
        except ValueError as err:
            yield problem("bad-address/source", place.key(doc, (i, "url")), item["url"], error=err)
