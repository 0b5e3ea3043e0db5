"""One published address everywhere, hostile addresses refused, and the 'report an error' links."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from scripts.address import preview_address, published, web_address
from scripts.build import check, main
from scripts.charts import charts
from scripts.compute import compute
from scripts.i18n import locale
from scripts.model import LOCAL_URL, Dataset, Site
from scripts.opendata import opendata
from scripts.pages import pages
from scripts.problems import DataError
from scripts.translations import coverage
from tests.conftest import DATA, FIXTURES, serve
from tests.siteaudit.crawl import TAGS, violations

SYNTHETIC = FIXTURES / "synthetic"
BASE = "https://example.org/ctip/"
REPOSITORY = "https://github.com/owner/ctip"
# What the publish workflow sets; the address is written loosely, to be normalised.
PUBLISHING = {"SITE_URL": "https://Example.ORG/ctip", "GITHUB_SERVER_URL": "https://github.com",
              "GITHUB_REPOSITORY": "owner/ctip"}  # fmt: skip
LOG = (
    '- date: "2024-09-01"\n  indicators: [cases-recorded]\n  summary: {en: First figures.}\n  reason: {en: A report.}\n'
)
HOSTILE = ['https://x/"><script>', "javascript:alert(1)", "http://user:pw@host/", "https:///no-host", "https://",
           "https://exa mple.org/", "https://x.org/?q=1", "https://x.org/#top", "https://x.org\\@evil.org/",
           "data:text/html,<b>", "https://-x.org/", "https://x.org:99999/", "https://x.org/%zz", "//x.org/"]  # fmt: skip


# --- the address itself ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/ctip", "https://example.org/ctip/"),
        ("HTTPS://Example.ORG:443/ctip/", "https://example.org/ctip/"),
        ("https://owner.github.io", "https://owner.github.io/"),
        ("http://127.0.0.1:8001", "http://127.0.0.1:8001/"),
        ("https://example.org/a%20b/", "https://example.org/a%20b/"),
    ],
)
def test_an_address_is_written_out_again_ending_in_a_slash(text: str, expected: str) -> None:
    assert web_address(text) == expected


def test_a_repository_loses_its_trailing_slash_and_a_page_keeps_its_path() -> None:
    assert web_address("https://github.com/owner/ctip/", folder=False) == REPOSITORY
    assert web_address("https://example.org/contact", folder=None) == "https://example.org/contact"


@pytest.mark.parametrize("text", HOSTILE)
def test_anything_but_a_plain_http_address_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"^its? "):
        web_address(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('https://x/"><script>', "the character '\"'"),
        ("javascript:alert(1)", "must start with https://"),
        ("http://user:pw@host/", "user name or password"),
        ("https:///no-host", "no host name"),
    ],
)
def test_a_hostile_site_url_stops_the_build_with_a_clear_message(
    text: str, reason: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("SITE_URL", text)
    assert main(["--check", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "$SITE_URL: the site's address is not a plain web address" in err and reason in err
    assert "[bad-address]" in err


@pytest.mark.parametrize("key", ["url", "repository"])
def test_a_hostile_address_in_site_yml_is_a_located_problem(key: str, data_copy: Path) -> None:
    site_yml = data_copy / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + f"{key}: 'https://x.org/\"><script>'\n", "utf-8")
    line = len(site_yml.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataError) as caught:
        check(data_copy)
    [problem] = [p for p in caught.value.problems if p.code == "bad-address"]
    assert (problem.path, problem.line) == ("data/site.yml", line)
    assert str(problem).startswith(f"data/site.yml:{line}:") and f"{key} is not a plain web address" in str(problem)


def test_site_yml_url_comes_before_the_workflows_and_the_repository_defaults_from_github() -> None:
    site = check(SYNTHETIC).site
    settled = published(site, PUBLISHING)
    assert (settled.url, settled.repository, settled.address) == (BASE, REPOSITORY, BASE)
    own = dataclasses.replace(site, url="https://data.example.net/", repository="https://git.example.net/ctip/")
    settled = published(own, PUBLISHING)
    assert (settled.url, settled.repository) == ("https://data.example.net/", "https://git.example.net/ctip")
    assert published(site, {"GITHUB_REPOSITORY": "owner/ctip"}).repository == ""  # both are needed


def test_a_hostile_github_repository_is_refused() -> None:
    env = PUBLISHING | {"GITHUB_REPOSITORY": 'owner/ctip"><script>'}
    with pytest.raises(DataError) as caught:
        published(check(SYNTHETIC).site, env)
    assert [(p.path, p.code) for p in caught.value.problems] == [("$GITHUB_REPOSITORY", "bad-address")]
    assert caught.value.problems[0].said_in("fr") == (
        'le dépôt n\'est pas de la forme propriétaire/nom (owner/name) (écrit "owner/ctip\\"><script>"). '
        "Conseil : GitHub le fixe ; vérifiez l'environnement du workflow."
    )


def test_a_publishing_build_needs_somewhere_to_report_errors_and_never_invents_it() -> None:
    site = check(SYNTHETIC).site
    with pytest.raises(DataError) as caught:
        published(site, {"SITE_URL": BASE})
    [problem] = caught.value.problems
    assert problem.code == "missing-contact" and problem.path == site.where.path
    assert "synthetic/site.yml names none" in str(problem) and "repository:" in str(problem)
    assert "synthetic/site.yml n'en nomme aucun" in str(problem.said_in("fr"))  # French editors are told in French
    assert published(dataclasses.replace(site, contact_email="data@example.org"), {"SITE_URL": BASE}).url == BASE
    local = published(site, {})  # a local build may have neither
    assert (local.url, local.repository, local.address) == ("", "", LOCAL_URL)


def test_a_preview_uses_its_own_address() -> None:
    assert preview_address("127.0.0.1", 8123) == "http://127.0.0.1:8123/"
    assert preview_address("0.0.0.0", 9000) == "http://127.0.0.1:9000/"
    assert published(check(SYNTHETIC).site, {}, "http://127.0.0.1:8123/").address == "http://127.0.0.1:8123/"


# --- a publishing build: the address in every place it belongs ---


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic data with an update log, built as the publish workflow builds it."""
    root = tmp_path_factory.mktemp("published")
    data = root / "data"
    shutil.copytree(SYNTHETIC, data)
    (data / "changelog.yml").write_text(LOG, encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        for name, value in PUBLISHING.items():
            env.setenv(name, value)
        env.setenv("SOURCE_DATE_EPOCH", "1780000000")
        assert main(["--data", str(data), "--out", str(root / "site")]) == 0
    return root / "site"


def _indicator_pages(site_dir: Path) -> dict[str, str]:
    return {p.parent.name: p.read_text(encoding="utf-8") for p in (site_dir / "indicators").glob("*/index.html")}


def test_embed_snippets_and_citations_carry_the_published_address(site_dir: Path) -> None:
    found = _indicator_pages(site_dir)
    assert len(found) == 2
    for ind, page in found.items():
        snippet = re.search(r'<pre class="embed-snippet"><code[^>]*>(.*?)</code>', page, re.S)[1]
        assert "<iframe" not in snippet  # shown to copy, not embedded here
        assert f'<iframe src="{BASE}embed/{ind}/"' in html.unescape(snippet), ind  # as a reader copies it
        cite = re.search(r'<p class="cite">(.*?)</p>', page, re.S)[1]
        assert re.search(rf"Version \S+, built .*\. {re.escape(BASE)}indicators/{ind}/$", cite), cite
        assert f'<link rel="canonical" href="{BASE}indicators/{ind}/">' in page
        assert "Replace http" not in page  # no note about a local address


def test_shared_cards_and_the_dataset_carry_the_published_address(site_dir: Path) -> None:
    from tests.test_sharing import Head

    for ind, page in _indicator_pages(site_dir).items():
        head = Head(page)
        assert head.meta["og:url"] == head.canonical == f"{BASE}indicators/{ind}/", ind
        assert head.meta["og:image"] == f"{BASE}charts/{ind}.png", ind
        assert head.meta["twitter:card"] == "summary_large_image"
        png = (site_dir / head.meta["og:image"].removeprefix(BASE)).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")  # the picture the link shows is served by the site
        alt = head.meta["og:image:alt"]
        assert alt == head.meta["twitter:image:alt"] and alt.startswith(head.meta["og:description"])
        [record] = [json.loads(block) for block in head.jsonld]
        assert record["url"] == head.canonical and record["creator"]["url"] == BASE
        assert record["image"] == head.meta["og:image"]
        assert all(d["contentUrl"].startswith(f"{BASE}data/{ind}.") for d in record["distribution"])


def test_the_feed_links_and_ids_are_absolute(site_dir: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((site_dir / "feed.xml").read_bytes())
    assert feed.findtext(f"{atom}id") == f"{BASE}feed.xml"
    [entry] = feed.findall(f"{atom}entry")
    assert entry.findtext(f"{atom}id") == f"{BASE}updates/#2024-09-01"
    links = [link.get("href") for link in feed.iter(f"{atom}link")]
    assert links and all(href.startswith(BASE) for href in links)


def test_the_data_package_and_the_index_carry_the_published_address(site_dir: Path) -> None:
    package = json.loads((site_dir / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["homepage"] == BASE
    index = json.loads((site_dir / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["base_url"] == BASE and index["all_csv"] == f"{BASE}data/all.csv"
    addresses = [entry[k] for entry in index["indicators"] for k in ("page", "csv", "json") if k in entry]
    assert addresses and all(a.startswith(BASE) for a in addresses)


def test_nothing_points_at_a_local_preview(site_dir: Path) -> None:
    assert f"<loc>{BASE}</loc>" in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for path in site_dir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv"):
            assert "127.0.0.1" not in path.read_text(encoding="utf-8"), path


def _hrefs(page: str, pattern: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(pattern, page)]


def test_every_row_and_page_links_to_a_prefilled_public_issue(site_dir: Path) -> None:
    page = _indicator_pages(site_dir)["cases-recorded"]
    rows = _hrefs(page, r'<td[^>]* class="report-cell"><a href="([^"]+)"')
    assert len(rows) == page.count('<tr class="row--') > 1
    first = urlsplit(rows[0])
    assert (first.scheme, first.netloc, first.path) == ("https", "github.com", "/owner/ctip/issues/new")
    query = parse_qs(first.query, strict_parsing=True)
    assert set(query) == {"title", "body"}
    assert query["title"] == ["Error in a figure: Cases recorded (synthetic), 2019, Synthetica: 120"]
    body = query["body"][0]
    warning, figure, ask = body.split("\n\n")  # nothing but the warning, the figure's fields and the question
    assert warning.startswith("Issues are public: do not include personal details")
    assert "never anything about a victim" in warning and ask.startswith("What is wrong")
    fields = dict(line.split(": ", 1) for line in figure.splitlines())
    assert fields == {
        "Indicator": "Cases recorded (synthetic) (cases-recorded)",
        "Period": "2019",
        "Area": "Synthetica",
        "Reported by": "Ministry of the Interior (fictional)",
        "Value": "120",
        "Status": "reported",
        "Source": "Ministry of the Interior of Synthetica (fictional), 2024-08-15: "
        "Annual report on counter-trafficking 2019-2024 (fictional)",
    }
    assert "Table 1" not in body  # the locator is not one of the figure's fields
    label = re.search(r'<td[^>]* class="report-cell"><a [^>]*aria-label="([^"]+)"', page)[1]
    assert html.unescape(label) == "Report an error in this figure: 2019, Synthetica: 120"
    [whole] = _hrefs(page, r'<p class="report"><a href="([^"]+)"')
    assert urlsplit(whole).path == "/owner/ctip/issues/new"
    assert parse_qs(urlsplit(whole).query)["title"] == ["Error in a figure: Cases recorded (synthetic)"]
    assert 'id="report-note"' in page and "Issues are public" in page
    assert "[CSV](" not in page  # the note under the table leaves the Markdown after it alone


@pytest.mark.browser
def test_the_report_link_is_reachable_by_keyboard(site_dir: Path, browser) -> None:
    with serve(site_dir) as url:
        page = browser.new_page()
        page.goto(f"{url}/indicators/cases-recorded/")
        page.locator("table.data-table tbody tr").first.locator("td a").nth(-2).focus()  # the source link
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('td').className + ' ' + document.activeElement.href")
        assert focused.startswith("report-cell https://github.com/owner/ctip/issues/new?")
        name = page.get_by_role("link", name="Report an error in this figure: 2019, Synthetica: 120")
        assert name.count() == 1
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
        assert violations(results.response) == []
        page.close()


# --- the other ways to report, and other languages (pages only: no site is built) ---


def _pages(site: Site, data: Dataset | None = None, with_charts: bool = False) -> dict[str, str]:
    data = dataclasses.replace(data or check(DATA), site=site)
    facts = compute(data)
    figures = {
        lang: {
            i.id: charts(i, facts[i.id], site, data.events, locale(lang)) if with_charts else []
            for i in data.indicators
        }
        for lang in data.site.languages
    }
    return pages(data, facts, figures, coverage(data))


def _row_link(page: str) -> tuple[str, dict[str, list[str]]]:
    href = _hrefs(page, r'<td[^>]* class="report-cell"><a href="([^"]+)"')[0]
    return href, parse_qs(urlsplit(href).query)


def test_a_khmer_page_prefills_the_issue_in_khmer() -> None:
    data = check(DATA)
    site = dataclasses.replace(data.site, repository=REPOSITORY, contact_email="data@example.org")
    km = locale("km")
    page = _pages(site, data)["indicators/cases-cracked-down.km.md"]
    href, query = _row_link(page)
    assert href.startswith(f"{REPOSITORY}/issues/new?title=")
    title = next(i.title.translation("km") for i in data.indicators if i.id == "cases-cracked-down")
    assert query["title"][0].startswith(km.t("report.subject", title=title))
    body = query["body"][0]
    assert body.startswith(km.t("report.public"))
    assert km.t("report.private", email="data@example.org") in body  # the private contact, for anything sensitive
    for key in ("indicator.col.period", "indicator.col.area", "indicator.col.value", "indicator.col.source"):
        assert f"\n{km.t(key)}: " in body, key
    assert "Issues are public" not in body
    assert '<a href="mailto:data@example.org">data@example.org</a>' in page


def test_without_a_repository_the_link_is_a_prefilled_e_mail() -> None:
    site = dataclasses.replace(check(SYNTHETIC).site, contact_email="data@example.org")
    page = _pages(site, check(SYNTHETIC))["indicators/cases-recorded.md"]
    href, query = _row_link(page)
    parts = urlsplit(href)
    assert (parts.scheme, parts.path) == ("mailto", "data@example.org")
    assert query["subject"] == ["Error in a figure: Cases recorded (synthetic), 2019, Synthetica: 120"]
    assert query["body"][0].startswith("Do not include personal details") and "\nValue: 120\n" in query["body"][0]
    assert "opens an e-mail to the publisher" in page and "github" not in page


def test_with_only_a_contact_page_the_link_goes_there_and_with_nothing_the_page_says_so() -> None:
    synthetic = check(SYNTHETIC)
    site = dataclasses.replace(synthetic.site, contact_url="https://example.org/contact")
    href, _ = _row_link(_pages(site, synthetic)["indicators/cases-recorded.md"])
    assert href == "https://example.org/contact"
    page = _pages(synthetic.site, synthetic)["indicators/cases-recorded.md"]
    assert "report-cell" not in page and "names no repository or contact address" in page


def test_text_from_data_cannot_break_out_of_the_report_link() -> None:
    synthetic = check(SYNTHETIC)
    hostile = dataclasses.replace(synthetic.indicators[0], title=dataclasses.replace(
        synthetic.indicators[0].title, default='x" onclick="alert(1)"><script>&amp;'))  # fmt: skip
    data = dataclasses.replace(synthetic, indicators=(hostile, *synthetic.indicators[1:]))
    page = _pages(dataclasses.replace(synthetic.site, repository=REPOSITORY, contact_email='a"b@example.org'), data)
    text = page[f"indicators/{hostile.id}.md"]
    assert "<script>" not in text and not re.search(r"<[a-z][^<>]*\sonclick=", text)  # no tag gains a handler
    href, query = _row_link(text)
    assert query["title"][0].startswith('Error in a figure: x" onclick="alert(1)"><script>&amp;')
    assert 'href="mailto:a%22b@example.org"' in text


def test_a_local_build_links_to_its_own_preview() -> None:
    synthetic = check(SYNTHETIC)
    site = published(synthetic.site, {}, "http://127.0.0.1:8123/")
    page = _pages(site, synthetic, with_charts=True)["indicators/cases-recorded.md"]
    assert '<iframe src="http://127.0.0.1:8123/embed/cases-recorded/"' in html.unescape(page)
    assert "Replace http://127.0.0.1:8123/ with the address this site is published at." in page
    assert "fictional). http://127.0.0.1:8123/indicators/cases-recorded/</p>" in page  # the citation
    package = json.loads(opendata(dataclasses.replace(synthetic, site=site))["data/datapackage.json"])
    assert package["homepage"] == "http://127.0.0.1:8123/"
