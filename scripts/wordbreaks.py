"""Khmer word breaks: a zero-width space between the words of a run of Khmer letters.

Khmer is written without spaces between words. The MkDocs hooks (scripts/mkdocs_hooks.py) break
the text of Khmer pages, and the charts (scripts/chartparts.py) their wrapped legend labels.
MkDocs loads the hooks file as a module of its own, apart from the `scripts` package, so the
words found so far live here, in one place, for both: whichever finds a word, the next build
reads it from the cache (.cache/build/khmer-words.json, or $CTIP_CACHE: scripts/cache.py)
rather than segmenting it again (about a second for all of a site's words).
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import re
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from scripts import cache as cache_store

ZWSP = "\u200b"
# No break before a Khmer full stop (។ ៕) or the repetition sign (ៗ): the segmenter makes them
# words of their own, and a zero-width space before one would let it start a line.
NO_BREAK_BEFORE = re.compile("\u200b+(?=[\u17d4\u17d5\u17d7])")
_segments = {"changed": False}
# What khmer-nltk's model file may hold: the CRF that wraps the model, the file it keeps the
# model in, and its training log. Anything else in it is refused, never run.
_PICKLED = {
    ("sklearn_crfsuite.estimator", "CRF"),
    ("sklearn_crfsuite._fileresource", "FileResource"),
    ("pycrfsuite._logparser", "TrainLogParser"),
}
_loading = threading.Lock()


def segment(run: str) -> str:
    """One run of Khmer letters with zero-width spaces between its words."""
    words = _words()
    if run not in words:
        words[run] = ZWSP.join(w for w in _word_tokenize()(run.replace(ZWSP, "")) if w.strip())
        _segments["changed"] = True
    return NO_BREAK_BEFORE.sub("", words[run])


def save() -> None:
    """Keep the words segmented so far for the next build (segmentation is deterministic)."""
    path = _file()
    if not _segments["changed"] or path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # With the words another process saved meanwhile (a build's charts drawn apart: scripts/charts.py).
    words = _read(path) | _words()
    # Written aside and renamed: builds running at once (the test workers) never read half a file.
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(words, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)
    _segments["changed"] = False


def _file() -> Path | None:
    folder = cache_store.folder()
    return None if folder is None else folder / "khmer-words.json"


@cache
def _words() -> dict[str, str]:
    path = _file()
    return _read(path) if path else {}


def _read(path: Path) -> dict[str, str]:
    """The words saved in `path`; none if it cannot be read."""
    try:
        words: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return words


def _word_tokenize() -> Callable[[str], list[str]]:
    """khmer-nltk's word_tokenize, with its model loaded by python-crfsuite alone.

    The model file is a pickled sklearn-crfsuite CRF: unpickled as khmer-nltk does, it imports
    scikit-learn, SciPy and pandas (about two seconds of a cold build) only to hand python-crfsuite
    the model it holds. Here its classes are read as plain records and the model goes straight to
    python-crfsuite's tagger, the one the CRF would use itself: the same words, without them.
    """
    module: Any = importlib.import_module(
        "khmernltk.word_tokenize"
    )  # the module: the package's name for it is the function
    with _loading:  # chart threads may ask at once; the model is loaded once
        if module.crf_model is None:
            module.crf_model = _Model(Path(module.model_path))
    tokenize: Callable[[str], list[str]] = module.word_tokenize
    return tokenize


class _Model:
    """What khmer-nltk's word_tokenize asks of its model (predict), from the model file's tagger."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        with path.open("rb") as file:
            crf = _Unpickler(file).load()
        # The tagger reads the model where it lies in memory and keeps no reference to it: kept here.
        self._model: bytes = crf.modelfile.__dict__["__FILE_RESOURCE_DATA__"]
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(self._model)

    def predict(self, sequences: list[list[dict[str, Any]]]) -> list[list[str]]:
        """The labels of each sequence of features, as sklearn-crfsuite's CRF.predict gives them."""
        return [self._tagger.tag(features) for features in sequences]


class _Record:
    """A pickled object's attributes, without its class's code."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in _PICKLED:
            raise pickle.UnpicklingError(f"khmer-nltk's model file holds {module}.{name}, which is not expected")
        return type(name, (_Record,), {})
