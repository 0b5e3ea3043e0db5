"""The editors' guide documents every key, column and problem code, and renders cleanly."""

from __future__ import annotations

import functools
import re

import markdown
import pytest

from scripts import guide as guide_module
from scripts import records, schema
from scripts.build import check
from scripts.guide import keys
from scripts.pages import page
from scripts.problems import CODES
from tests.conftest import DATA

SCHEMAS = sorted(p.name.removesuffix(".schema.json") for p in schema.SCHEMAS.glob("*.schema.json"))
KEYS = [(name, path, node) for name in SCHEMAS for path, node, _ in keys(name)]


@functools.cache
def guide() -> str:
    """The guide page (guide.md.j2, its tables from scripts/guide.py) as the build writes it."""
    return page("guide.md", check(DATA))


@pytest.mark.parametrize(("name", "path", "node"), KEYS, ids=[f"{n}:{p}" for n, p, _ in KEYS])
def test_every_key_is_documented(name: str, path: str, node: dict) -> None:
    assert node.get("description", "").strip(), f"{name}.schema.json: {path} has no description"
    container = "properties" in node or "properties" in node.get("items", {})
    assert container or node.get("examples"), f"{name}.schema.json: {path} has no example"


def test_every_key_is_in_the_guide() -> None:
    text = guide()
    for name, path, _ in KEYS:
        assert f"| `{path}` |" in text, f"{name}: {path} is missing from the guide"


@pytest.mark.parametrize(
    ("documented", "checked"),
    [
        (guide_module.OBSERVATION_COLUMNS, (*records.OBSERVATION_COLUMNS, "<dimension>")),
        (guide_module.PROVINCE_COLUMNS, (*records.PROVINCE_COLUMNS, "name_<lang>")),
    ],
)
def test_every_column_is_documented(documented: tuple, checked: tuple) -> None:
    assert sorted(name for name, *_ in documented) == sorted(checked)


def test_every_problem_code_is_explained() -> None:
    text = guide()
    assert [code for code in CODES if f"| `{code}` |" not in text] == []


def test_guide_renders_without_stray_html() -> None:
    body = markdown.markdown(guide(), extensions=["tables", "fenced_code"])
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", body))
    assert tags <= {"h1", "h2", "p", "pre", "code", "table", "thead", "tbody", "tr", "th", "td", "em", "strong", "ul", "ol",
                    "li"}, tags  # fmt: skip
    assert body.count("<table>") == len(guide_module.YAML_FILES) + 5
