"""One escaping function per context: each keeps hostile text inert where it lands."""

from __future__ import annotations

import json
import re

import markdown
import pytest
import yaml

from scripts.escape import (
    FORMULA_STARTS,
    actions_data,
    actions_line,
    actions_property,
    csv_cell,
    html_attr,
    html_text,
    markdown_cell,
    markdown_code,
    markdown_inline,
    script_json,
    url,
    vega_string,
)
from tests.conftest import ROOT

HOSTILE = [
    "[click](javascript:alert(1))",
    "![pixel](https://evil.example/p.png)",
    '[cover](https://evil.example/){: style="position:fixed;inset:0" }',
    "Title {: style=position:fixed;inset:0 }",
    "<img src=x onerror=alert(1)>",
    "`code` | cell | \\[escaped\\]",
    "<https://evil.example/>",
    "line one\n\n# heading\n- item",
]
# How the generated pages put text from data into Markdown, and what must never come out.
CONTEXTS = [
    "{}",  # a paragraph of its own
    '- <a href="https://example.org/">{}</a>, a list item with inline HTML',
    '<p class="lead">{}</p>',  # a raw HTML block
    '<div class="source" markdown>\n### {}\n\n{}\n</div>',  # HTML that Markdown reads (md_in_html)
    "| a | b |\n| --- | --- |\n| {} | x |",  # a Markdown table
]
FORBIDDEN = re.compile(r"<a\b(?![^>]*example\.org)|<img|<code|<h1|<li>item|<[^>]*\sstyle=|=\"javascript:")


def _render(text: str) -> str:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    return markdown.markdown(text, extensions=names)


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("escape", [html_text, html_attr, markdown_inline])
def test_hostile_text_stays_text_in_every_markdown_context(escape, hostile: str, context: str) -> None:
    html = _render(context.replace("{}", str(escape(hostile))))
    assert not FORBIDDEN.search(html), html


def test_html_text_shows_the_same_characters() -> None:
    # What a browser shows is the text as written: character references, not backslashes.
    import html

    for hostile in HOSTILE:
        assert html.unescape(str(html_text(hostile))) == hostile.replace("\n", " ")
    assert str(html_attr("a \"quoted\" 'one'")) == "a &#34;quoted&#34; &#39;one&#39;"


@pytest.mark.parametrize(
    ("address", "written"),
    [("HTTPS://Example.org/a?x=1&y=2#p=3", "https://example.org/a?x=1&amp;y=2#p=3"),
     ("mailto:data@example.org?subject=A%20b", "mailto:data@example.org?subject=A%20b")],
)  # fmt: skip
def test_url_writes_http_and_mailto_addresses_again(address: str, written: str) -> None:
    assert str(url(address)) == written


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "JavaScript://x%0aalert(1)", "data:text/html,x", "//evil.example/", "https://",
     'https://example.org/"onmouseover="x', "https://example.org/<script>", "https://example.org/a b",
     "https://example.org/{x}", "vbscript:x"],
)  # fmt: skip
def test_url_refuses_every_other_address(address: str) -> None:
    with pytest.raises(ValueError):
        url(address)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_table_cell_of_a_job_summary_stays_one_cell_of_text(hostile: str) -> None:
    html = _render(f"| a | b |\n| --- | --- |\n| {markdown_cell(hostile)} | x |")
    assert not FORBIDDEN.search(html), html
    assert html.count("<td>") == 2
    assert markdown_cell("tier-2 (reported), data/a.csv") == "tier-2 (reported), data/a.csv"  # readable as it is
    assert markdown_cell("*our* `own` | <b>", markup=True) == "*our* `own` \\| &lt;b&gt;"


def test_markdown_code_holds_any_backticks_and_pipes() -> None:
    assert markdown_code("data/a.csv:2") == "`data/a.csv:2`"
    assert markdown_code("a`b|c\nd") == "``a`b\\|c d``"
    assert markdown_code("`x`") == "`` `x` ``"


def test_script_json_cannot_close_its_element() -> None:
    text = str(script_json({"t": "</script><script>alert(1)</script>\u2028&"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script>\u2028&"}


@pytest.mark.parametrize("text", ['a"b', "a\nb", "a\\", "\\u0041", "a\u2028b\u2029", "'", "ខ្មែរ"])
def test_vega_string_is_a_string_literal(text: str) -> None:
    literal = vega_string(text)
    assert json.loads(literal) == text
    assert "\n" not in literal and "\u2028" not in literal and "\u2029" not in literal


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_cells_never_start_a_formula(start: str) -> None:
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_cell("plain") == "plain" and csv_cell(12) == 12


def test_one_list_of_formula_starts_for_validation_and_downloads() -> None:
    import scripts.checks.tables
    import scripts.downloads

    assert scripts.checks.tables.FORMULA_STARTS is FORMULA_STARTS
    assert not hasattr(scripts.downloads, "FORMULA_STARTS")
    assert set(FORMULA_STARTS) >= {"=", "+", "-", "@", "\t", "\r"}


def test_actions_escapes_follow_githubs_workflow_command_rules() -> None:
    assert actions_data("50% of\r\nit: a, b") == "50%25 of%0D%0Ait: a, b"
    assert actions_property("data/a,b:c\n.csv") == "data/a%2Cb%3Ac%0A.csv"


def test_an_actions_log_line_cannot_start_a_command() -> None:
    line = actions_line("data/x\n::error file=a.csv::forged\r::stop-commands::t\u2028 ##[error]old")
    assert "\n" not in line and "\r" not in line and "\u2028" not in line and "##[" not in line
    assert line.startswith("data/x\\n::error")
