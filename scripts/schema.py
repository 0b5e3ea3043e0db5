"""Check YAML documents against the JSON Schemas in scripts/schemas/, in editors' words.

The same schemas drive editors' autocompletion (through the yaml-language-server line at the
top of each data file), so the rules live in one place.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from functools import cache

import jsonschema
from referencing import Registry, Resource

from scripts.load import YamlDoc, YamlPath
from scripts.paths import SCHEMAS
from scripts.problems import Problem


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
    return jsonschema.Draft202012Validator(
        schema(name), registry=Registry().with_resources(resources), format_checker=jsonschema.FormatChecker(["email"])
    )


def check(doc: YamlDoc, name: str) -> list[Problem]:
    """Every way `doc` breaks the schema `name`, located and explained."""
    if doc.data is None:
        return [Problem(doc.path, 1, 0, "empty-file", "the file is empty", "see the editors' guide for what it holds")]
    errors = _validator(name).iter_errors(doc.data)
    return [p for e in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]) for p in _explain(doc, e, name)]


def dotted(path: YamlPath) -> str:
    """A YAML path as editors read it: pillars[2].title.en."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _explain(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    path = tuple(err.absolute_path)
    mark = doc.mark(path)
    where = f'"{dotted(path)}"' if path else "the file"
    code, message, hint, got = "schema", f"{where}: {err.message}", "", None
    value = err.instance
    description = err.schema.get("description", "") if isinstance(err.schema, dict) else ""

    if err.validator == "type":
        expected = _type_words(err.validator_value)
        code = _trap(value) if "string" in _as_list(err.validator_value) else "wrong-type"
        message = f"{where} should be {expected}{_yaml_reading(value, mark.raw)}"
        got = mark.raw if not isinstance(value, (dict, list)) else _shape(value)
        if "string" in _as_list(err.validator_value) and not isinstance(value, (dict, list)):
            hint = f'put it in quotes: "{mark.raw}"'
        elif err.schema.get("$id") == "text.schema.json" and not isinstance(value, list):
            hint = f"write the text as a block with the English under en:, e.g. en: {mark.raw or 'text'}"
        else:
            hint = description or "see the editors' guide"
    elif err.validator == "required":
        code = "missing-key"
        missing = err.message.split("'")[1]
        message = f'{where} is missing the key "{missing}"'
        # A key required by a condition (if/then) is described at the top of the schema.
        sub = err.schema.get("properties", {}).get(missing) or schema(name).get("properties", {}).get(missing, {})
        hint = f'add "{missing}:" ({sub.get("description", "see the editors guide").rstrip(".")})'
    elif err.validator == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extras = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        problems = []
        for key in extras:
            key_mark = doc.keys.get((*path, key), mark)
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f'did you mean "{close[0]}"?' if close else f"the keys allowed here are: {', '.join(allowed)}"
            problems.append(Problem(doc.path, key_mark.line, key_mark.column, "unknown-key",
                                    f"{where} has a key this file does not use", hint, got=key))  # fmt: skip
        return problems
    elif err.validator == "enum":
        code = "not-allowed"
        options = ", ".join(str(v) for v in err.validator_value)
        message = f"{where} is not one of the allowed values{_yaml_reading(value, mark.raw)}"
        hint, got = f"use one of: {options}", mark.raw or str(value)
    elif err.validator in ("pattern", "format"):
        code = "bad-format"
        message = f"{where} is not in the expected form"
        hint, got = description or f"it must match {err.validator_value}", str(value)
    elif err.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        code = "out-of-range"
        words = "at least" if "inimum" in err.validator else "at most"
        message = f"{where} must be {words} {err.validator_value}"
        hint, got = description, str(value)
    elif err.validator in ("minLength", "minItems"):
        code = "empty-value"
        message = f"{where} is empty"
        hint = description or "fill it in or remove the key"
    elif err.validator == "uniqueItems":
        code = "repeated-item"
        message = f"{where} lists the same item twice"
        hint = "list each item once"
    return [Problem(doc.path, mark.line, mark.column, code, message, hint, got)]


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _trap(value: object) -> str:
    """The code for a value YAML read as something other than the text an editor meant."""
    if isinstance(value, bool):
        return "yaml-boolean"
    if isinstance(value, (dt.date, dt.datetime)):
        return "yaml-date"
    if isinstance(value, (int, float)):
        return "yaml-number"
    return "wrong-type"


def _shape(value: object) -> str:
    return "a list" if isinstance(value, list) else "a block of keys"


def _type_words(expected: str | list[str]) -> str:
    names = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "object": "a block of keys", "array": "a list (lines starting with '- ')"}  # fmt: skip
    if isinstance(expected, list):
        return " or ".join(names.get(e, e) for e in expected)
    return names.get(expected, expected)


def _yaml_reading(value: object, raw: str) -> str:
    """Explain why YAML read a value as something other than text (its 1.1 traps)."""
    if isinstance(value, bool):
        return (
            f", but YAML reads {raw or value} as {str(value).lower()} (yes, no, on and off are true or false in YAML)"
        )
    if isinstance(value, (dt.date, dt.datetime)):
        return f", but YAML reads {raw} as a date"
    if isinstance(value, int) and raw.lstrip("+-").startswith("0") and raw.strip("+-") != "0":
        return f", but YAML reads {raw} as the number {value} (a leading 0 makes it octal)"
    if isinstance(value, (int, float)):
        return f", but YAML reads {raw} as a number"
    if value is None:
        return ", but it is empty"
    return ""
