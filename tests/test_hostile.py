"""Hostile input, one case per class of issue #10 item 3: refused where it is read, or inert where it lands.

An editor's text may hold invisible characters, a link or an image in Markdown, an attribute
list, a web address with markup in it, a backslash in a chart label, a file name with a line
break. Each is either refused with a problem at its file, line and column (and the previous
site stays as it was), or built and opened in Chromium, where nothing runs, links out, loads
from another host or lays itself over the page.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scripts import pages as pages_module
from scripts.build import build, main
from scripts.escape import vega_string
from tests.conftest import serve

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"
PUBLISHING = {"SITE_URL": "https://example.org/ctip/", "GITHUB_SERVER_URL": "https://github.com",
              "GITHUB_REPOSITORY": "owner/ctip"}  # fmt: skip


def _refused(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], env: dict | None = None) -> str:
    """Build `data` over a previous site: it must fail, print no traceback and leave that site."""
    out = tmp_path / "site"
    out.mkdir(exist_ok=True)
    (out / "index.html").write_text("previous site", encoding="utf-8")
    assert main(["--data", str(data), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert not list(tmp_path.glob(".build-*"))
    return err


def _where(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    """Line and column (from 1) where `needle` is in `text` (after `start`)."""
    before = text[: text.index(needle, start)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


# --- refused where it is read, with the place ------------------------------------------------


def test_invisible_characters_are_refused_where_they_are_and_khmer_joiners_kept(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A right-to-left override in a note shows "298" for 892; an isolate in a title; an
    # override written as a YAML escape. Khmer's zero-width space, non-joiner and joiner,
    # and a byte-order mark at the start of a file (Excel's), are fine.
    csv = data_copy / "observations" / "cases-recorded.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[1] += "\u202e298"
    csv.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))
    note = (csv.name, 2, len(lines[1]) - 3)
    site = data_copy / "site.yml"
    text = site.read_text(encoding="utf-8").replace(
        "  en: Made-up figures", "  en: ម\u200bខ\u200cគ\u200dMade-up figures"
    )
    text = text.replace("Synthetica Counter-Trafficking Data", "Synthetica \u2066Counter-Trafficking Data")
    site.write_text(text, encoding="utf-8")
    title = ("site.yml", *_where(text, "\u2066"))
    sources = data_copy / "sources.yml"
    text = sources.read_text(encoding="utf-8").replace('title: "Annual report', 'title: "\\u202eAnnual report')
    sources.write_text(text, encoding="utf-8")
    escaped = ("sources.yml", *_where(text, '"\\u202e'))
    err = _refused(data_copy, tmp_path, capsys)
    found = [line for line in err.splitlines() if "[invisible-character]" in line]
    assert len(found) == 3, err
    for (name, line, column), problem in zip(sorted([note, title, escaped]), sorted(found), strict=True):
        assert problem.startswith(f"data/{'observations/' if name.endswith('.csv') else ''}{name}:{line}:{column}: ")
    assert "U+202E (right-to-left override)" in err and "U+2066 (left-to-right isolate)" in err
    assert "[control-character]" not in err and "200B" not in err and "FEFF" not in err


@pytest.mark.parametrize(
    "url",
    ["https://example.org/[x](javascript:alert(1))", 'https://example.org/a"><script>alert(1)</script>',
     "https://example.org/{: style=position:fixed;inset:0 }", "https://example.org/a b"],
)  # fmt: skip
def test_a_source_address_is_a_plain_web_address(
    url: str, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = data_copy / "sources.yml"
    doc = yaml.safe_load(sources.read_text(encoding="utf-8"))
    doc[1]["url"] = url
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    sources.write_text(text, encoding="utf-8")
    line, column = _where(text, "url:", start=text.index("synthetic-census-2020"))
    column += len("url: ")
    err = _refused(data_copy, tmp_path, capsys)
    assert f"data/sources.yml:{line}:{column}: [1].url is not a plain web address" in err, err
    assert "[bad-address]" in err


def test_a_file_name_cannot_forge_a_github_annotation(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    forged = data_copy / "observations" / "x\n::error file=forged.csv,line=1::forged\r::warning::more.csv"
    shutil.copy(data_copy / "observations" / "cases-recorded.csv", forged)
    err = _refused(data_copy, tmp_path, capsys)
    commands = [line for line in err.splitlines() if line.lstrip().startswith(("::", "##["))]
    assert commands and all(line.startswith("::error file=data/observations/x%0A%3A%3Aerror") for line in commands)
    assert "forged" in err  # the problem is still reported, its name shown with visible escapes
    rows = (tmp_path / "summary.md").read_text(encoding="utf-8").split("\n\n", 2)[2].splitlines()
    assert all(row.startswith("| ") and row.endswith(" |") for row in rows)


def test_a_script_the_theme_did_not_write_stops_the_build(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # However a script got into a page, the policy step refuses to allow it by its hash.
    page = "# Guide\n\nText.\n\n<script>window.__xss = 'guide'</script>\n"
    pages = pages_module.pages  # build() imports the pages stage when it runs: patched where it lives
    monkeypatch.setattr(pages_module, "pages", lambda *args: pages(*args) | {"guide.md": page})
    err = _refused(data_copy, tmp_path, capsys)
    assert "site/guide/index.html:" in err and "[unexpected-script]" in err
    assert "window.__xss" in err


# --- built, and inert in the browser ----------------------------------------------------------

# {f} is replaced by the field's name; nothing here may become a link, an image, an attribute
# or code. evil.example appears nowhere else, so any link or request to it is a leak.
PAYLOADS = (
    "[click {f}](javascript:window.__xss='{f}')",
    "![pixel {f}](https://evil.example/{f}.png)",
    '[cover {f}](https://evil.example/){{: style="position:fixed;inset:0" }}',
    '{f} {{: style="position:fixed;inset:0" onclick="window.__xss=\'{f}\'" }}',
    "<https://evil.example/{f}> and `code {f}` | a cell",
)
FIELDS = {
    "sources.yml": [(0, "title"), (0, "publisher"), (0, "author"), (0, "reporter"), (0, "note"), (1, "title"),
                    (1, "publisher")],
    "site.yml": [("licence", "data"), ("licence", "code"), ("organisation", "en"), ("tagline", "en")],
}  # fmt: skip
# Texts that reach Vega expressions: titles with quotes and backslashes (a trailing one too).
CHART_TEXT = 'cases \\ "quoted" \\'


def _poison(data: Path) -> list[str]:
    used, n = [], 0
    for file, paths in FIELDS.items():
        doc = yaml.safe_load((data / file).read_text(encoding="utf-8"))
        for path in paths:
            node = doc
            for part in path[:-1]:
                node = node[part]
            field = f"{Path(file).stem}:{'.'.join(str(p) for p in path)}"
            node[path[-1]] = PAYLOADS[n % len(PAYLOADS)].format(f=field)
            n += 1
            used.append(field)
        (data / file).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for file, path in (("cases-recorded", ("unit_label",)), ("people-assisted", ("dimensions", 0, "title"))):
        doc = yaml.safe_load((data / "indicators" / f"{file}.yml").read_text(encoding="utf-8"))
        node = doc
        for part in path:
            node = node[part]
        node["en"] = CHART_TEXT
        (data / "indicators" / f"{file}.yml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    return used


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, list[str]]]:
    """The poisoned synthetic site, built as published and served: (folder, address, fields)."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(SYNTHETIC, data)
    fields = _poison(data)
    site = root / "site"
    build(data, site, PUBLISHING)
    with serve(site) as url:
        yield site, url, fields


