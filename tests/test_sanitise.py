"""Safe text: notes keep a little Markdown and safe links; the theme's texts are escaped once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from markupsafe import Markup

from scripts.sanitise import note_html, theme_text


@pytest.mark.parametrize(
    ("note", "html"),
    [
        ("Plain *emphasis* and `code`.", "Plain <em>emphasis</em> and <code>code</code>."),
        ("[report](https://example.org/r)", '<a href="https://example.org/r" rel="nofollow noopener noreferrer">report</a>'),
        ("[mail](mailto:data@example.org)", '<a href="mailto:data@example.org" rel="nofollow noopener noreferrer">mail</a>'),
        ("[x](javascript:alert(1))", "<a rel=\"nofollow noopener noreferrer\">x</a>"),
        ("[x](data:text/html,hi)", "<a rel=\"nofollow noopener noreferrer\">x</a>"),
        ("<script>alert(1)</script>after", "after"),
        ('<img src=x onerror="alert(1)">', ""),
        ('<a href="https://x.org" onclick="alert(1)">x</a>', '<a href="https://x.org" rel="nofollow noopener noreferrer">x</a>'),
        ("a < b & c", "a &lt; b &amp; c"),
        ("<!-- hidden -->shown", "shown"),
    ],
)  # fmt: skip
def test_note_html(note: str, html: str) -> None:
    assert note_html(note, inline=True) == html


def test_note_html_keeps_paragraphs_and_lists() -> None:
    assert note_html("One.\n\n- a\n- b") == "<p>One.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_theme_text_escapes_once() -> None:
    config = {"site_name": "<b>Site</b> & co"}
    child = SimpleNamespace(title="<i>Page</i>", children=None)
    nav = SimpleNamespace(items=[SimpleNamespace(title="Pillar's", children=[child])])
    page = SimpleNamespace(title="<script>x</script>", meta={"description": "the site&#39;s figures", "title": "T"})
    for _ in range(2):
        theme_text(config, nav, page)
    assert config["site_name"] == "&lt;b&gt;Site&lt;/b&gt; &amp; co" and isinstance(config["site_name"], Markup)
    assert (nav.items[0].title, child.title) == ("Pillar&#39;s", "&lt;i&gt;Page&lt;/i&gt;")
    assert page.title == "&lt;script&gt;x&lt;/script&gt;"
    assert page.meta["description"] == "the site&#39;s figures"
