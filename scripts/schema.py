"""Check YAML documents against the JSON Schemas in scripts/schemas/, in editors' words.

The same schemas drive editors' autocompletion (through the yaml-language-server line at the
top of each data file), so the rules live in one place.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from functools import cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

from scripts.load import YamlDoc, YamlPath
from scripts.problems import Problem, quote

SCHEMAS = Path(__file__).parent / "schemas"


@cache
def schema(name: str) -> dict:
    """The JSON Schema `name` (e.g. 'indicator') as a dict."""
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
        for p in sorted(SCHEMAS.glob("*.schema.json"))
    ]
    return jsonschema.Draft202012Validator(schema(name), registry=Registry().with_resources(resources))


def check(doc: YamlDoc, name: str) -> list[Problem]:
    """Every way `doc` breaks the schema `name`, located and explained."""
    if doc.data is None:
        return [Problem(doc.path, 1, 0, "empty-file", "the file is empty", "see the editors' guide for what it holds")]
    errors = _validator(name).iter_errors(doc.data)
    return [_explain(doc, e) for e in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])]


def dotted(path: YamlPath) -> str:
    """A YAML path as editors read it: pillars[2].title.en."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _explain(doc: YamlDoc, err: jsonschema.ValidationError) -> Problem:
    path = tuple(err.absolute_path)
    mark = doc.mark(path)
    where = f'"{dotted(path)}"' if path else "the file"
    code, message, hint = "schema", f"{where}: {err.message}", ""
    value = err.instance
    description = err.schema.get("description", "") if isinstance(err.schema, dict) else ""

    if err.validator == "type":
        code = "wrong-type"
        expected = _type_words(err.validator_value)
        message = f"{where} should be {expected}, got {quote(mark.raw or value)}{_yaml_reading(value)}"
        if expected == "text" and not isinstance(value, (dict, list)):
            hint = f'put it in quotes: "{mark.raw or value}"'
        elif description:
            hint = description
    elif err.validator == "required":
        code = "missing-key"
        missing = err.message.split("'")[1]
        message = f'{where} is missing the key "{missing}"'
        sub = err.schema.get("properties", {}).get(missing, {})
        hint = f'add "{missing}:" ({sub.get("description", "see the editors guide")})'
    elif err.validator == "additionalProperties":
        code = "unknown-key"
        allowed = sorted(err.schema.get("properties", {}))
        extras = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        key = extras[0] if extras else ""
        if key:
            mark = doc.keys.get((*path, key), mark)
        message = f'{where} has a key this file does not use: "{key}"'
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f'did you mean "{close[0]}"?' if close else f"the keys allowed here are: {', '.join(allowed)}"
    elif err.validator == "enum":
        code = "not-allowed"
        options = ", ".join(str(v) for v in err.validator_value)
        message = f"{where} is {quote(mark.raw or value)}, which is not one of the allowed values"
        hint = f"use one of: {options}"
    elif err.validator == "pattern":
        code = "bad-format"
        message = f"{where} is {quote(value)}, which is not in the expected form"
        hint = description or f"it must match {err.validator_value}"
    elif err.validator in ("minimum", "maximum"):
        code = "out-of-range"
        message = f"{where} is {value}, {err.validator} is {err.validator_value}"
        hint = description
    elif err.validator in ("minLength", "minItems"):
        code = "empty-value"
        message = f"{where} is empty"
        hint = description or "fill it in or remove the key"
    elif err.validator == "uniqueItems":
        code = "repeated-item"
        message = f"{where} lists the same item twice"
        hint = "list each item once"
    return Problem(doc.path, mark.line, mark.column, code, message, hint)


def _type_words(expected: str | list[str]) -> str:
    names = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "object": "a block of keys", "array": "a list (lines starting with '- ')"}  # fmt: skip
    if isinstance(expected, list):
        return " or ".join(names.get(e, e) for e in expected)
    return names.get(expected, expected)


def _yaml_reading(value: object) -> str:
    """Explain why YAML read a value as something other than text (its 1.1 traps)."""
    if isinstance(value, bool):
        return f", which YAML reads as {str(value).lower()} (yes/no/on/off are booleans in YAML)"
    if isinstance(value, (dt.date, dt.datetime)):
        return ", which YAML reads as a date"
    if isinstance(value, (int, float)):
        return ", which YAML reads as a number"
    if value is None:
        return " (an empty value)"
    return ""
