"""Reading files: where every value came from, and what cannot be read at all."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.load import _composed, _parse_csv, load


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b\n1,2\n", [(["a", "b"], [(1, 1), (1, 3)]), (["1", "2"], [(2, 1), (2, 3)])]),
        (
            'a,"b\nc",d\ne,f,g',
            [(["a", "b\nc", "d"], [(1, 1), (1, 3), (2, 4)]), (["e", "f", "g"], [(3, 1), (3, 3), (3, 5)])],
        ),
        ('"say ""hi""",x\n', [(['say "hi"', "x"], [(1, 1), (1, 14)])]),
        (",\n", [(["", ""], [(1, 1), (1, 2)])]),
        ('5" tall,x\n', [(['5" tall', "x"], [(1, 1), (1, 9)])]),
    ],
)
def test_parse_csv(text: str, expected: list) -> None:
    assert list(_parse_csv(text)) == expected


def _load(tmp_path: Path, name: str, content: bytes) -> list[tuple[str, int, int, str]]:
    data = tmp_path / "data"
    path = data / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    _, problems = load(data)
    return [(p.path, p.line, p.column, p.code) for p in problems]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("site.yml", b"a: 1\nb:\n\t- x\n", ("data/site.yml", 3, 1, "yaml-tab")),
        ("site.yml", b"a: 1\na: 2\n", ("data/site.yml", 2, 1, "yaml-duplicate-key")),
        ("site.yml", b"a:\n  b: 1\n  c: 2\n  b: 3\n", ("data/site.yml", 4, 3, "yaml-duplicate-key")),
        ("site.yml", b"a: &x [1]\nb: *x\n", ("data/site.yml", 2, 4, "yaml-alias")),
        ("site.yml", b"a: &x [*x]\n", ("data/site.yml", 1, 8, "yaml-alias")),
        ("site.yml", b"a: b: c\n", ("data/site.yml", 1, 5, "yaml-syntax")),
        ("site.yml", b"a: 1\n---\nb: 2\n", ("data/site.yml", 2, 1, "yaml-syntax")),
        ("site.yml", b"a: !!python/object:os.system x\n", ("data/site.yml", 1, 4, "yaml-value")),
        ("site.yml", b"a: 2019-02-30\n", ("data/site.yml", 1, 4, "yaml-value")),
        ("site.yml", b"? [a]\n: 1\n", ("data/site.yml", 1, 3, "yaml-key")),
        ("site.yml", b"a: \x85\x07\n", ("data/site.yml", 1, 4, "encoding")),
        ("site.yml", b"a: 1\x07\n", ("data/site.yml", 1, 5, "control-character")),
        ("changelog.yml", b"- date: x\n\tsummary: y\n", ("data/changelog.yml", 2, 1, "yaml-tab")),
        (
            "geography/provinces.csv",
            "a,b\n1,2\n".encode("utf-16-le"),
            ("data/geography/provinces.csv", 1, 0, "encoding"),
        ),
        ("geography/provinces.csv", b'a,b\n"1,2\n', ("data/geography/provinces.csv", 2, 1, "csv-syntax")),
        ("geography/provinces.csv", b"\n\n", ("data/geography/provinces.csv", 1, 0, "csv-empty")),
        ("indicators/x.YML", b"a: 1\n", ("data/indicators/x.YML", 0, 0, "unknown-file")),
        ("observations/x.ods", b"", ("data/observations/x.ods", 0, 0, "unknown-file")),
        # Nested too deeply: for the composer (a RecursionError before), and for the checks after it.
        ("site.yml", b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", ("data/site.yml", 1, 35, "yaml-too-deep")),
        ("site.yml", b"a: " + b"[" * 40 + b"]" * 40 + b"\n", ("data/site.yml", 1, 35, "yaml-too-deep")),
        # Deep enough to crash libyaml's composer, which recurses in C: it must never be given this.
        ("site.yml", b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", ("data/site.yml", 1, 35, "yaml-too-deep")),
    ],
)
def test_load_problems(tmp_path: Path, name: str, content: bytes, expected: tuple) -> None:
    assert expected in _load(tmp_path, name, content)


@pytest.mark.parametrize("name", ["README.md", ".gitkeep", "geography/tiles.csv", "indicators/notes.md"])
def test_other_files_are_left_alone(tmp_path: Path, name: str) -> None:
    assert _load(tmp_path, name, b"x") == []


