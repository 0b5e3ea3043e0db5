"""Revised figures: an earlier published value is kept beside the latest, checked, shown and protected.

Each bad-input case is one small revisions file added to the synthetic dataset, and the
located problem it must produce; the end-to-end test builds a site with a revision and reads
what a reader and a downloader get.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts.build import check, main
from scripts.downloads import downloads
from scripts.load import load
from scripts.validate import validate
from tests.conftest import KESTRIA
from tests.publishable import assert_publishable
from tests.test_validate import _problems, chain, write

EARLIER = """- id: synthetic-ministry-2023
  title: "Annual report on counter-trafficking 2019-2023 (fictional)"
  publisher: Ministry of the Interior of Synthetica, 2023 edition (fictional)
  published: "2023-07-01"
  url: https://example.org/synthetica/annual-report-2023
  kind: press-release
  language: en
  note: Fictional source for test data. It does not exist.
"""
CASES_REV = "revisions/cases-recorded.csv"
PEOPLE_REV = "revisions/people-assisted.csv"
CASES_HEADER = "period,geography,series,value,qualifier,status,source,date,locator,note\n"
PEOPLE_HEADER = "period,geography,series,sex,value,qualifier,status,source,date,locator,note\n"
# 2022 was 160 cases in the 2024 report; the 2023 report had said 155.
REVISED = "2022,ZZ,ministry,155,,reported,synthetic-ministry-2023,2023-07-01,Table 1 (fictional),\n"
LOG = """- date: "2024-08-20"
  indicators: [cases-recorded]
  summary: {en: Figures for 2023 added; 2022 revised (synthetic).}
  reason: {en: The ministry's 2024 report revised its 2022 figure (synthetic).}
  sources: [synthetic-ministry-2024]
"""


def earlier_source(data: Path) -> None:
    """The synthetic dataset with a second, earlier source that the revisions cite."""
    path = data / "sources.yml"
    path.write_text(path.read_text(encoding="utf-8") + EARLIER, encoding="utf-8")


def revisions(file: str, header: str, *rows: str) -> Callable[[Path], None]:
    return chain(earlier_source, write(file, header + "".join(rows)))


BAD: list[tuple[str, Callable[[Path], None], tuple[str, int, str]]] = [
    ("no-such-figure", revisions(CASES_REV, CASES_HEADER, REVISED.replace("2022,ZZ", "2022,ZZ-1")),
     (CASES_REV, 2, "unknown-revision-key")),
    ("same-as-current", revisions(CASES_REV, CASES_HEADER, REVISED.replace(",155,", ",160,")),
     (CASES_REV, 2, "revision-unchanged")),
    ("same-as-the-next-earlier", revisions(CASES_REV, CASES_HEADER, REVISED,
                                           REVISED.replace("2023-07-01", "2023-07-02")),
     (CASES_REV, 2, "revision-unchanged")),
    ("two-on-one-day", revisions(CASES_REV, CASES_HEADER, REVISED, REVISED.replace(",155,", ",150,")),
     (CASES_REV, 3, "duplicate-revision")),
    ("unknown-source", revisions(CASES_REV, CASES_HEADER, REVISED.replace("ministry-2023", "ministry-2022")),
     (CASES_REV, 2, "unknown-source")),
    ("after-the-current-source", revisions(CASES_REV, CASES_HEADER, REVISED.replace("2023-07-01", "2024-09-01")),
     (CASES_REV, 2, "revision-after-current")),
    ("before-its-own-source", revisions(CASES_REV, CASES_HEADER, REVISED.replace("2023-07-01", "2023-06")),
     (CASES_REV, 2, "revision-before-source")),
    ("not-a-date", revisions(CASES_REV, CASES_HEADER, REVISED.replace("2023-07-01", "2023-13-01")),
     (CASES_REV, 2, "bad-date")),
    # An earlier source whose own date is not a day: told in sources.yml, the revision checked no further.
    ("its-source-not-a-date", chain(revisions(CASES_REV, CASES_HEADER, REVISED),
                                    lambda data: (data / "sources.yml").write_text(
                                        (data / "sources.yml").read_text().replace('"2023-07-01"', '"2023-02-30"'))),
     ("sources.yml", 22, "bad-date")),
    ("not-available-is-no-value", revisions(CASES_REV, CASES_HEADER, REVISED.replace("155,,reported", ",,not-available")),
     (CASES_REV, 2, "not-allowed")),
    ("derived-says-how", revisions(CASES_REV, CASES_HEADER, REVISED.replace("reported", "derived")),
     (CASES_REV, 2, "missing-value")),
    ("not-a-count", revisions(CASES_REV, CASES_HEADER, REVISED.replace(",155,", ",15.5,")),
     (CASES_REV, 2, "not-a-whole-number")),
    ("missing-date-column", revisions(CASES_REV, CASES_HEADER.replace("date,", ""), REVISED.replace("2023-07-01,", "")),
     (CASES_REV, 1, "missing-column")),
    ("no-observations-of-that-name", revisions("revisions/cases.csv", CASES_HEADER, REVISED),
     ("revisions/cases.csv", 1, "orphan-revisions")),
    # Disclosure control: an earlier small count of persons in a breakdown is never written down...
    ("small-earlier-count", revisions(PEOPLE_REV, PEOPLE_HEADER,
                                      "2022,ZZ,ministry,female,5,,reported,synthetic-ministry-2023,2023-07-01,T,\n"),
     (PEOPLE_REV, 2, "small-count")),
    # ... nor can it be worked out from the figures as they stood then: the 2023 report gave a total
    # of 55 and suppressed the women (5), and the men (50) were never revised: 55 - 50 = 5.
    ("revised-away-small-count-leaks", revisions(PEOPLE_REV, PEOPLE_HEADER,
                                                 "2022,ZZ,ministry,,55,,reported,synthetic-ministry-2023,2023-07-01,T,\n",
                                                 "2022,ZZ,ministry,female,,,suppressed,synthetic-ministry-2023,2023-07-01,T,\n"),
     (PEOPLE_REV, 3, "recoverable-suppression")),
]  # fmt: skip


@pytest.mark.parametrize(("mutate", "expected"), [pytest.param(m, e, id=name) for name, m, e in BAD])
def test_a_bad_revision_is_a_located_problem(data_copy: Path, mutate: Callable[[Path], None], expected: tuple) -> None:
    mutate(data_copy)
    file, line, code = expected
    assert (f"data/{file}", line, code) in _problems(data_copy)


def test_earlier_values_that_add_up_as_they_stood_pass(data_copy: Path) -> None:
    """The 2023 report's 2022 figures, 128 = 78 women + 50 men (never revised), are a safe earlier state."""
    revisions(PEOPLE_REV, PEOPLE_HEADER,
              "2022,ZZ,ministry,,128,,reported,synthetic-ministry-2023,2023-07-01,T,\n",
              "2022,ZZ,ministry,female,78,,reported,synthetic-ministry-2023,2023-07-01,T,\n")(data_copy)  # fmt: skip
    assert _problems(data_copy) == []


def test_a_revised_group_figure_is_held_to_disclosure_control_as_it_stood(data_copy: Path) -> None:
    """North-East (ZZ-1 and ZZ-2) is 60 now: minus ZZ-1's 40 leaves 20 for ZZ-2, left out and not
    small. It was 45 in the 2023 report: minus 40 leaves 5, which the earlier value gives away."""
    from tests.test_geography import TWO_GROUPS, rows

    table = rows("2023,north-east,,60", "2023,ZZ-1,,40")
    chain(write("geography/groups.yml", TWO_GROUPS), write("observations/people-assisted.csv", table))(data_copy)
    assert _problems(data_copy) == []
    earlier = "2023,north-east,ministry,,45,,reported,synthetic-ministry-2023,2023-07-01,T,\n"
    revisions(PEOPLE_REV, PEOPLE_HEADER, earlier)(data_copy)
    assert _problems(data_copy) == [(f"data/{PEOPLE_REV}", 2, "recoverable-count")]


def test_a_revision_is_kept_with_its_figure(data_copy: Path) -> None:
    revisions(CASES_REV, CASES_HEADER, REVISED, REVISED.replace("155", "150").replace("2023-07-01", "2023-07-02"))(
        data_copy
    )
    ind = next(i for i in check(data_copy).indicators if i.id == "cases-recorded")
    [figure] = [o for o in ind.observations if o.revisions]
    assert (figure.period.code(), figure.value) == ("2022", 160)
    assert [(r.value, r.source, r.date) for r in figure.revisions] == [
        (155, "synthetic-ministry-2023", "2023-07-01"), (150, "synthetic-ministry-2023", "2023-07-02")]  # fmt: skip


def test_a_revision_end_to_end(data_copy: Path, tmp_path: Path) -> None:
    """Data in: 2022 revised from 155 to 160. Out: the page row, both downloads, the update log, the feed
    and the chart, which draws the latest value."""
    chain(revisions(CASES_REV, CASES_HEADER, REVISED), write("changelog.yml", LOG))(data_copy)
    out = tmp_path / "site"
    assert main(["--data", str(data_copy), "--out", str(out)]) == 0
    said = "revised from 155 (Ministry of the Interior of Synthetica, 2023 edition (fictional), 1 Jul 2023)"
    # The page: the row of 2022 shows 160 and what it was revised from.
    page = (out / "indicators" / "cases-recorded" / "index.html").read_text(encoding="utf-8")
    [row] = [r for r in re.findall(r"<tr class=\"row--reported\">.*?</tr>", page, re.S) if ">2022</td>" in r]
    assert 'class="num">160</td>' in row and said in row
    assert "annual-report-2023" in page  # the earlier value's source is cited with the others
    # The CSV download: a byte-order mark, the latest value, and the earlier one with its source and date.
    data = (out / "data" / "cases-recorded.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfindicator,")
    rows = {r["period"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert (rows["2022"]["value"], rows["2022"]["revised_from"], rows["2022"]["revised_from_source"],
            rows["2022"]["revised_from_date"]) == ("160", "155", "synthetic-ministry-2023", "2023-07-01")  # fmt: skip
    assert rows["2022"]["revision_history"] == "revised from 155 (synthetic-ministry-2023, 2023-07-01)"
    assert rows["2021"]["revised_from"] == "" and rows["2021"]["revision_history"] == ""
    # The JSON download: every earlier value in full.
    entries = json.loads((out / "data" / "cases-recorded.json").read_text(encoding="utf-8"))["observations"]
    [revised] = [e for e in entries if e["revisions"]]
    assert revised["value"] == 160 and revised["revisions"][0] | {"value": 155} == revised["revisions"][0]
    assert revised["revisions"][0]["source"] == "synthetic-ministry-2023"
    # The data package describes the new columns.
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["revised_from"]["type"] == "integer" and "revised" in fields["revised_from"]["description"]
    # The update log and its feed tell the revision under the entry that brought the new figure.
    updates = (out / "updates" / "index.html").read_text(encoding="utf-8")
    assert f"Cases recorded (synthetic), 2022, Synthetica: 160, {said}" in updates
    assert f"Cases recorded (synthetic), 2022, Synthetica: 160, {said}" in (out / "feed.xml").read_text(
        encoding="utf-8"
    )
    # The chart draws the latest value only.
    chart = list(csv.DictReader(io.StringIO((out / "charts" / "cases-recorded.csv").read_text(encoding="utf-8-sig"))))
    assert [r["value"] for r in chart if r["period"] == "2022"] == ["160"]
    # And the site is publishable as any other: every revision is on its page and in its download.
    assert_publishable(data_copy, out)


# --- a note in each of the site's languages (Kestria: French first, English second) -------------

KESTRIA_REV = "revisions/affaires-enregistrees.csv"


def _kestria_with_note(tmp_path: Path, note: str, note_en: str) -> Path:
    """A copy of Kestria whose one revision has a note in French and, in note_en, in English."""
    data = tmp_path / "data"
    shutil.copytree(KESTRIA, data)
    path = data / KESTRIA_REV
    header, row = path.read_text(encoding="utf-8").splitlines()
    assert header.endswith(",note") and "," not in row.rsplit(",", 1)[1]
    fields = next(csv.reader([row]))
    fields[-1:] = [note, note_en]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[*header.split(","), "note_en"], fields])
    path.write_text(out.getvalue(), encoding="utf-8")
    return data


def test_an_earlier_values_note_in_english_reaches_the_json_download(tmp_path: Path) -> None:
    data = _kestria_with_note(tmp_path, "Chiffre provisoire (fictif).", "Provisional figure (fictional).")
    dataset = check(data)  # no problem: note_en is a column a French-first site's revisions may have
    files = downloads(dataset, {}, [])
    entries = json.loads(files["data/affaires-enregistrees.json"].text())["observations"]  # type: ignore[union-attr]
    [earlier] = [rev for entry in entries for rev in entry["revisions"]]
    assert (earlier["note"], earlier["note_en"]) == ("Chiffre provisoire (fictif).", "Provisional figure (fictional).")


def test_a_note_column_for_a_language_the_site_lacks_is_refused_in_revisions(tmp_path: Path) -> None:
    data = _kestria_with_note(tmp_path, "Chiffre provisoire (fictif).", "Provisional figure (fictional).")
    path = data / KESTRIA_REV
    path.write_text(path.read_text(encoding="utf-8").replace(",note_en\n", ",note_km\n", 1), encoding="utf-8")
    assert (f"data/{KESTRIA_REV}", 1, "unknown-column") in _problems(data)


def test_a_small_count_in_an_earlier_values_english_note_is_refused(tmp_path: Path) -> None:
    # affaires-enregistrees counts cases, not persons: made a count of persons for the test.
    data = _kestria_with_note(tmp_path, "Chiffre provisoire (fictif).", "3 victims were left out of this figure.")
    indicator = data / "indicators" / "affaires-enregistrees.yml"
    text = indicator.read_text(encoding="utf-8")
    assert "counts: cases\nsensitive: false\n" in text
    indicator.write_text(text.replace("counts: cases\nsensitive: false\n", "counts: persons\nsensitive: true\n"))
    raw, loaded = load(data)
    found = [p for p in loaded + validate(raw)[1] if p.path == f"data/{KESTRIA_REV}"]
    assert [(p.line, p.code) for p in found] == [(2, "small-count-in-note")]
    assert 'column "note_en"' in found[0].message
