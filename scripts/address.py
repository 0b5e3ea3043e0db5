"""One published address for the whole build, checked before it reaches any page.

The site's address (site.yml `url`, else $SITE_URL from the publish workflow) and its
repository (site.yml `repository`, else GitHub's $GITHUB_SERVER_URL/$GITHUB_REPOSITORY) end up
in attributes of every page, in the feed and in the data package. So each is parsed and
written out again, and anything but a plain http(s) address with a host is refused: no
quotes, angle brackets, spaces, user names or passwords, queries, or other schemes. A source's
address (sources.yml `url`) is checked the same way, but may name a page by its query or
fragment (`?id=12`, `#page=4`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from scripts.model import LOCAL_URL, Site
from scripts.problems import DataError, Place, Problem, problem

# The characters a base address may hold: letters, digits and the marks of a path.
_ALLOWED = re.compile(r"[A-Za-z0-9._~%/:@!$*+,;=-]")
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"{_LABEL}(\.{_LABEL})*")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# What a source address's query and fragment may hold besides the characters above.
_QUERY = re.compile(r"[A-Za-z0-9._~%/:@!$*+,;=?&-]")


def web_address(text: str, folder: bool | None = True) -> str:
    """`text` as a plain http(s) address, or ValueError saying what is wrong.

    Scheme and host come back in lower case; `folder` True ends the path with /, False strips
    a trailing / (a repository, to add /issues/new to), None leaves it as written.
    """
    if not re.match(r"https?://", text, re.I):
        raise ValueError("it must start with https:// (or http://)")
    if bad := next((c for c in text if not _ALLOWED.fullmatch(c)), None):
        what = "a space" if bad == " " else f"the character {bad!r}"
        raise ValueError(f"it contains {what}, which a plain web address does not")
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        raise ValueError("it has a % that is not followed by two hexadecimal digits")
    parts = urlsplit(text)
    if "@" in parts.netloc:
        raise ValueError("it must not contain a user name or password")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("its port is not a number from 0 to 65535") from None
    host = parts.hostname or ""
    if not host:
        raise ValueError("it has no host name")
    if not _HOST.fullmatch(host):
        raise ValueError(f"its host name {host!r} is not a valid one")
    scheme = parts.scheme.lower()
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if folder:
        path = path if path.endswith("/") else path + "/"
    elif folder is False:
        path = path.rstrip("/")
    return urlunsplit((scheme, netloc, path, "", ""))


def source_address(text: str) -> str:
    """A source's address: a plain http(s) address (see web_address) that may end in ?query and
    #fragment; ValueError saying what is wrong otherwise."""
    head, _, fragment = text.partition("#")
    head, _, query = head.partition("?")
    for part in (query, fragment):
        if bad := next((c for c in part if not _QUERY.fullmatch(c)), None):
            what = "a space" if bad == " " else f"the character {bad!r}"
            raise ValueError(f"it contains {what}, which a plain web address does not")
        if re.search(r"%(?![0-9A-Fa-f]{2})", part):
            raise ValueError("it has a % that is not followed by two hexadecimal digits")
    scheme, netloc, path, _, _ = urlsplit(web_address(head, folder=None))
    return urlunsplit((scheme, netloc, path, query, fragment))


def published(site: Site, env: Mapping[str, str], preview: str = LOCAL_URL) -> Site:
    """`site` with its published address and repository settled (site.yml first, then the
    workflow's environment) and the local preview's address; DataError when one is unusable."""
    problems: list[Problem] = []

    def settle(value: str, place: Place, key: str, folder: bool | None) -> str:
        try:
            return web_address(value, folder) if value else ""
        except ValueError as err:
            problems.append(problem(key, place, value, error=str(err)))
            return ""

    yml = site.where.path
    url = settle(site.url, Place(yml, name="url"), "bad-address/url", True)
    if not site.url:
        url = settle(env.get("SITE_URL", "").strip(), Place("$SITE_URL"), "bad-address/site-url", True)
    repository = settle(site.repository, Place(yml, name="repository"), "bad-address/repository", False)
    server, name = env.get("GITHUB_SERVER_URL", "").strip(), env.get("GITHUB_REPOSITORY", "").strip()
    if not site.repository and server and name:
        if _REPOSITORY.fullmatch(name):
            repository = settle(
                f"{server.rstrip('/')}/{name}", Place("$GITHUB_SERVER_URL"), "bad-address/github", False
            )
        else:
            problems.append(problem("bad-address/owner-name", Place("$GITHUB_REPOSITORY"), name))
    if url and not problems and not (repository or site.contact_email or site.contact_url):
        problems.append(problem("missing-contact", Place(yml), file=yml))
    if problems:
        raise DataError(problems)
    return dataclasses.replace(site, url=url, repository=repository, preview_url=preview)


def preview_address(host: str, port: int) -> str:
    """The local preview's own address, for a browser on the same machine."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    try:
        return web_address(f"http://{host}:{port}/")
    except ValueError:
        return LOCAL_URL