def _expressions(value: object) -> list[str]:
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in ([v] if k == "expr" else _expressions(v))]
    return [e for v in value for e in _expressions(v)] if isinstance(value, list) else []


def test_chart_texts_reach_vega_only_as_string_literals(poisoned: tuple) -> None:
    site, _, _ = poisoned
    for page in ("cases-recorded", "people-assisted"):
        html = (site / "indicators" / page / "index.html").read_text(encoding="utf-8")
        assert html.count("<svg") >= 1 + (page == "people-assisted")  # rendered: every expression parsed
    specs = [json.loads(s.split("</script>")[0]) for s in html.split('class="chart__spec">')[1:]]
    found = [e for spec in specs for e in _expressions(spec) if "quoted" in e]
    assert found and all(vega_string(CHART_TEXT) in e for e in found)


LEAKS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (a.name.startsWith('on')) out.push(`${el.tagName} has ${a.name}="${a.value}"`);
      if (v.startsWith('javascript:')) out.push(`${el.tagName} ${a.name}="${a.value}"`);
      if (a.name === 'style' && /inset|position/.test(v)) out.push(`${el.tagName} style="${a.value}"`);
    }
    const address = el.getAttribute('href') || el.getAttribute('src');
    if (address && new URL(address, location.href).hostname === 'evil.example') out.push(`${el.tagName} to ${address}`);
    if (el.tagName === 'CODE' && /code (sources|site)/.test(el.textContent)) out.push(`code: ${el.textContent}`);
  }
  if (window.__xss) out.push(`window.__xss set by ${window.__xss}`);
  return out;
}"""


@pytest.mark.browser
def test_markdown_in_site_and_source_texts_stays_text(browser, poisoned: tuple) -> None:
    site, base, fields = poisoned
    context = browser.new_context()
    page = context.new_page()
    found: list[str] = []
    page.on("dialog", lambda d: (found.append(f"{page.url}: dialog {d.message}"), d.dismiss()))
    page.on("request", lambda r: found.append(f"request to {r.url}") if not r.url.startswith((base, "data:")) else None)
    shown = ""
    for path in sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html")):
        page.goto(f"{base}/{path}/" if path != "." else f"{base}/", wait_until="load")
        page.wait_for_timeout(30)
        found += [f"/{path}/: {leak}" for leak in page.evaluate(LEAKS)]
        if path in ("sources", "about", "indicators/cases-recorded"):
            shown += page.inner_text("body")
    context.close()
    assert found == [], "\n".join(found)
    # Each payload is shown as the text the editor wrote, brackets, braces and all.
    for field in ("sources:0.title", "sources:0.author", "site:licence.data"):
        text = PAYLOADS[fields.index(field) % len(PAYLOADS)].format(f=field)
        assert text in shown, (field, text)
