"""The output audit's wording check: each rule fails a crafted page and passes the real build."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from scripts.audit import audit
from scripts.build import check
from scripts.wording import wording

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"
SOURCES_LINK = '<a href="../sources/">Sources</a>'


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for name, body in pages.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><head><title>Page</title></head><body>\n{body}\n</body></html>")
    return site


def _found(tmp_path: Path, body: str, name: str = "indicators/x/index.html") -> list[tuple[str, str, str]]:
    return [(p.path, p.code, p.got or "") for p in wording(_site(tmp_path, {name: body}))]


def test_the_built_site_passes(built_site: Path) -> None:
    """The frozen copy of data/, built in English and Khmer: every page, the guide included."""
    assert wording(built_site) == []


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("<p>As the seed article says, cases fell.</p>", "seed article"),
        ("<p>Built from a test <em>fixture</em>.</p>", "fixture"),
        ("<td>TODO</td>", "TODO"),
        ("<p>fixme: check this</p>", "fixme:"),
        ("<p>Lorem   ipsum dolor sit amet.</p>", "Lorem ipsum"),
        ('<p lang="km">អត្ថបទ\u200bដើម\u200bចោទ\u200bជា\u200bសំណួរ</p>', "អត្ថបទដើម"),
    ],
    ids=["seed-article", "fixture", "todo", "fixme-colon", "lorem-ipsum", "khmer-seed-article"],
)
def test_internal_vocabulary_in_visible_text_fails(tmp_path: Path, body: str, phrase: str) -> None:
    assert _found(tmp_path, body) == [("site/indicators/x/index.html", "internal-wording", phrase)]


@pytest.mark.parametrize(
    "body",
    [
        '<p title="seed article fixture TODO">Cases cracked down</p>',  # attribute values are not text
        "<script>// TODO: seed article</script><style>/* fixture */</style><p>Cases</p>",
        "<p>Camboya: todo sobre la trata de personas</p>",  # an ordinary word, not a marker
        "<p>Every number on this site is synthetic, made up for testing.</p>",  # the synthetic site says so
        "<p>The seeds of the problem; a light fixed to the wall.</p>",
    ],
    ids=["attribute", "script-and-style", "spanish-todo", "synthetic", "ordinary-words"],
)
def test_what_a_reader_does_not_see_or_ordinary_words_pass(tmp_path: Path, body: str) -> None:
    assert _found(tmp_path, body) == []


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("<p>523 victims in 2024; no figure was published for 2023.</p>", "no figure was published"),
        ("<p>No national figure has been published yet.</p>", "No national figure has been published"),
        ("<p>Population: no exact count published</p>", "no exact count published"),
        ("<p>No one publishes this figure yet.</p>", "No one publishes"),
        ("<p>These figures are not published.</p>", "figures are not published"),
        ("<h2>Wanted, not yet published</h2>", "not yet published"),
        ("<li>No published figure.</li>", "No published figure"),
        ('<p class="card__value">Not published</p>', "Not published"),
        ("<p>No figures <em>published</em> for Kandal.</p>", "No figures published"),  # across an inline tag
        ("<p>គ្មាន\u200bតួលេខ\u200bសម្រាប់\u200bឆ្នាំ 2023 ត្រូវ\u200bបាន\u200bផ្សព្វផ្សាយ\u200bទេ។</p>",
         "គ្មានតួលេខសម្រាប់ឆ្នាំ 2023 ត្រូវបានផ្សព្វផ្សាយ"),
        ("<td>មិន\u200bទាន់\u200bផ្សព្វផ្សាយ</td>", "មិនទាន់ផ្សព្វផ្សាយ"),
    ],
    ids=["summary-gap", "no-national", "population", "no-one", "not-published", "heading", "tile", "bare-label",
         "inline-tag", "khmer-gap", "khmer-label"],
)  # fmt: skip
def test_a_missing_figure_called_unpublished_fails(tmp_path: Path, body: str, phrase: str) -> None:
    assert _found(tmp_path, body) == [("site/indicators/x/index.html", "missing-figure-wording", phrase)]


@pytest.mark.parametrize(
    "body",
    [
        "<p>523 victims in 2024; no figure for 2023 was found in the sources read.</p>",
        "<p>Ringleaders arrested: not found in the sources read</p>",
        "<p>A change with any problem is not published.</p>",  # about the site, not a figure
        "<p>Published figures</p><p>No figure on this site is published for a single province.</p>",
        "<p>រក\u200bមិន\u200bឃើញ\u200bតួលេខ នៅក្នុង\u200bប្រភព\u200bដែល\u200bបាន\u200bអាន\u200bទេ។</p>",
    ],
    ids=["found-in-sources-read", "label", "about-the-site", "this-site", "khmer"],
)
def test_words_that_say_what_is_known_pass(tmp_path: Path, body: str) -> None:
    assert _found(tmp_path, body) == []


def test_a_problem_names_the_page_line_and_phrase(tmp_path: Path) -> None:
    site = _site(tmp_path, {"km/provinces/kh-1/index.html": "<p>one</p>\n<p>Named in the seed article.</p>"})
    [problem] = wording(site)
    assert (problem.path, problem.line, problem.code) == ("site/km/provinces/kh-1/index.html", 3, "internal-wording")
    assert '"seed article"' in problem.message
    assert problem.said_in("km") is not None and '"seed article"' in str(problem.said_in("km"))  # in Khmer too
    assert str(problem.said_in("fr")).startswith('la page affiche "seed article", un mot destiné au projet')


def test_the_availability_page_must_link_the_sources_read(tmp_path: Path) -> None:
    page = "<p>Ringleaders arrested: not found in the sources read.</p>"
    site = _site(tmp_path, {"availability/index.html": page, "km/availability/index.html": page + SOURCES_LINK})
    assert [(p.path, p.code) for p in wording(site)] == [("site/availability/index.html", "sources-read-not-listed")]


def test_the_availability_page_links_the_sources_read(built_site: Path) -> None:
    for page in ("availability/index.html", "km/availability/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert 'id="sources-read"' in html and 'href="../sources/#ppp-2019-hunt-down-masterminds"' in html


@pytest.mark.parametrize("sensitive", [True, False])
def test_the_output_audit_runs_the_wording_check(tmp_path: Path, sensitive: bool) -> None:
    """With or without sensitive indicators (without, the audit of small counts has nothing to do)."""
    data = check(SYNTHETIC)
    if not sensitive:
        data = replace(data, indicators=tuple(replace(i, sensitive=False) for i in data.indicators))
    site = _site(tmp_path, {"index.html": "<p>TODO</p>"})
    assert [p.code for p in audit(site, data)] == ["internal-wording"]
