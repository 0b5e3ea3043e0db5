"""The two download formats, written one way for every download: CSV and JSON.

CSV cells that a spreadsheet would run as a formula are made inert with a leading quote
(scripts/escape.py's csv_cell). Keys are sorted, so the same data gives the same bytes.

JSON is indented for the people who open a download, and the json module writes indented
JSON in pure Python: 100,000 observations took seconds. json_document gives the bytes of
json.dumps(indent=2) but has the C encoder write every object or list that holds no other,
the newline and indent given as its item separator. The observations of a download are such
objects, so nearly every byte is written in C.

A CSV file starts with a UTF-8 byte-order mark: without it Excel reads UTF-8 as the Windows
code page and shows Khmer (or any non-Latin) text as garbage. Readers that know UTF-8 read the
mark away ("utf-8-sig" in Python, `encoding: utf-8-sig` in the data package; R's read.csv with
fileEncoding = "UTF-8-BOM"); pandas does so by itself.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from scripts.escape import csv_cell

BOM = "\ufeff"


def csv_table(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    """A CSV file (after its byte-order mark) with a header row of `columns`; a missing or None cell is written empty."""
    buffer = io.StringIO(BOM)
    buffer.seek(len(BOM))
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_cell("" if (cell := row.get(k)) is None else cell) for k in columns] for row in rows)
    return buffer.getvalue()


INDENT = "  "
_SCALARS = {str, int, float, bool, type(None)}  # exactly these types: a subclass takes json.dumps' own path


def json_document(value: object) -> str:
    """A JSON file: UTF-8 as written (Khmer stays readable), indented, keys sorted.

    The same bytes as json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True), faster.
    """
    out: list[str] = []
    _encode(value, 0, out)
    return "".join(out) + "\n"


def _encode(value: object, depth: int, out: list[str]) -> None:
    """Append `value` to `out` as json.dumps(indent=2) writes it `depth` levels in."""
    inner, outer = "\n" + INDENT * (depth + 1), "\n" + INDENT * depth
    container = isinstance(value, (dict, list, tuple)) and bool(value)
    if container and all(type(item) in _SCALARS for item in _values(value)):
        text = _flat(depth)(value)  # nothing nested: the C encoder writes it all
        out.append(text[0] + inner + text[1:-1] + outer + text[-1])
    elif container and (not isinstance(value, dict) or all(type(key) is str for key in value)):
        items = sorted(value.items()) if isinstance(value, dict) else [(None, item) for item in _values(value)]
        out.append("{" if isinstance(value, dict) else "[")
        for i, (key, item) in enumerate(items):
            out.append(("," if i else "") + inner + ("" if key is None else _flat(0)(key) + ": "))
            _encode(item, depth + 1, out)
        out.append(outer + ("}" if isinstance(value, dict) else "]"))
    else:  # a number, a string, an empty object or list, or keys that json.dumps converts to text
        out.append(json.dumps(value, ensure_ascii=False, indent=INDENT, sort_keys=True).replace("\n", outer))


def _values(value: Any) -> Iterable[object]:
    return value.values() if isinstance(value, dict) else value


@cache
def _flat(depth: int) -> Callable[[object], str]:
    """The C encoder writing an object or list that holds no other, its items `depth` + 1 levels in."""
    separator = ",\n" + INDENT * (depth + 1)
    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(separator, ": ")).encode
