"""A content-addressed cache of build products, so work whose inputs have not changed is not redone.

An entry is found by the SHA-256 of everything that determines its content (a chart's spec and
the renderer's version, a font's glyph set and source file, ...): change any input and the key
changes. Each entry starts with a line naming the key it was stored under and the SHA-256 of
its content; an entry whose first line does not match (a truncated write, a disk error, a file
copied from another key or written by another program) is deleted and made again, never
returned. Entries are written to a temporary file and renamed, so concurrent builds (threads or
processes) never see half an entry. The cache lives in .cache/build/ (git-ignored), or wherever
the CTIP_CACHE environment variable points; CTIP_CACHE=off turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from scripts.paths import ROOT

FORMAT = 1  # bump when the entry layout changes: older entries are then never found
MAGIC = b"ctip-cache"


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
    """The SHA-256 of a file's bytes: an input file's identity in a key."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def get(kind: str, digest: str) -> bytes | None:
    """The content stored under `digest`, or None if absent, corrupt or not ours (then removed)."""
    path = _path(kind, digest)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    header, _, content = raw.partition(b"\n")
    if header == _header(digest, content):
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
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
            handle.write(_header(digest, content) + b"\n" + content)
    except OSError:
        return
    try:
        os.replace(handle.name, path)
    except OSError:
        Path(handle.name).unlink(missing_ok=True)


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
