"""Read every file under data/ into documents that remember where each value came from.

Nothing here judges the content; it only reads what is there, so that the validate stage
can point an editor at the exact file, line and column of every problem.

A live preview (scripts/serve.py) loads the folder again after every edit, in the same
process: each plain file read is remembered by its bytes (scripts/cache.py, in memory only),
so that only the file an editor changed is parsed again. What is remembered is a copy
(pickled), never the documents a build was handed, so nothing one build does to them can
reach the next.
"""

from __future__ import annotations

import itertools
import os
import pickle
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from scripts import cache as cache_store
from scripts.guard import internal_error
from scripts.problems import Place, Problem, problem, relative

# A position in a YAML document: the path of keys and indexes leading to a value.
YamlPath = tuple[str | int, ...]

# The site-wide files, each checked against its schema; changelog.yml is the update log.
YAML_FILES = ("site", "sources", "events", "commitments", "changelog")
# Spreadsheet formats editors may upload by mistake: the build reads CSV only.
SPREADSHEETS = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")
# Limits no real data file comes near, so that no input can exhaust the build: a file's size,
# the rows of figures in one CSV file (55,000 rows took 70 s to build), and how deeply YAML nests.
MAX_BYTES = 10_000_000
MAX_ROWS = 20_000
MAX_DEPTH = 32
# Format characters Khmer text needs: zero-width space (between words), non-joiner, joiner.
# Every other invisible character is refused, wherever it is in a file (see _invisible).
KHMER_FORMAT = "\u200b\u200c\u200d"


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
    """A parsed CSV file: its header and rows, each row with the line it starts on.

    `cells` holds the (line, column) where each cell of each row starts, so a problem in one
    cell points at that cell even after a quoted cell that spans several lines.
    """

    path: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    cells: list[Sequence[tuple[int, int]]] = field(default_factory=list)
    header_cells: Sequence[tuple[int, int]] = field(default_factory=list)

    def at(self, row: int, column: int) -> tuple[int, int]:
        """Line and column of cell `column` of row number `row` (both counted from 0)."""
        line = self.rows[row][0]
        if row < len(self.cells) and column < len(self.cells[row]):
            return self.cells[row][column]
        return line, 0


@dataclass
class RawData:
    """Every document found in a data folder, by role."""

    root: Path
    site: YamlDoc | None = None
    sources: YamlDoc | None = None
    events: YamlDoc | None = None
    commitments: YamlDoc | None = None
    changelog: YamlDoc | None = None
    provinces: CsvDoc | None = None
    groups: YamlDoc | None = None  # geography/groups.yml, optional
    indicators: dict[str, YamlDoc] = field(default_factory=dict)
    observations: dict[str, CsvDoc] = field(default_factory=dict)
    revisions: dict[str, CsvDoc] = field(default_factory=dict)  # earlier values of revised figures
    files: list[Path] = field(default_factory=list)


def load(root: Path) -> tuple[RawData, list[Problem]]:
    """Read the data folder `root`; problems are syntax and encoding errors only."""
    raw = RawData(root=root)
    problems: list[Problem] = list(_links_outside(root))
    for name in YAML_FILES:
        path = root / f"{name}.yml"
        if path.exists() or path.is_symlink():
            setattr(raw, name, _guarded(_read_yaml, path, root, problems))
            raw.files.append(path)
    provinces = root / "geography" / "provinces.csv"
    if provinces.exists() or provinces.is_symlink():
        raw.provinces = _guarded(_read_csv, provinces, root, problems)
        raw.files.append(provinces)
    groups = root / "geography" / "groups.yml"
    if groups.exists() or groups.is_symlink():
        raw.groups = _guarded(_read_yaml, groups, root, problems)
        raw.files.append(groups)
    for path in sorted((root / "indicators").glob("*.y*ml")):
        doc = _guarded(_read_yaml, path, root, problems)
        if doc is not None:
            raw.indicators[path.stem] = doc
        raw.files.append(path)
    for path in sorted((root / "observations").glob("*.csv")):
        table = _guarded(_read_csv, path, root, problems)
        if table is not None:
            raw.observations[path.stem] = table
        raw.files.append(path)
    for path in sorted((root / "revisions").glob("*.csv")):
        table = _guarded(_read_csv, path, root, problems)
        if table is not None:
            raw.revisions[path.stem] = table
        raw.files.append(path)
    problems += _unknown_files(root)
    return raw, list(dict.fromkeys(problems))


