"""Khmer word breaks: a zero-width space between the words of a run of Khmer letters.

Khmer is written without spaces between words. The MkDocs hooks (scripts/mkdocs_hooks.py) break
the text of Khmer pages, and the charts (scripts/chartparts.py) their wrapped legend labels.
MkDocs loads the hooks file as a module of its own, apart from the `scripts` package, so the
words found so far live here, in one place, for both: whichever finds a word, the next build
reads it from the cache (.cache/build/khmer-words.json, or $CTIP_CACHE: scripts/cache.py)
rather than loading the segmenter's model again (about two seconds).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

from scripts import cache as cache_store

ZWSP = "\u200b"
# No break before a Khmer full stop (។ ៕) or the repetition sign (ៗ): the segmenter makes them
# words of their own, and a zero-width space before one would let it start a line.
NO_BREAK_BEFORE = re.compile("\u200b+(?=[\u17d4\u17d5\u17d7])")
_segments = {"changed": False}


def segment(run: str) -> str:
    """One run of Khmer letters with zero-width spaces between its words."""
    words = _words()
    if run not in words:
        from khmernltk import word_tokenize

        words[run] = ZWSP.join(w for w in word_tokenize(run.replace(ZWSP, "")) if w.strip())
        _segments["changed"] = True
    return NO_BREAK_BEFORE.sub("", words[run])


def save() -> None:
    """Keep the words segmented so far for the next build (segmentation is deterministic)."""
    path = _file()
    if not _segments["changed"] or path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: builds running at once (the test workers) never read half a file.
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(_words(), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)
    _segments["changed"] = False


def _file() -> Path | None:
    folder = cache_store.folder()
    return None if folder is None else folder / "khmer-words.json"


@cache
def _words() -> dict[str, str]:
    path = _file()
    try:
        words: dict[str, str] = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}
    return words
