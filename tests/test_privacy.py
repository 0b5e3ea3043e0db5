"""The privacy page says what the build guarantees, and text from site.yml cannot break it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import markdown
import pytest

from scripts.build import check
from scripts.model import Dataset, Site
from scripts.pages import page
from scripts.registry import GITHUB_PRIVACY
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data() -> Dataset:
    return check(DATA)


@pytest.fixture(scope="module")
def site(data: Dataset) -> Site:
    return data.site


@pytest.fixture(scope="module")
def privacy_page(data: Dataset) -> Callable[[Site], str]:
    """The privacy page (a template: privacy.md.j2) as the build writes it, for these settings."""
    return lambda site: page("privacy.md", dataclasses.replace(data, site=site))


def _html(text: str) -> str:
    body = text.split("---\n", 2)[2]
    return markdown.markdown(body, extensions=["attr_list", "md_in_html"])


def test_the_page_covers_tracking_cookies_other_hosts_hosting_and_people(
    site: Site, privacy_page: Callable[[Site], str]
) -> None:
    page = privacy_page(site)
    assert page.startswith("---\ntitle: Privacy\n")
    assert "<!-- Generated from data/site.yml" in page
    for promise in ("No analytics or tracking", "No cookies", "Nothing from other websites", "Search stays on your device",
                    "No referrer", "GitHub Pages", "IP address", "never people", "fewer than 10"):  # fmt: skip
        assert promise in page, promise
    # GitHub's privacy statement as a plain link whose text is the address itself.
    assert f'<a href="{GITHUB_PRIVACY}">{GITHUB_PRIVACY}</a>' in _html(page)


def test_the_threshold_comes_from_site_yml(site: Site, privacy_page: Callable[[Site], str]) -> None:
    page = privacy_page(dataclasses.replace(site, disclosure_threshold=5))
    assert "from 1 to 4 below" in page and "fewer than 5" in page


def test_contact_addresses_are_links_that_cannot_inject_markup(site: Site, privacy_page: Callable[[Site], str]) -> None:
    bad = dataclasses.replace(site, contact_email='a"><script>x</script>@example.org', contact_url="https://x.org/?a=<b>",
                              repository="https://example.org/repo")  # fmt: skip
    page = _html(privacy_page(bad))
    assert "<script>" not in page and "<b>" not in page
    assert '<a href="https://example.org/repo">https://example.org/repo</a>' in page
    assert "## Questions" not in privacy_page(
        dataclasses.replace(site, contact_email="", contact_url="", repository="")
    )


def test_the_same_settings_give_the_same_page(site: Site, privacy_page: Callable[[Site], str]) -> None:
    assert privacy_page(site) == privacy_page(site)
