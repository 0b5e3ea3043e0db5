"""A reader opens pages built from hostile data, and nothing in the data runs or links out.

Each text field an editor writes (titles, notes, source names, province and group names, labels)
gets one payload from an XSS corpus, marked with the field's name. The synthetic dataset
so poisoned is built and every page is opened in Chromium: no dialog may open, no payload
may set window.__xss, and no payload may become an element, an event handler or a
javascript: link. A failure names the field that got through.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scripts.build import build
from tests.conftest import serve

# The synthetic dataset with groups of its areas (police regions) and a capital: every kind of place.
GROUPED = Path(__file__).parent / "fixtures" / "grouped"
PUBLISHING = {"SITE_URL": "https://example.org/ctip/", "GITHUB_SERVER_URL": "https://github.com",
              "GITHUB_REPOSITORY": "owner/ctip"}  # fmt: skip
# {f} is replaced by the field's name, so whatever runs says where it came from.
PAYLOADS = (
    "<script>window.__xss='{f}'</script>",
    "<img src=x onerror=\"window.__xss='{f}'\">",
    "<svg onload=\"window.__xss='{f}'\"></svg>",
    "\"><script>window.__xss='{f}'</script>",
    "'><img src=x onerror=alert('{f}')>",
    "</script><script>window.__xss='{f}'</script>",
    "[click {f}](javascript:alert('{f}'))",
    "<a href=\"javascript:alert('{f}')\">link {f}</a>",
    "<iframe src=\"javascript:alert('{f}')\"></iframe>",
    "<details open ontoggle=\"window.__xss='{f}'\">x</details>",
    "![img {f}](x\" onerror=\"window.__xss='{f}')",
    "<a href=\" jav&#x09;ascript:alert('{f}')\">tab {f}</a>",
    "<math><mi xlink:href=\"javascript:alert('{f}')\">m {f}</mi></math>",
    "Title {{: onclick=\"window.__xss='{f}'\" }}",
    "<style>body{{display:none}}</style>{f}",
    "<!-- {f}",
    "{{{{ 7*7 }}}} {{% raw %}} {f}",
    "&lt;script&gt;window.__xss='{f}'&lt;/script&gt;",
    "<body onload=\"window.__xss='{f}'\">",
    "<object data=\"javascript:alert('{f}')\"></object>",
)
# Fields of the YAML files, as paths into the parsed document, and CSV cells as (column, row).
YAML_FIELDS = {
    "site.yml": [("title", "en"), ("tagline", "en"), ("organisation", "en"), ("pillars", 0, "title", "en"),
                 ("pillars", 1, "description", "en"), ("context", 0, "text", "en"), ("country", "name", "en")],
    "sources.yml": [(0, "title"), (0, "publisher"), (0, "note"), (1, "title"), (1, "publisher")],
    "indicators/cases-recorded.yml": [("title", "en"), ("description", "en"), ("measure", "en"), ("unit_label", "en"),
                                      ("series", 0, "label", "en"), ("notes", 0, "en")],
    "indicators/people-assisted.yml": [("title", "en"), ("dimensions", 0, "title", "en"),
                                       ("dimensions", 0, "values", 0, "label", "en")],
    "events.yml": [(0, "title", "en")],
    "geography/groups.yml": [(0, "name", "en"), (0, "description", "en"), (1, "name", "en")],
}  # fmt: skip
CSV_FIELDS = {
    "geography/provinces.csv": [("name_en", 0), ("name_en", 1), ("note", 2)],
    "observations/cases-recorded.csv": [("note", 0), ("locator", 1), ("note", 5)],
    "observations/people-assisted.csv": [("note", 16), ("locator", 17)],
}  # fmt: skip


def _poison(data: Path) -> list[str]:
    """Put one payload in every field; return the field names used."""
    used, n = [], 0

    def payload(field: str) -> str:
        nonlocal n
        text = PAYLOADS[n % len(PAYLOADS)].format(f=field)
        n += 1
        used.append(field)
        return text

    for file, paths in YAML_FIELDS.items():
        doc = yaml.safe_load((data / file).read_text(encoding="utf-8"))
        for path in paths:
            node = doc
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = payload(f"{Path(file).stem}:{'.'.join(str(p) for p in path)}")
        (data / file).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for file, cells in CSV_FIELDS.items():
        rows = list(csv.reader(io.StringIO((data / file).read_text(encoding="utf-8"))))
        for column, row in cells:
            rows[row + 1][rows[0].index(column)] = payload(f"{Path(file).stem}:{column}:{row + 2}")
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        (data / file).write_text(out.getvalue(), encoding="utf-8")
    return used


@pytest.fixture(scope="module", params=["as-built"])
def poisoned(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The poisoned site served over HTTP: (variant, base URL, page paths, fields used)."""
    root = tmp_path_factory.mktemp("xss")
    data = root / "data"
    shutil.copytree(GROUPED, data)
    fields = _poison(data)
    site = root / "site"
    build(data, site, PUBLISHING)  # as published: the report links carry the poisoned fields too
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    with serve(site) as url:
        yield request.param, url, pages, fields


