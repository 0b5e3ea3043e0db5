"""The JSON Schemas: valid, referenced from every data file and from VS Code, in editors' words."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import jsonschema
import pytest

from scripts import schema
from scripts.i18n import interface_languages, load_strings
from scripts.load import load
from scripts.model import SOURCE_KINDS

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted(p.name.removesuffix(".schema.json") for p in schema.SCHEMAS.glob("*.schema.json"))
ROLE = {"site.yml": "site", "sources.yml": "sources", "events.yml": "events", "commitments.yml": "commitments",
        "changelog.yml": "changelog", "groups.yml": "groups"}  # fmt: skip
DATA_FILES = sorted(
    p
    for folder in (ROOT / "data", *(ROOT / "tests" / "fixtures" / name for name in ("synthetic", "kestria")))
    for p in folder.rglob("*.yml")
)


def _role(path: Path) -> str:
    return "indicator" if path.parent.name == "indicators" else ROLE[path.name]


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema.schema(name))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_data_file_names_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{path} must start with {prefix}<path to its schema>"
    target = (path.parent / first.removeprefix(prefix)).resolve()
    assert target == (schema.SCHEMAS / f"{_role(path)}.schema.json").resolve()


def test_vscode_maps_every_data_file() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for path in DATA_FILES:
        rel = path.relative_to(ROOT).as_posix()
        mapped = [s for s, globs in settings.items() if any(fnmatch.fnmatch(rel, g) for g in globs)]
        assert mapped == [f"./scripts/schemas/{_role(path)}.schema.json"], rel


def _check(tmp_path: Path, name: str, text: str) -> list[tuple[int, int, str]]:
    data = tmp_path / "data"
    data.mkdir()
    file = "indicators/x.yml" if name == "indicator" else f"{name}.yml"
    (data / file).parent.mkdir(exist_ok=True)
    (data / file).write_text(text, encoding="utf-8")
    raw, problems = load(data)
    assert problems == []
    doc = raw.indicators["x"] if name == "indicator" else getattr(raw, name)
    return [(p.line, p.column, p.code) for p in schema.check(doc, name)]


SOURCE = "- id: s\n  title: T\n  publisher: P\n  published: {published}\n  url: {url}\n  kind: census\n"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("sources", SOURCE.format(published='"2019"', url="https://x.org"), []),
        ("sources", SOURCE.format(published="2019-03-01", url="https://x.org"), [(4, 14, "yaml-date")]),
        ("sources", SOURCE.format(published="2019", url="https://x.org"), [(4, 14, "yaml-number")]),
        ("sources", SOURCE.format(published="yes", url="https://x.org"), [(4, 14, "yaml-boolean")]),
        ("sources", SOURCE.format(published='"2019"', url="ftp://x.org"), [(5, 8, "bad-format")]),
        ("sources", SOURCE.format(published='"2019"', url="https://x.org") + "  lang: en\n", [(7, 3, "unknown-key")]),
        ("sources", SOURCE.format(published='"2019"', url="https://x.org").replace("  kind: census\n", ""),
         [(1, 3, "missing-key")]),
        ("sources", "id: s\n", [(1, 1, "wrong-type")]),
        ("events", '- {id: e, date: "2020", title: {en: ""}, source: s}\n', [(1, 37, "empty-value")]),
        ("commitments", "- id: c\n  title: {en: T}\n  pillar: p\n  made_by: M\n  history: []\n", [(5, 12, "empty-value")]),
    ],
)  # fmt: skip
def test_check(tmp_path: Path, name: str, text: str, expected: list) -> None:
    assert _check(tmp_path, name, text) == expected


def test_octal_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "events.yml").write_text("- {id: e, date: 010, title: {en: T}, source: s}\n", encoding="utf-8")
    raw, _ = load(data)
    [problem] = schema.check(raw.events, "events")
    assert str(problem) == (
        'data/events.yml:1:17: "[0].date" should be text, but YAML reads 010 as the number 8 (a leading 0 makes it '
        'octal) (got "010"). Hint: put it in quotes: "010". [yaml-number]'
    )


def test_source_kinds_agree_and_each_has_a_label_in_every_language() -> None:
    """The kinds sources.yml may name are the model's, and the sources page can label each in every language."""
    assert schema.schema("sources")["items"]["properties"]["kind"]["enum"] == list(SOURCE_KINDS)
    missing = [(lang, kind) for lang in interface_languages() for kind in SOURCE_KINDS
               if f"source_kind.{kind}" not in load_strings(lang)]  # fmt: skip
    assert missing == []


def test_a_document_that_keeps_its_schema_is_not_checked_again_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTIP_CACHE", str(tmp_path / "cache"))
    good = SOURCE.format(published='"2019"', url="https://x.org")
    bad = SOURCE.format(published="2019", url="https://x.org")
    for folder in ("one", "two", "three", "four"):
        (tmp_path / folder).mkdir()
    assert _check(tmp_path / "one", "sources", good) == []
    checked: list[str] = []
    real = schema._validator
    monkeypatch.setattr(schema, "_validator", lambda name, langs: checked.append(name) or real(name, langs))
    assert _check(tmp_path / "two", "sources", good) == []
    assert checked == []  # the same content: known to keep its schema
    assert _check(tmp_path / "three", "sources", bad) == [(4, 14, "yaml-number")]
    assert _check(tmp_path / "four", "sources", bad) == [(4, 14, "yaml-number")]
    assert checked == ["sources", "sources"]  # 2019 unquoted is another document; one with problems: every time
