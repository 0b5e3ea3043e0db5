"""Places in documents, as problems name them: a YAML value by its path, a CSV cell by its column."""

from __future__ import annotations

from scripts.load import CsvDoc, YamlDoc, YamlPath
from scripts.problems import Place, in_column
from scripts.schema import dotted


def key(doc: YamlDoc, path: YamlPath) -> Place:
    """The value at `path` of a YAML document, named by its dotted path (pillars[2].title)."""
    mark = doc.mark(path)
    return Place(doc.path, mark.line, mark.column, dotted(path))


def cell(table: CsvDoc, row: int, index: int, name: str) -> Place:
    """The cell of column `name` (at `index`) in data row `row` of a CSV file."""
    return Place(table.path, *table.at(row, index), in_column(name))


def line(table: CsvDoc, number: int) -> Place:
    """A whole line of a CSV file (1 is its header)."""
    return Place(table.path, number)