def test_corpus_covers_every_kind_of_field(poisoned: tuple) -> None:
    _, _, pages, fields = poisoned
    assert len(PAYLOADS) >= 15 and len(fields) >= len(PAYLOADS)
    assert any("indicators" in p for p in pages)


# What a payload that got through would leave in the page: an element of its own, an event
# handler, a javascript: address, or a script that mentions the marker.
FINDINGS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (a.name.startsWith('on')) out.push(`${el.tagName} has ${a.name}="${a.value}"`);
      if (v.startsWith('javascript:')) out.push(`${el.tagName} ${a.name}="${a.value}"`);
    }
    if (el.tagName === 'SCRIPT' && !(el.type || '').includes('json') && el.textContent.includes('__xss'))
      out.push(`script: ${el.textContent.slice(0, 80)}`);
    if (['IFRAME', 'OBJECT', 'STYLE', 'MATH'].includes(el.tagName) && el.outerHTML.includes(':'))
      if (/xss|alert|display:none/.test(el.outerHTML)) out.push(`${el.tagName}: ${el.outerHTML.slice(0, 80)}`);
    if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') out.push(`img src=x: ${el.outerHTML.slice(0, 80)}`);
  }
  if (window.__xss) out.push(`window.__xss set by ${window.__xss}`);
  return out;
}"""


@pytest.fixture(scope="module")
def findings(browser, poisoned: tuple) -> tuple[str, list[str], list[str], dict[str, list[str]]]:
    """Open every page of the poisoned site: (variant, dialogs, findings, findings by field)."""
    variant, base, pages, fields = poisoned
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    found = []
    for path in pages:
        page.goto(f"{base}/{path}/" if path != "." else f"{base}/", wait_until="load")
        page.wait_for_timeout(50)
        found += [f"/{path}/: {finding}" for finding in page.evaluate(FINDINGS)]
    context.close()
    by_field: dict[str, list[str]] = {}
    for item in [*dialogs, *found]:
        for field in sorted(fields, key=len, reverse=True):
            if field in item:
                by_field.setdefault(field, []).append(item)
                break
    return variant, dialogs, found, by_field


@pytest.mark.browser
def test_no_payload_runs_on_any_page(findings: tuple) -> None:
    variant, dialogs, found, by_field = findings
    assert [*dialogs, *found] == [], "\n".join([*dialogs, *found])
    assert by_field == {}


@pytest.mark.browser
def test_no_known_leak_remains(findings: tuple) -> None:
    _, _, _, by_field = findings
    assert by_field == {}


def test_downloads_carry_no_formulas(poisoned: tuple) -> None:
    # The corpus cells start with < or ", so this only checks the downloads keep them as text;
    # cells starting with = + - @ are refused by validation (tests/test_validate.py).
    _, base, _, _ = poisoned
    from urllib.request import urlopen

    with urlopen(f"{base}/data/cases-recorded.csv") as response:  # noqa: S310 (loopback)
        rows = list(csv.reader(io.StringIO(response.read().decode("utf-8"))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_shared_cards_and_dataset_metadata_keep_hostile_text_as_text(poisoned: tuple) -> None:
    # The card's tags and the JSON-LD carry titles, descriptions and source names: every
    # payload must come back whole from the attribute or the JSON, and close nothing.
    from tests.test_sharing import Head

    _, base, pages, _ = poisoned
    from urllib.request import urlopen

    for path in (p for p in pages if p.startswith("indicators/")):
        with urlopen(f"{base}/{path}/") as response:  # noqa: S310 (loopback)
            head = Head(response.read().decode("utf-8"))
        [block] = head.jsonld
        record = json.loads(block)
        assert record["@type"] == "Dataset" and "</" not in block, path
        assert head.meta["og:title"] == record["name"], path
        assert "__xss" in record["name"] + record["description"], path  # the payload is there, as text
