"""Read every file under data/ into documents that remember where each value came from.

Nothing here judges the content; it only reads what is there, so that the validate stage
can point an editor at the exact file, line and column of every problem.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scripts.problems import Problem, relative

# A position in a YAML document: the path of keys and indexes leading to a value.
YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """Where a YAML value (or key) starts, and how it was written."""

    line: int
    column: int
    raw: str = ""
    quoted: bool = False


@dataclass
class YamlDoc:
    """A parsed YAML file: its data, and the position of every value and key in it."""

    path: str
    data: Any
    values: dict[YamlPath, Mark] = field(default_factory=dict)
    keys: dict[YamlPath, Mark] = field(default_factory=dict)

    def mark(self, path: YamlPath) -> Mark:
        """The nearest known position for `path` (walking up to its parent if need be)."""
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Mark(1, 0))


@dataclass
class CsvDoc:
    """A parsed CSV file: its header and rows, each row with the line it starts on."""

    path: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass
class RawData:
    """Every document found in a data folder, by role."""

    root: Path
    site: YamlDoc | None = None
    sources: YamlDoc | None = None
    events: YamlDoc | None = None
    commitments: YamlDoc | None = None
    provinces: CsvDoc | None = None
    indicators: dict[str, YamlDoc] = field(default_factory=dict)
    observations: dict[str, CsvDoc] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def load(root: Path) -> tuple[RawData, list[Problem]]:
    """Read the data folder `root`; problems are syntax and encoding errors only."""
    raw = RawData(root=root)
    problems: list[Problem] = []
    for name in ("site", "sources", "events", "commitments"):
        path = root / f"{name}.yml"
        if path.exists():
            setattr(raw, name, _read_yaml(path, root, problems))
            raw.files.append(path)
    provinces = root / "geography" / "provinces.csv"
    if provinces.exists():
        raw.provinces = _read_csv(provinces, root, problems)
        raw.files.append(provinces)
    for path in sorted((root / "indicators").glob("*.y*ml")):
        doc = _read_yaml(path, root, problems)
        if doc is not None:
            raw.indicators[path.stem] = doc
        raw.files.append(path)
    for path in sorted((root / "observations").glob("*.csv")):
        table = _read_csv(path, root, problems)
        if table is not None:
            raw.observations[path.stem] = table
        raw.files.append(path)
    return raw, problems


# --- YAML ---------------------------------------------------------------------------------


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> YamlDoc | None:
    name = relative(path, root)
    text = _decode(path, name, problems)
    if text is None:
        return None
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        problems.append(
            Problem(name, line, 0, "yaml-tab", "a tab character is used for indentation or spacing",
                    "indent YAML with spaces only")  # fmt: skip
        )
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problems.append(
            Problem(name, line, col, "yaml-syntax", f"this is not valid YAML: {err.problem}",
                    "check indentation, and put text containing ': ' or '#' in quotes")  # fmt: skip
        )
        return None
    doc = YamlDoc(name, None)
    if node is None:
        return doc
    doc.data = _to_python(node, (), doc, problems)
    return doc


_constructor = yaml.SafeLoader("")


def _to_python(node: yaml.Node, path: YamlPath, doc: YamlDoc, problems: list[Problem]) -> Any:
    doc.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_constructor.construct_object(key_node))
            if key in result:
                problems.append(
                    Problem(doc.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                            "yaml-duplicate-key", f'the key "{key}" appears twice in the same block',
                            "keep one of them: YAML would silently use only the last one")  # fmt: skip
                )
                continue
            doc.keys[(*path, key)] = _mark(key_node)
            result[key] = _to_python(value_node, (*path, key), doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), doc, problems) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node)


def _mark(node: yaml.Node) -> Mark:
    raw = node.value if isinstance(node, yaml.ScalarNode) else ""
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1, str(raw), quoted)


# --- CSV ----------------------------------------------------------------------------------


def _read_csv(path: Path, root: Path, problems: list[Problem]) -> CsvDoc | None:
    name = relative(path, root)
    text = _decode(path, name, problems)
    if text is None:
        return None
    first_line = text.split("\n", 1)[0]
    if "," not in first_line and (";" in first_line or "\t" in first_line):
        sep = "semicolons" if ";" in first_line else "tabs"
        problems.append(
            Problem(name, 1, 0, "csv-delimiter", f"the columns are separated by {sep}, not commas",
                    'save as "CSV UTF-8 (Comma delimited)"; in LibreOffice choose "," as the field delimiter')  # fmt: skip
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as err:
        problems.append(
            Problem(name, reader.line_num, 0, "csv-syntax", f"this line cannot be read as CSV ({err})",
                    'close every opening quote; write a quote inside a quoted cell as ""')  # fmt: skip
        )
        return None
    if not rows:
        problems.append(Problem(name, 1, 0, "csv-empty", "the file has no header row", "start with the column names"))
        return None
    header_line, header = rows[0]
    return CsvDoc(name, header, rows[1:])


def _decode(path: Path, name: str, problems: list[Problem]) -> str | None:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(name, 1, 0, "encoding", "the file is saved as UTF-16 (Excel's 'Unicode Text')",
                    'save it as "CSV UTF-8 (Comma delimited)" or plain UTF-8')  # fmt: skip
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, 0, "encoding",
                    "the file is not UTF-8 (it looks like a Windows code page such as Windows-1252)",
                    'save it as "CSV UTF-8 (Comma delimited)" or set the editor\'s encoding to UTF-8')  # fmt: skip
        )
        return None
    # Excel writes CRLF; a lone CR is an old Mac line ending. Both read as plain newlines.
    return text.replace("\r\n", "\n").replace("\r", "\n")
