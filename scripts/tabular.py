"""The two download formats, written one way for every download: CSV and JSON.

CSV cells that a spreadsheet would run as a formula are made inert with a leading quote
(scripts/escape.py's csv_cell). Keys are sorted, so the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from scripts.escape import csv_cell


def csv_table(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    """A CSV file with a header row of `columns`; a missing or None cell is written empty."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell("" if row.get(k) is None else row[k]) for k in columns})
    return buffer.getvalue()


def json_document(value: object) -> str:
    """A JSON file: UTF-8 as written (Khmer stays readable), indented, keys sorted."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
