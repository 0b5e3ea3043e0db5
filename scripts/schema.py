"""Check YAML documents against the JSON Schemas in scripts/schemas/, in editors' words.

The same schemas drive editors' autocompletion (through the yaml-language-server line at the
top of each data file), so the rules live in one place.

A document found to keep its schema is remembered in the build cache (scripts/cache.py) by its
content, the schemas and the languages, so a build whose YAML files have not changed neither
imports jsonschema nor checks them again; a document with problems is checked every time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from scripts import cache as cache_store
from scripts.load import YamlDoc, YamlPath
from scripts.paths import SCHEMAS
from scripts.problems import Place, Problem, problem

if TYPE_CHECKING:
    import jsonschema

# What the cache holds for a document that keeps its schema (check).
CLEAN = b"keeps its schema"


@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema `name` (e.g. 'indicator') as a dict."""
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return loaded


# A BCP 47 language code as site.yml's languages are written (en, fr, pt-BR).
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Keys an older site.yml may still carry, with what replaces them.
RENAMED = {"khmer_digits": "numerals: {km: native} for Khmer digits (true), or leave it out (false)"}


def text_schema(languages: tuple[str, ...]) -> dict[str, Any]:
    """The text schema of a site in `languages`: a text in each of them, the first required, and
    `<lang>_reviewed` for each of the others. text.schema.json is the same for any language (for
    editors' autocompletion); validation holds each site to its own."""
    generic = schema("text")
    version, reviewed = generic["$defs"]["version"], generic["$defs"]["reviewed"]
    properties: dict[str, Any] = {languages[0]: version}
    for lang in languages[1:]:
        properties |= {lang: version, f"{lang}_reviewed": reviewed}
    fixed = {k: v for k, v in generic.items() if k not in ("patternProperties", "minProperties")}
    return fixed | {"properties": properties, "required": [languages[0]]}


def site_languages(site: YamlDoc | None) -> tuple[str, ...]:
    """The languages site.yml lists, as far as they can be read (English when it lists none), so
    that every other file can be checked against them even while site.yml has problems of its own."""
    listed = site.data.get("languages") if site is not None and isinstance(site.data, dict) else None
    codes = (
        [code for code in listed if isinstance(code, str) and LANGUAGE_CODE.match(code)]
        if isinstance(listed, list)
        else []
    )
    return tuple(dict.fromkeys(codes)) or ("en",)


@cache
def _validator(name: str, languages: tuple[str, ...]) -> jsonschema.Draft202012Validator:
    import jsonschema  # only for a document the cache has not seen keep its schema
    from referencing import Registry, Resource

    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
        for p in sorted(SCHEMAS.glob("*.schema.json"))
        if p.name != "text.schema.json"
    ]
    resources.append(("text.schema.json", Resource.from_contents(text_schema(languages))))
    return jsonschema.Draft202012Validator(
        schema(name), registry=Registry().with_resources(resources), format_checker=jsonschema.FormatChecker(["email"])
    )


