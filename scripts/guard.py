"""The last line of defence: an unexpected error while reading data becomes a located problem.

Editors must never see a traceback for something in their files. When reading or checking
a file fails in a way no check foresaw, the error is reported against the file being worked
on when it happened (found from the traceback's own records), with a hint to report it.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from scripts.problems import Place, Problem, problem, relative


def internal_error(err: BaseException, root: Path, path: str | None = None) -> Problem:
    """A problem for `err`, naming `path` or else the data file the failing code was reading."""
    where, line = (path, 0) if path else _where(err.__traceback__, root)
    what = f"{type(err).__name__}: {err}"
    if isinstance(err, OSError):
        return problem("unreadable-file", Place(where, line), error=err.strerror or what)
    return problem("internal-error", Place(where, line), error=_short(what))


def _where(tb: TracebackType | None, root: Path) -> tuple[str, int]:
    """The data file (and line, when known) of the innermost frame that was working on one."""
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        names = frame.f_locals
        for value in names.values():
            if found := _file_of(value, root):
                line = names.get("line")
                return found, line if isinstance(line, int) and not isinstance(line, bool) and line > 0 else 0
    return root.name, 0


def _file_of(value: object, root: Path) -> str | None:
    """The data file a local variable stands for: a document, a record that knows its file, a path."""
    from scripts.load import CsvDoc, YamlDoc

    if isinstance(value, (CsvDoc, YamlDoc)):
        return value.path
    path = getattr(getattr(value, "where", None), "path", None)
    if isinstance(path, str) and path:
        return path
    if isinstance(value, Path) and value.suffix in (".yml", ".yaml", ".csv"):
        return relative(value, root)
    return None


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
