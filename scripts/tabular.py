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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from typing import Any

from scripts.escape import csv_cell

BOM = "\ufeff"


PIECE = 2000  # rows of a CSV file, or parts of a JSON file, made into text at a time as it is written


@dataclass(frozen=True)
class Stream:
    """A file's text, made piece by piece only as it is written (scripts/write.py).

    At 100,000 observations the downloads are some 250 MB of text, twice that as Python strings
    holding Khmer: made all at once and kept until written, they were most of a build's memory.
    """

    make: Callable[[], Iterable[str]]

    def pieces(self) -> Iterable[str]:
        """The text in order, in pieces (made again on each call)."""
        return self.make()

    def text(self) -> str:
        """The whole text at once (tests, small files)."""
        return "".join(self.make())


# A generated file as the writing stage takes it: text, bytes (images, fonts), or text made as written.
File = str | bytes | Stream


def csv_table(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    """A CSV file (after its byte-order mark) with a header row of `columns`; a missing or None cell is written empty."""
    return "".join(csv_pieces(rows, columns))


def csv_pieces(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> Iterator[str]:
    """csv_table's text in pieces of PIECE rows, each made when the one before has been used."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    yield BOM + buffer.getvalue()
    rows = iter(rows)
    while batch := list(islice(rows, PIECE)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(list(map(_csv_cell, map(row.get, columns))) for row in batch)
        yield buffer.getvalue()


# Cells repeat (places, sources, statuses, names): each defused once. Typed, so that 1 and 1.0
# (equal, and alike to an untyped cache) stay "1" and "1.0". csv.writer writes None as "".
_csv_cell = lru_cache(maxsize=1 << 16, typed=True)(csv_cell)


INDENT = "  "
_SCALARS = {str, int, float, bool, type(None)}  # exactly these types: a subclass takes json.dumps' own path


def json_document(value: object) -> str:
    """A JSON file: UTF-8 as written (Khmer stays readable), indented, keys sorted.

    The same bytes as json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True), faster.
    """
    return "".join(json_pieces(value))


def json_pieces(value: object) -> Iterator[str]:
    """json_document's text in pieces, each (an observation of a download, mostly) made when asked for."""
    out: list[str] = []
    for _ in _encode(value, 0, out):
        if len(out) >= PIECE:
            yield "".join(out)
            out.clear()
    yield "".join(out) + "\n"


def _encode(value: object, depth: int, out: list[str]) -> Iterator[None]:
    """Append `value` to `out` as json.dumps(indent=2) writes it `depth` levels in, pausing after
    each object or list that holds no other, so that the caller may take what is written so far."""
    inner, outer = "\n" + INDENT * (depth + 1), "\n" + INDENT * depth
    container = isinstance(value, (dict, list, tuple)) and bool(value)
    if container and all(_flat_item(item) for item in _values(value)):
        text = _flat(depth)(value)  # nothing nested: the C encoder writes it all
        out.append(text[0] + inner + text[1:-1] + outer + text[-1])
        yield
    elif container and (not isinstance(value, dict) or all(type(key) is str for key in value)):
        items = sorted(value.items()) if isinstance(value, dict) else [(None, item) for item in _values(value)]
        out.append("{" if isinstance(value, dict) else "[")
        for i, (key, item) in enumerate(items):
            out.append(("," if i else "") + inner + ("" if key is None else _flat(0)(key) + ": "))
            yield from _encode(item, depth + 1, out)
        out.append(outer + ("}" if isinstance(value, dict) else "]"))
    else:  # a number, a string, an empty object or list, or keys that json.dumps converts to text
        out.append(json.dumps(value, ensure_ascii=False, indent=INDENT, sort_keys=True).replace("\n", outer))


def _flat_item(item: object) -> bool:
    """An item the C encoder writes as json.dumps(indent=2) does: a scalar, or an empty list or object
    (written "[]" and "{}" either way), such as the "revisions" of a figure never revised."""
    return type(item) in _SCALARS or (type(item) in (list, dict) and not item)


def _values(value: Any) -> Iterable[object]:
    return value.values() if isinstance(value, dict) else value


@cache
def _flat(depth: int) -> Callable[[object], str]:
    """The C encoder writing an object or list that holds no other, its items `depth` + 1 levels in."""
    separator = ",\n" + INDENT * (depth + 1)
    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(separator, ": ")).encode