def test_the_update_log_is_read_with_the_other_files(tmp_path: Path) -> None:
    """Read once, here, with every position: the stages after take it from what load hands on."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "changelog.yml").write_text('- date: "2026-11-28"\n  indicators: [a]\n', encoding="utf-8")
    raw, problems = load(data)
    assert problems == [] and data / "changelog.yml" in raw.files
    assert raw.changelog is not None and raw.changelog.data == [{"date": "2026-11-28", "indicators": ["a"]}]
    assert raw.changelog.mark((0, "indicators", 0)).line == 2


def test_yaml_marks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "site.yml").write_text("# comment\ntitle:\n  en: 'Hi'\nlist:\n  - 010\n", encoding="utf-8")
    raw, problems = load(data)
    assert problems == [] and raw.site is not None
    assert raw.site.data == {"title": {"en": "Hi"}, "list": [8]}
    assert raw.site.values[("title", "en")] == raw.site.mark(("title", "en", "deeper"))
    assert (raw.site.values[("title", "en")].line, raw.site.values[("title", "en")].quoted) == (3, True)
    assert (raw.site.values[("list", 0)].line, raw.site.values[("list", 0)].raw) == (5, "010")
    assert raw.site.keys[("list",)].line == 4


def test_excel_csv_reads_as_clean(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "geography").mkdir(parents=True)
    (data / "geography" / "provinces.csv").write_bytes(b'\xef\xbb\xbfcode,note\r\nKH-1,"two\r\nlines"\r\nKH-2,x\r\n')
    raw, problems = load(data)
    assert problems == [] and raw.provinces is not None
    assert raw.provinces.header == ["code", "note"]
    assert raw.provinces.rows == [(2, ["KH-1", "two\nlines"]), (4, ["KH-2", "x"])]
    assert raw.provinces.at(1, 1) == (4, 6)


@pytest.mark.parametrize("target", ["outside.yml", "/dev/zero", "loop"])
def test_links_out_of_the_data_folder_are_refused_unread(tmp_path: Path, target: str) -> None:
    data = tmp_path / "data"
    (data / "indicators").mkdir(parents=True)
    (tmp_path / "outside.yml").write_text("secret: 4 victims in Kep\n", encoding="utf-8")
    link = data / "indicators" / "x.yml"
    link.symlink_to(tmp_path / target if target != "loop" else link)
    raw, problems = load(data)
    assert [(p.path, p.line, p.code) for p in problems] == [("data/indicators/x.yml", 0, "link-outside")]
    assert raw.indicators == {} and "secret" not in str(problems[0])


def test_a_link_inside_the_data_folder_is_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "indicators").mkdir(parents=True)
    (data / "indicators" / "a.yml").write_text("id: a\n", encoding="utf-8")
    (data / "indicators" / "b.yml").symlink_to("a.yml")
    raw, problems = load(data)
    assert problems == [] and raw.indicators["b"].data == {"id": "a"}


def test_the_invisible_characters_searched_are_every_one_in_unicode() -> None:
    import sys
    import unicodedata

    from scripts.load import KHMER_FORMAT, _invisible

    kept = "\t\n" + KHMER_FORMAT
    every = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")]
    assert all(_invisible().fullmatch(c) for c in every if c not in kept)


@pytest.mark.parametrize(
    ("name", "content", "lang", "told"),
    [
        ("site.yml", b"a: 1\na: 2\n", "fr",
         'la clé "a" apparaît deux fois dans le même bloc (d\'abord à la ligne 1). Conseil : gardez-en une : YAML '
         "n'utiliserait que la dernière, sans rien dire."),
        ("site.yml", b"a: 1\nb:\n\t- x\n", "fr",
         "une tabulation est utilisée pour indenter cette ligne ; YAML demande des espaces. Conseil : remplacez chaque "
         "tabulation par des espaces (deux par niveau d'indentation)."),
        ("geography/provinces.csv", b"a;b;c\n1;2;3\n", "fr",
         "les colonnes sont séparées par des points-virgules, pas par des virgules. Conseil : enregistrez en "
         '"CSV UTF-8 (délimité par des virgules)" ; dans LibreOffice, choisissez "," comme séparateur de champ.'),
        ("geography/provinces.csv", b'a,b\n"1,2\n', "km",
         'សញ្ញាសម្រង់ដែលចាប់ផ្តើមក្រឡានេះ មិនដែលត្រូវបានបិទទេ។ ការណែនាំ៖ បញ្ចប់ក្រឡាដោយសញ្ញាសម្រង់បិទ (")។ '
         'សរសេរសញ្ញាសម្រង់នៅក្នុងក្រឡាជា ""។'),
        ("observations/x.ods", b"", "fr",
         'la construction ne lit pas ce fichier. Conseil : enregistrez la feuille en "CSV UTF-8 (délimité par des '
         'virgules)" dans observations/ et supprimez le classeur.'),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_told_in_the_editors_language(
    tmp_path: Path, name: str, content: bytes, lang: str, told: str
) -> None:
    data = tmp_path / "data"
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    (data / name).write_bytes(content)
    _, problems = load(data)
    assert [p.said_in(lang) for p in problems] == [told]


def _tree(node: yaml.Node | None) -> object:
    """A node tree as plain values, with what load reads of it: tags, values, quoting, where each starts."""
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return node.tag, node.value, node.style in ("'", '"'), where
    if isinstance(node, yaml.SequenceNode):
        return node.tag, where, [_tree(item) for item in node.value]
    return node.tag, where, [(_tree(k), _tree(v)) for k, v in node.value]


YAML_PIECES = st.sampled_from(["a", "b: ", "- ", "  ", "\n", "[", "]", "{", "}", ", ", "'", '"', "#", "&x ", "*x",
                               "? ", "|", ">", "---", "...", "!!str ", "1", "é", "ក", "\\", ":"])  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_libyaml_composes_as_pyyaml_does(text: str) -> None:
    """Wherever PyYAML's own reader reads a text, the fast reader gives the same tree, so the
    values and the places editors see do not depend on which reader ran."""
    try:
        expected = _tree(yaml.compose(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return
    assert _tree(_composed(text)) == expected