def _guarded(read: Callable[[Path, Path, list[Problem]], Any], path: Path, root: Path, problems: list[Problem]) -> Any:
    """Read one file; an error no check foresaw becomes a problem naming the file, never a traceback."""
    try:
        return _remembered(read, path, root, problems)
    except Exception as err:  # noqa: BLE001 (the catch-all is the point)
        problems.append(internal_error(err, root, _name(path, root)))
        return None


def _remembered(read: Callable[[Path, Path, list[Problem]], Any], path: Path, root: Path,
                problems: list[Problem]) -> Any:  # fmt: skip
    """`read(path, root, problems)`, or what it gave for the same bytes before, in a live preview.

    Only a plain file is remembered: a link, a folder or a file too large is read (and refused)
    every time, since what decides that is not in its bytes.
    """
    if not cache_store.keeping() or path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BYTES:
        return read(path, root, problems)
    digest = cache_store.key("load", read.__name__, str(path), str(root), cache_store.file_hash(path))
    if (kept := cache_store.remembered("load", digest)) is not None:
        doc, found = pickle.loads(kept)  # noqa: S301 (this process's own pickle, kept in its memory)
    else:
        found = []
        doc = read(path, root, found)
        cache_store.remember("load", digest, pickle.dumps((doc, found), protocol=pickle.HIGHEST_PROTOCOL))
    problems += found
    return doc


def csv_records(data: bytes) -> list[list[str]] | None:
    """The records of a CSV file's bytes, blank lines left out, read as load reads the data
    folder's CSV; None when they are not UTF-8 CSV. For the same file at another commit."""
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        return [cells for cells, _ in _parse_csv(text) if any(c.strip() for c in cells)]
    except (UnicodeDecodeError, _CsvError):
        return None


# --- files the build must not read -------------------------------------------------------


def _links_outside(root: Path) -> list[Problem]:
    """Every link in the data folder that leads out of it: the build reads only the repository's own files."""
    found = []
    for folder, dirs, files in os.walk(root):
        for entry in sorted((*dirs, *files)):
            path = Path(folder, entry)
            if path.is_symlink() and _outside(path, root):
                found.append(_link_problem(path, root))
    return found


def _outside(path: Path, root: Path) -> bool:
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def _name(path: Path, root: Path) -> str:
    """A file's name as editors see it (data/...): a link's own name, not its target's."""
    try:
        return Path(root.resolve().name, path.relative_to(root)).as_posix()
    except ValueError:
        return relative(path, root)


def _link_problem(path: Path, root: Path) -> Problem:
    return problem("link-outside", Place(_name(path, root)))


