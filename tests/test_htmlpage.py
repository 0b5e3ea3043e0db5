"""A built page parsed once: it comes back byte for byte, edits change only what they mean to."""

from __future__ import annotations

import pytest

from scripts.htmlpage import Cell, Page

PAGE = """<!doctype html>
<html lang="km"><head><meta charset="utf-8"/>
  <link rel="alternate" href="/km/" hreflang="km">
  <script>if (a < b && c) { x = "</p>" }</script>
</head>
<body><!-- <p>a comment</p> -->
<p title='a &amp; b' hidden>Cases &amp; suspects&nbsp;2018</p>
<table><tr><th>Sex</th><td class="num"><a href="../x/">48</a></td></tr></table>
<svg aria-label="Victims: 75; Sex: Female"><style>p { color: red }</style></svg>
<script type="application/json">{"value": 4}</script>
</body></html>
"""


@pytest.mark.parametrize(
    "source",
    [PAGE, "", "no tags at all", "<p>unclosed & <b>bold", "<p a=1 b = '2' c>x</p>", "<p>a < b</p>", "<?xml ?><x/>"],
)
def test_a_page_comes_back_byte_for_byte(source: str) -> None:
    assert Page(source).html() == source


def test_an_attribute_is_added_or_dropped_and_nothing_else_moves() -> None:
    page = Page('<input class="md-toggle"  data-x="autocomplete" type="checkbox" autocomplete="off"><td class="num">')
    (_, box), (_, cell) = [*page.elements("input"), *page.elements("td")]
    box.drop("autocomplete")
    box.add("aria-label", 'Say "menu"')
    cell.add("data-label", "Value", first=True)
    assert page.html() == (
        '<input class="md-toggle"  data-x="autocomplete" type="checkbox" aria-label="Say &quot;menu&quot;">'
        '<td data-label="Value" class="num">'
    )
    assert box.attrs == {"class": "md-toggle", "data-x": "autocomplete", "type": "checkbox", "aria-label": 'Say "menu"'}


def test_a_removed_tag_takes_its_line_with_it_and_keeps_every_index() -> None:
    page = Page(PAGE)
    [(at, link)] = page.elements("link")
    page.remove(at, space_before=True)
    assert page.html() == PAGE.replace('\n  <link rel="alternate" href="/km/" hreflang="km">', "")
    assert [*page.elements("link")] == [] and len(page.tokens) == len(Page(PAGE).tokens)


def test_a_reading_is_what_a_reader_finds_with_its_line() -> None:
    page = Page(PAGE)
    [(at, link)] = page.elements("link")
    page.remove(at, space_before=True)  # one line fewer: the lines are the page's as it now is
    found = page.reading()
    assert found.text == [(6, "Cases & suspects\xa02018"), (7, "Sex"), (7, "48")]  # not scripts, styles, comments
    assert found.rows == [(7, [Cell("Sex", False, ""), Cell("48", True, "../x/")])]
    assert found.links == ["../x/"]
    assert found.labels == [(8, "Victims: 75; Sex: Female")]
    assert found.data == [(9, '{"value": 4}')]
