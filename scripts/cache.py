"""A content-addressed cache of build products, so work whose inputs have not changed is not redone.

An entry is found by the SHA-256 of everything that determines its content (a chart's spec and
the renderer's version, a font's glyph set and source file, ...): change any input and the key
changes. Each entry starts with a line naming the key it was stored under and the SHA-256 of
its content; an entry whose first line does not match (a truncated write, a disk error, a file
copied from another key or written by another program) is deleted and made again, never
returned. Entries are written to a temporary file and renamed, so concurrent builds (threads or
processes) never see half an entry. The cache lives in .cache/build/ (git-ignored), or wherever
the CTIP_CACHE environment variable points; CTIP_CACHE=off turns it off.

A live preview (scripts/serve.py) builds again in the same process after every edit; it calls
`keep_in_memory`, and from then on every entry it uses is kept in memory too, so that a
rebuild reads from disk only what it had not used before. Some products are worth keeping only
in such a process and are never written to disk (`remember`, `remembered`: the parsed data
files, as pickles, which no file should ever hand the build).

Every build ends by pruning (`prune`): an entry that build did not use, and that no build used
in the hour before it began, is deleted, so the cache holds what the current code and data
make, not every chart ever drawn. Using an entry renews its file's time; only files laid out
and headed as entries (and temporary files a killed build left) are ever deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path

from scripts.paths import ROOT, SCRIPTS

FORMAT = 1  # bump when the entry layout changes: older entries are then never found
MAGIC = b"ctip-cache"
GRACE = 3600  # seconds before a build's start in which another build's use keeps an entry
TEMPORARY = ".tmp-"  # how put() names an entry being written
_DIGEST = re.compile(r"[0-9a-f]{64}")
MEMORY_BYTES = 512 * 1024 * 1024  # what a preview keeps in memory at most; past it, it starts again
# A live preview's entries by (kind, digest), with their total size; None in a one-off build.
_memory: dict[tuple[str, str], bytes] | None = None
_memory_size = [0]


def folder() -> Path | None:
    """Where entries are kept: $CTIP_CACHE, else .cache/build/ in the repository; None when off."""
    configured = os.environ.get("CTIP_CACHE", "")
    if configured.lower() in ("off", "0", "none"):
        return None
    return Path(configured) if configured else ROOT / ".cache" / "build"


def key(kind: str, *inputs: object) -> str:
    """The SHA-256 of an entry's kind and its inputs (JSON-serialisable values, bytes as hex)."""
    text = json.dumps([FORMAT, kind, *inputs], sort_keys=True, ensure_ascii=False, default=_bytes)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes: an input file's identity in a key (read in pieces: all.csv is 50 MB at 100k)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@cache
def code() -> str:
    """The SHA-256 of the build's own code (every file of scripts/: Python, YAML, templates,
    schemas, CSS): a key input of whatever that code makes, so a change anywhere in it makes
    everything again."""
    files = sorted(p for p in SCRIPTS.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return key("code", *(f"{p.relative_to(SCRIPTS)}:{file_hash(p)}" for p in files))


@cache
def package(name: str) -> str:
    """An installed distribution's version, a key input of what it makes: looked up once per
    process (each lookup reads the installed packages' metadata, a few milliseconds)."""
    return version(name)


def keep_in_memory() -> None:
    """Keep every entry used from now on in memory as well: for a process that builds again and again."""
    global _memory  # noqa: PLW0603 (one switch for the process: a preview's)
    if _memory is None:
        _memory = {}


def keeping() -> bool:
    """Whether this process keeps entries in memory (a live preview, with a cache)."""
    return _memory is not None and folder() is not None


def remember(kind: str, digest: str, content: bytes) -> None:
    """Keep `content` in memory only (never on disk), if this process keeps entries in memory."""
    if keeping():
        _keep(kind, digest, content)


def remembered(kind: str, digest: str) -> bytes | None:
    """What `remember` kept under `digest`, or None."""
    return _memory.get((kind, digest)) if _memory is not None and keeping() else None


def get(kind: str, digest: str) -> bytes | None:
    """The content stored under `digest`, or None if absent, corrupt or not ours (then removed)."""
    path = _path(kind, digest)
    if path is None:
        return None
    if _memory is not None and (kept := _memory.get((kind, digest))) is not None:
        _renew(path)  # still in use: prune keeps it on disk for the next fresh build
        return kept
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    header, _, content = raw.partition(b"\n")
    if header == _header(digest, content):
        _renew(path)
        if _memory is not None:
            _keep(kind, digest, content)
        return content
    path.unlink(missing_ok=True)  # damaged or foreign: never used, made again by the caller
    return None


def put(kind: str, digest: str, content: bytes) -> None:
    """Store `content` under `digest`, atomically; a cache that cannot be written is skipped."""
    path = _path(kind, digest)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=TEMPORARY, delete=False) as handle:
            handle.write(_header(digest, content) + b"\n" + content)
    except OSError:
        return
    try:
        os.replace(handle.name, path)
    except OSError:
        Path(handle.name).unlink(missing_ok=True)
    if _memory is not None:
        _keep(kind, digest, content)