def _readable(path: Path, root: Path, problems: list[Problem]) -> bool:
    """A plain file inside the data folder, small enough to read."""
    name = _name(path, root)
    if _outside(path, root):
        problems.append(_link_problem(path, root))
    elif not path.is_file():
        problems.append(problem("unreadable-file/not-plain", Place(name)))
    elif (size := path.stat().st_size) > MAX_BYTES:
        problems.append(problem("file-too-large", Place(name), size=f"{size / 1e6:.0f}", most=MAX_BYTES // 1_000_000))
    else:
        return True
    return False


# --- files the build would silently ignore -------------------------------------------------


def _unknown_files(root: Path) -> list[Problem]:
    """Spreadsheets, misnamed files and strays where the build looks for data.

    Other folders (documentation, future geography files) are left alone on purpose.
    """
    problems = []
    expected = {".yml": ("indicators",), ".yaml": ("indicators",), ".csv": ("observations", "revisions")}
    for folder in ("", "indicators", "observations", "revisions"):
        for path in sorted((root / folder).glob("*")):
            if not path.is_file() or path.name.startswith(".") or path.suffix.lower() in (".md", ".txt"):
                continue
            if folder == "" and path.suffix == ".yml" and path.stem in YAML_FILES:
                continue  # site-wide files, each checked against its schema
            if folder and folder in expected.get(path.suffix, ()):
                continue
            place = Place(relative(path, root))
            if path.suffix.lower() in SPREADSHEETS:
                problems.append(problem("unknown-file/spreadsheet", place))
            elif path.suffix.lower() in expected and path.suffix != path.suffix.lower():
                problems.append(problem("unknown-file/suffix", place, suffix=path.suffix.lower()))
            elif path.suffix.lower() == ".csv":
                problems.append(problem("unknown-file/csv", place))
            elif path.stem == "groups":
                problems.append(problem("unknown-file/groups", place))
            elif path.suffix.lower() in (".yml", ".yaml"):
                problems.append(problem("unknown-file/yaml", place, files=", ".join(f"{n}.yml" for n in YAML_FILES)))
            else:
                problems.append(problem("unknown-file", place))
    return problems


# --- YAML ---------------------------------------------------------------------------------


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> YamlDoc | None:
    if (read := _text(path, root, problems)) is None:
        return None
    name, text = read
    if "\t" in text:
        before = text[: text.index("\t")]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        indent = not before[before.rfind("\n") + 1 :].strip()
        problems.append(
            problem("yaml-tab/indent", Place(name, line, column))
            if indent
            else problem("yaml-tab", Place(name, line, column))
        )
        return None
    try:
        node = _composed(text)
        deep = _too_deep(node)
    except RecursionError:  # nested too deeply for the composer itself
        node, deep = None, _deep_event(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problems.append(problem("yaml-syntax", Place(name, line, col), error=err.problem or err.context))
        return None
    except yaml.YAMLError as err:  # a reader error: a character YAML does not accept
        problems.append(_control_character(name, text, getattr(err, "position", 0)))
        return None
    if deep is not None:
        problems.append(problem("yaml-too-deep", Place(name, deep.line + 1, deep.column + 1), most=MAX_DEPTH))
        return None
    if "*" in text and (aliases := _aliases(text)):
        for alias in aliases:
            problems.append(problem("yaml-alias", Place(name, alias.line + 1, alias.column + 1)))
        return None
    doc = YamlDoc(name, None)
    if node is None:
        return doc
    doc.data = _Converter(doc, problems).convert(node, ())
    return doc


def _composed(text: str) -> yaml.Node | None:
    """yaml.compose(text), by libyaml where that is safe: ten times faster than PyYAML's own reader.

    libyaml's composer recurses in C with no limit (a file nested 100,000 deep crashes the
    process), and loops for ever on a block that names itself (`a: &x [*x]`), so it gets only a
    file whose events nest no deeper than MAX_DEPTH, with no `*` (no alias; a file with one is
    refused anyway). Anything else goes to PyYAML's reader, so its answer, its error messages and
    the places editors see stay what they were: a file libyaml refuses, and one with an empty value,
    which libyaml may place a column or a line apart from where PyYAML does. (libyaml accepts a
    few forms PyYAML refuses, such as `a: |#`; it reads them as the YAML specification's own
    reference parser does.)
    """
    try:
        if "*" not in text and _deep_event(text, yaml.CSafeLoader) is None:
            node = yaml.compose(text, Loader=yaml.CSafeLoader)
            if isinstance(node, yaml.CollectionNode) and not _has_empty_value(node):
                return node
    except yaml.YAMLError:
        pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _has_empty_value(node: yaml.Node) -> bool:
    """Whether a tree holds an empty plain scalar (`a:` or `{a: }`), walking without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            if current.value == "" and not current.style:
                return True
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value
        elif isinstance(current, yaml.MappingNode):
            stack += (item for pair in current.value for item in pair)
    return False


class _Position(Protocol):
    """Where in a file the YAML reader is: the Mark of its Python or of its C reader."""

    line: int
    column: int


def _too_deep(node: yaml.Node | None) -> _Position | None:
    """Where the first block or list nested deeper than MAX_DEPTH starts, walking without recursion.

    Each node is visited once, so aliases (refused later, with their own problem) cannot make
    the walk repeat a block or go round in a circle.
    """
    stack = [(node, 1)] if isinstance(node, yaml.CollectionNode) else []
    seen: set[int] = set()
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            return current.start_mark
        if id(current) in seen:
            continue
        seen.add(id(current))
        children = (
            current.value if isinstance(current, yaml.SequenceNode) else [n for pair in current.value for n in pair]
        )
        stack += [(c, depth + 1) for c in reversed(children) if isinstance(c, yaml.CollectionNode)]
    return None


def _deep_event(text: str, loader: type[yaml.SafeLoader | yaml.CSafeLoader] = yaml.SafeLoader) -> _Position | None:
    """The same place, from the parser's events (read without recursion): for a file nested too
    deeply to compose at all, and before libyaml composes one."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _aliases(text: str) -> list[_Position]:
    """Where the file uses aliases: an alias can repeat a block, or nest it without end."""
    events = yaml.parse(text, Loader=yaml.SafeLoader)
    return [event.start_mark for event in events if isinstance(event, yaml.AliasEvent) and event.start_mark]


class _Converter:
    """Turn a composed YAML node tree into Python values, recording every position."""

    def __init__(self, doc: YamlDoc, problems: list[Problem]) -> None:
        self.doc, self.problems = doc, problems
        self.constructor = yaml.SafeLoader("")

    def convert(self, node: yaml.Node, path: YamlPath) -> Any:
        self.doc.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as err:
            self._problem(node, "yaml-value", error=str(err))
            return str(node.value)
        if isinstance(value, str) and (bad := _invisible().search(value)):
            # Written as an escape ("\u202e") in quotes: the file itself has no such character.
            found = _control_character(self.doc.path, "", 0, got=bad[0])
            key = "invisible-character/value" if found.code == "invisible-character" else "control-character/value"
            self._problem(node, key, **dict(found.values))
        return value

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "yaml-key")
                continue
            # Keys are read as written: `no:` or `2018:` stay text rather than YAML's false or 2018.
            key = str(key_node.value)
            if key in result:
                first = self.doc.keys[(*path, key)]
                self._problem(key_node, "yaml-duplicate-key", key=key, first=first.line)
                continue
            self.doc.keys[(*path, key)] = _mark(key_node)
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _problem(self, node: yaml.Node, key: str, /, **values: object) -> None:
        """The problem `key` (codes.yml) where `node` starts, filled in with `values`."""
        mark = node.start_mark
        values.pop("where", None)  # the place's own name, given again by problem()
        self.problems.append(problem(key, Place(self.doc.path, mark.line + 1, mark.column + 1), None, **values))


def _mark(node: yaml.Node) -> Mark:
    raw = node.value if isinstance(node, yaml.ScalarNode) else ""
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1, str(raw), quoted)


# --- CSV ----------------------------------------------------------------------------------


class _CsvError(Exception):
    """A record CSV cannot read: where, and the problem's key in codes.yml (csv-syntax/...)."""

    def __init__(self, line: int, column: int, key: str) -> None:
        super().__init__(key)
        self.line, self.column, self.key = line, column, key


def _read_csv(path: Path, root: Path, problems: list[Problem]) -> CsvDoc | None:
    if (read := _text(path, root, problems)) is None:
        return None
    name, text = read
    first_line = text.split("\n", 1)[0]
    if first_line.lower().startswith("sep="):
        problems.append(problem("csv-delimiter/sep", Place(name, 1, 1), first_line))
        return None
    if first_line.count(";") > first_line.count(","):
        problems.append(problem("csv-delimiter/semicolons", Place(name, 1, 1)))
        return None
    if first_line.count("\t") > first_line.count(","):
        problems.append(problem("csv-delimiter/tabs", Place(name, 1, 1)))
        return None
    try:
        # A record is blank when its cells joined are (one C call per row, not a generator).
        records = ((cells, spots) for cells, spots in _parse_csv(text) if "".join(cells).strip())
        parsed = list(itertools.islice(records, MAX_ROWS + 2))  # the header, the rows allowed, one too many
    except _CsvError as err:
        problems.append(problem(err.key, Place(name, err.line, err.column)))
        return None
    if len(parsed) > MAX_ROWS + 1:
        problems.append(problem("too-many-rows", Place(name, parsed[-1][1][0][0], 1), most=MAX_ROWS))
        return None
    if not parsed:
        problems.append(problem("csv-empty", Place(name, 1)))
        return None
    (header, header_cells), body = parsed[0], parsed[1:]
    return CsvDoc(
        name,
        header,
        rows=[(spots.line if isinstance(spots, _PlainSpots) else spots[0][0], cells) for cells, spots in body],
        cells=[spots for _, spots in body],
        header_cells=header_cells,
    )


def _parse_csv(text: str) -> Iterator[tuple[list[str], Sequence[tuple[int, int]]]]:
    """Yield (cells, [(line, column) of each cell]) for every record of RFC 4180 CSV text.

    Our own small reader rather than the csv module, so that every cell knows where it
    starts and an unclosed quote is reported where it was opened, not at the end of the file.
    """
    line, column, i, n = 1, 1, 0, len(text)
    while i < n:
        end = text.find("\n", i)
        end = n if end < 0 else end
        if text.find('"', i, end) < 0:  # no quotes: a plain split, in C, and each cell's column from the lengths
            plain = text[i:end].split(",")
            yield plain, _PlainSpots(line, plain)
            i, line = end + 1, line + 1
            continue
        cells: list[str] = []
        spots: list[tuple[int, int]] = []
        while True:
            spots.append((line, column))
            if i < n and text[i] == '"':
                open_line, open_column = line, column
                i, column = i + 1, column + 1
                chunk: list[str] = []
                while True:
                    if i >= n:
                        raise _CsvError(open_line, open_column, "csv-syntax/unclosed")
                    char = text[i]
                    if char == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            chunk.append('"')
                            i, column = i + 2, column + 2
                            continue
                        i, column = i + 1, column + 1
                        break
                    chunk.append(char)
                    if char == "\n":
                        line, column = line + 1, 1
                    else:
                        column += 1
                    i += 1
                if i < n and text[i] not in ",\n":
                    raise _CsvError(line, column, "csv-syntax/after-quote")
                cells.append("".join(chunk))
            else:
                end = i
                while end < n and text[end] not in ",\n":
                    end += 1
                cells.append(text[i:end])
                column += end - i
                i = end
            if i < n and text[i] == ",":
                i, column = i + 1, column + 1
                continue
            break
        if i < n:  # the newline ending the record
            i, line, column = i + 1, line + 1, 1
        yield cells, spots


class _PlainSpots(Sequence[tuple[int, int]]):
    """Where each cell of a record without quotes starts, worked out only when asked (most never are)."""

    __slots__ = ("cells", "line")

    def __init__(self, line: int, cells: list[str]) -> None:
        self.line, self.cells = line, cells

    def __len__(self) -> int:
        return len(self.cells)

    def __getitem__(self, i: Any) -> Any:  # an index or a slice, as for a list
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        return self.line, 1 + sum(len(c) + 1 for c in self.cells[:i])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def _text(path: Path, root: Path, problems: list[Problem]) -> tuple[str, str] | None:
    """A data file's name (as problems give it) and text; None, with the problem, when unreadable."""
    if not _readable(path, root, problems):
        return None
    name = relative(path, root)
    text = _decode(path, name, problems)
    return None if text is None else (name, text)


def _decode(path: Path, name: str, problems: list[Problem]) -> str | None:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 2:
        problems.append(problem("encoding/utf-16", Place(name, 1)))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line_start = data.rfind(b"\n", 0, err.start) + 1
        line = data[: err.start].count(b"\n") + 1
        column = len(data[line_start : err.start].decode("utf-8", errors="replace")) + 1
        got = data[err.start : err.start + 1].decode("cp1252", errors="replace")
        problems.append(problem("encoding", Place(name, line, column), got))
        return None
    # Excel writes CRLF; a lone CR is an old Mac line ending. Both read as plain newlines.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if bad := _first_invisible(text):
        problems.append(_control_character(name, text, bad.start(), got=bad[0]))
        return None
    return text


def _first_invisible(text: str) -> re.Match[str] | None:
    """The first invisible character of a file's text, as _invisible().search finds it, sooner: a
    file has a few dozen distinct characters, and only one that holds a refused one is searched
    (the search alone read 100,000 observations in 0.7 s)."""
    return _invisible().search(text) if any(_invisible().match(c) for c in set(text)) else None


@cache
def _invisible() -> re.Pattern[str]:
    """Every invisible character refused in data: controls but tab and newline, format characters
    (right-to-left overrides can show "298" for 892) but Khmer's, and line separators.

    A byte-order mark opening a file is the encoding's mark, read away with it; one anywhere
    else is refused like any other.
    """
    # Which characters those are depends only on the Unicode version: kept in the build cache
    # (scripts/cache.py), since finding them is a twentieth of a second of every process.
    digest = cache_store.key("invisible", unicodedata.unidata_version, KHMER_FORMAT)
    return re.compile(cache_store.cached_text("invisible", digest, _refused_characters))


def _refused_characters() -> str:
    """_invisible's pattern: a class of every control, format and separator character but those kept."""
    # Planes 2 to 13 hold ideographs and nothing yet, 15 and 16 private use: none has such a
    # character, so they are not searched (a tenth of the code points, a tenth of the time).
    chars = (chr(c) for c in itertools.chain(range(0x20000), range(0xE0000, 0xF0000)))
    kept = "\t\n" + KHMER_FORMAT
    refused = [c for c in chars if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c not in kept]
    return "[" + "".join(re.escape(c) for c in refused) + "]"


def _control_character(name: str, text: str, position: int, got: str | None = None) -> Problem:
    """An invisible control or format character at `position`, located by line and column."""
    before = text[:position]
    line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    if got and unicodedata.category(got) != "Cc":
        what = unicodedata.name(got, "formatting character").lower()
        return problem("invisible-character", Place(name, line, column), got, code=f"U+{ord(got):04X}", what=what)
    return problem("control-character", Place(name, line, column), got)