def check(doc: YamlDoc, name: str, languages: tuple[str, ...] = ("en",)) -> list[Problem]:
    """Every way `doc` breaks the schema `name`, its texts in `languages` (the first the
    default, as site.yml lists them), located and explained."""
    if doc.data is None:
        return [problem("empty-file", Place(doc.path, 1))]
    digest = cache_store.key("schema", cache_store.code(), _schemas(), name, list(languages), repr(doc.data))
    if cache_store.get("schema", digest) == CLEAN:
        return []
    validator = _validator(name, languages)
    errors = sorted(validator.iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    # jsonschema reports each missing key of one block as an error of its own; each is explained once.
    found = list(dict.fromkeys(p for e in errors for p in _EXPLAIN.get(e.validator, _other)(doc, e, name)))
    if not found:
        cache_store.put("schema", digest, CLEAN)
    return found


@cache
def _schemas() -> list[str]:
    """What decides a document's schema problems besides the document: the schemas and jsonschema's version."""
    return [cache_store.package("jsonschema")] + [
        f"{p.name}:{cache_store.file_hash(p)}" for p in sorted(SCHEMAS.glob("*.json"))
    ]


def dotted(path: YamlPath) -> str:
    """A YAML path as editors read it: pillars[2].title.en."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


# --- one explanation per kind of schema error ---------------------------------------------
# Each reads the error's own fields: `validator` (the keyword that failed), `validator_value`
# (its value in the schema), `instance` (the value in the file), `schema` (the block holding the
# keyword) and `absolute_path` (where the value is).

if TYPE_CHECKING:
    Explain = Callable[[YamlDoc, jsonschema.ValidationError, str], list[Problem]]


def _type(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    value, raw = err.instance, _raw(doc, err)
    container = isinstance(value, (dict, list))
    if "string" in _listed(err) and not container:
        key = _trap(value)
    elif _block(err.schema).get("$id") == "text.schema.json" and not isinstance(value, list):
        key = "wrong-type/text"
    else:
        key = "wrong-type"
    words = {"expected": _type_words(_listed(err)), "reading": _yaml_reading(value, raw), "raw": raw}
    words |= {"example": raw or "text", "about": _about(err, "see the editors' guide")}
    return [problem(key, _place(doc, err), _shape(value) if container else raw, **words)]


def _required(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    instance = _block(err.instance)
    missing = [key for key in _listed(err) if key not in instance]
    return [problem("missing-key", _place(doc, err), key=key, about=_key_about(err, name, key)) for key in missing]


def _additional(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    allowed = sorted(_block(err.schema).get("properties", {}))
    at = _place(doc, err)
    problems = []
    for key in sorted(set(_block(err.instance)) - set(allowed)):
        mark = doc.keys.get((*err.absolute_path, key), doc.mark(tuple(err.absolute_path)))
        spot = Place(doc.path, mark.line, mark.column, at.name)
        close = difflib.get_close_matches(key, allowed, n=1)
        code = key.removesuffix("_reviewed")
        if _block(err.schema).get("$id") == "text.schema.json" and LANGUAGE_CODE.match(code):
            # The site's languages in its own order, the first the default (text_schema).
            languages = [k for k in _block(err.schema).get("properties", {}) if not k.endswith("_reviewed")]
            variant = "first-reviewed" if code in languages else "language"
            problems.append(problem(f"unknown-key/{variant}", spot, key, lang=code, languages=", ".join(languages)))
        elif key in RENAMED and name == "site":
            problems.append(problem("unknown-key/renamed", spot, key, instead=RENAMED[key]))
        elif close:
            problems.append(problem("unknown-key", spot, key, close=close[0]))
        else:
            problems.append(problem("unknown-key/far", spot, key, allowed=", ".join(allowed)))
    return problems


def _enum(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    raw, options = _raw(doc, err), ", ".join(str(v) for v in _listed(err))
    reading = _yaml_reading(err.instance, raw)
    return [problem("not-allowed", _place(doc, err), raw or str(err.instance), reading=reading, allowed=options)]


def _form(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    about = _about(err, f"it must match {err.validator_value}")
    return [problem("bad-format", _place(doc, err), str(err.instance), about=about)]


def _bound(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    words = "at least" if err.validator in ("minimum", "exclusiveMinimum") else "at most"
    place = _place(doc, err)
    return [
        problem("out-of-range", place, str(err.instance), words=words, limit=err.validator_value, about=_about(err))
    ]


def _empty(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    return [problem("empty-value", _place(doc, err), about=_about(err, "fill it in or remove the key"))]


def _repeated(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    return [problem("repeated-item", _place(doc, err))]


def _other(doc: YamlDoc, err: jsonschema.ValidationError, name: str) -> list[Problem]:
    return [problem("schema", _place(doc, err), error=err.message)]


_EXPLAIN: dict[str, Explain] = {
    "type": _type,
    "required": _required,
    "additionalProperties": _additional,
    "enum": _enum,
    "pattern": _form,
    "format": _form,
    "minimum": _bound,
    "maximum": _bound,
    "exclusiveMinimum": _bound,
    "exclusiveMaximum": _bound,
    "minLength": _empty,
    "minItems": _empty,
    "uniqueItems": _repeated,
}


def _place(doc: YamlDoc, err: jsonschema.ValidationError) -> Place:
    path = tuple(err.absolute_path)
    mark = doc.mark(path)
    return Place(doc.path, mark.line, mark.column, f'"{dotted(path)}"' if path else "the file")


def _raw(doc: YamlDoc, err: jsonschema.ValidationError) -> str:
    """The value as written in the file."""
    return doc.mark(tuple(err.absolute_path)).raw


def _about(err: jsonschema.ValidationError, otherwise: str = "") -> str:
    """What the schema says the value is for, the hint of most problems."""
    return str(_block(err.schema).get("description", "")) or otherwise


def _key_about(err: jsonschema.ValidationError, name: str, key: str) -> str:
    # A key required by a condition (if/then) is described at the top of the schema.
    sub = _block(err.schema).get("properties", {}).get(key) or schema(name).get("properties", {}).get(key, {})
    return str(sub.get("description", "see the editors guide")).rstrip(".")


def _block(field: object) -> Mapping[str, Any]:
    """An error's `schema` (the block holding the keyword), or its `instance` where the keyword
    checks a block of keys, as that block. The stubs also allow a `false` schema and `Unset` (no
    value), which hold no keys."""
    return field if isinstance(field, Mapping) else {}


def _listed(err: jsonschema.ValidationError) -> list[Any]:
    """The failed keyword's value as a list: `type` names one type or a list of them, `required`
    and `enum` are lists."""
    value = err.validator_value
    return value if isinstance(value, list) else [value]


def _trap(value: object) -> str:
    """The problem for a value YAML read as something other than the text an editor meant."""
    if isinstance(value, bool):
        return "yaml-boolean"
    if isinstance(value, (dt.date, dt.datetime)):
        return "yaml-date"
    if isinstance(value, (int, float)):
        return "yaml-number"
    return "wrong-type/quote"


def _shape(value: object) -> str:
    return "a list" if isinstance(value, list) else "a block of keys"


def _type_words(expected: list[str]) -> str:
    names = {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "object": "a block of keys",
        "array": "a list (lines starting with '- ')",
    }
    return " or ".join(names.get(e, e) for e in expected)


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