def cached(kind: str, digest: str, make: Callable[[], bytes]) -> bytes:
    """The stored content for `digest`, or `make()`'s, stored for next time."""
    found = get(kind, digest)
    if found is not None:
        return found
    content = make()
    put(kind, digest, content)
    return content


def cached_text(kind: str, digest: str, make: Callable[[], str]) -> str:
    """`cached` for text (UTF-8)."""
    return cached(kind, digest, lambda: make().encode("utf-8")).decode("utf-8")


def prune(started: float) -> int:
    """Delete the entries not used since `started` - GRACE (a build's start, as time.time()), and
    the temporary files of writes killed as long ago; return how many files were deleted.

    Called when a build has finished: what it used was renewed after it started. The grace
    keeps what a build running beside it (another data folder, the test suite) uses.
    """
    root = folder()
    if root is None or not root.is_dir():
        return 0
    cutoff, deleted = started - GRACE, 0
    for bucket in (b for kind in _folders(root) for b in _folders(kind) if re.fullmatch("[0-9a-f]{2}", b.name)):
        for entry in _files(bucket):
            try:
                if entry.stat().st_mtime < cutoff and (entry.name.startswith(TEMPORARY) or _is_entry(entry, bucket)):
                    os.unlink(entry.path)
                    deleted += 1
            except OSError:  # gone already, or not ours to delete
                continue
        with contextlib.suppress(OSError):  # only an empty folder goes
            bucket.rmdir()
    return deleted


def _is_entry(entry: os.DirEntry[str], bucket: Path) -> bool:
    """A file named and headed as put() writes an entry: nothing else in the folder is deleted."""
    if not (_DIGEST.fullmatch(entry.name) and entry.name.startswith(bucket.name)):
        return False
    with open(entry.path, "rb") as handle:
        return handle.read(len(MAGIC) + 1) == MAGIC + b" "


def _folders(path: Path) -> list[Path]:
    try:
        return [p for p in path.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return []


def _files(path: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as found:
            return [e for e in found if e.is_file(follow_symlinks=False)]
    except OSError:
        return []


def _keep(kind: str, digest: str, content: bytes) -> None:
    """Keep an entry in memory; past MEMORY_BYTES the memory starts again, empty."""
    if _memory is None:
        return
    if _memory_size[0] + len(content) > MEMORY_BYTES:
        _memory.clear()
        _memory_size[0] = 0
    if (kind, digest) not in _memory:
        _memory_size[0] += len(content)
    _memory[(kind, digest)] = content


def _renew(path: Path) -> None:
    """Mark an entry as used now, so that prune keeps it (a read-only cache is left as it is)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _path(kind: str, digest: str) -> Path | None:
    root = folder()
    return None if root is None else root / kind / digest[:2] / digest


def _header(digest: str, content: bytes) -> bytes:
    """An entry's first line: the format, the key it was stored under, the SHA-256 of its content."""
    return b" ".join(
        (MAGIC, str(FORMAT).encode(), digest.encode("ascii"), hashlib.sha256(content).digest().hex().encode())
    )


def _bytes(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"not a cache key input: {type(value).__name__}")
