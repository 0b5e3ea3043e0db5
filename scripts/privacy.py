"""The privacy page: what the site does and does not record about readers, and about people counted.

Each statement is a property of the build that tests/test_csp.py checks in a browser: no
cookies, nothing loaded from other hosts (the Content-Security-Policy enforces it), no referrer.
Change the page when the build changes, never the other way round.
"""

from __future__ import annotations

from scripts.escape import html_text, markdown_inline, url
from scripts.model import Site
from scripts.report import mailto

GITHUB_PRIVACY = "https://docs.github.com/en/site-policy/privacy-policies/github-general-privacy-statement"
GITHUB_PAGES_DATA = (
    "https://docs.github.com/en/pages/getting-started-with-github-pages/about-github-pages#data-collection"
)
GENERATED = "<!-- Generated from data/site.yml by scripts/privacy.py: edit the data or the script, not this file. -->"


def privacy_page(site: Site) -> str:
    """The privacy page in Markdown (English), for privacy.md."""
    k = site.disclosure_threshold
    title = markdown_inline(site.title.en)
    lines = [
        "---",
        "title: Privacy",
        "description: This site does not track its readers, and publishes nothing that identifies a person.",
        "---",
        "",
        GENERATED,
        "# Privacy",
        "",
        f"{title} does not track you. It has no analytics, no advertising and no accounts, and it",
        "publishes nothing that could identify a person.",
        "",
        "## What happens when you read this site",
        "",
        "- **No analytics or tracking.** The site counts no visitors and runs no tracking code of",
        "  its own or of anyone else.",
        "- **No cookies.** The site sets no cookies. The only thing it keeps is your choice of light",
        "  or dark colours, in your browser's own storage on your device; it is never sent anywhere.",
        "- **Nothing from other websites.** Every page, font, script, style sheet and chart comes",
        "  from this site itself: no content delivery networks, no embedded content from other",
        "  sites. Each page carries a security policy that tells your browser to refuse anything",
        "  else.",
        "- **Search stays on your device.** The search index is downloaded from this site and",
        "  searched in your browser; what you type is not sent anywhere.",
        "- **No referrer.** When you follow a link to a source on another website, your browser",
        "  does not tell that website which page you came from. That website has its own privacy",
        "  terms.",
        "",
        "## The hosting: GitHub Pages",
        "",
        "The site is hosted on GitHub Pages, a service of GitHub, Inc. Like any web server, GitHub's",
        "servers record technical information about each request, including your IP address, to",
        "keep the service secure and working. GitHub, not this project, decides how these logs are",
        "kept and used; GitHub does not give them to the project, and the project keeps no records",
        "of its own about readers. See GitHub's privacy statement:",
        f"<{GITHUB_PRIVACY}>, and what it says about GitHub Pages in particular:",
        f"<{GITHUB_PAGES_DATA}>.",
        "",
        "## What the site publishes about people",
        "",
        "The site publishes numbers, never people. Every figure is a total (a count, a rate or a",
        "rating) that an authority or a report has already published, or is worked out from such",
        "totals. The pages, the downloads and the data files behind them follow the same rules:",
        "",
        "- no names, ages or birth dates of individuals, case or identity numbers, exact dates of",
        "  events in a person's life, places smaller than a province, shelter locations or stories",
        "  of individual victims;",
        f"- counts of persons from 1 to {k - 1} below the national level, or in any breakdown, are",
        f'  withheld and shown as "fewer than {k}", and no published total lets anyone work a',
        "  withheld count back out;",
        "- the build checks these rules and refuses to publish data that breaks them.",
        "",
        "The methodology page explains this disclosure control in full.",
    ]
    contact = _contact(site)
    if contact:
        lines += [
            "",
            "## Questions",
            "",
            f"Questions about privacy, or a figure that should not be published: {contact}.",
        ]
    return "\n".join(lines) + "\n"


def _contact(site: Site) -> str:
    # Raw HTML links, escaped: an address from site.yml must not be able to break the page.
    ways = []
    if site.contact_email:
        ways.append(_link(mailto(site.contact_email), site.contact_email))
    if site.contact_url:
        ways.append(_link(site.contact_url, site.contact_url))
    if site.repository:
        ways.append("open an issue at " + _link(site.repository, site.repository))
    return ", or ".join(ways)


def _link(href: str, text: str) -> str:
    try:
        return f'<a href="{url(href)}">{html_text(text)}</a>'
    except ValueError:  # not a plain address (site.yml's are checked before): shown, never linked
        return str(html_text(text))
