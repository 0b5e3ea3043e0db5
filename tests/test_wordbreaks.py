"""Khmer word breaks: the words khmer-nltk finds, without the libraries its model file would import."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import pytest

from scripts import wordbreaks
from scripts.i18n import locale

ROOT = Path(__file__).resolve().parent.parent
KHMER = re.compile("[\u1780-\u17ff]")


def test_the_words_are_those_khmer_nltk_finds_with_its_own_loader() -> None:
    """The model read by python-crfsuite alone tags every letter cluster as khmer-nltk's own
    loader (scikit-learn's CRF around the same model) does: the same words on every page."""
    from khmernltk.utils.data import cleanup_str, seg_kcc
    from khmernltk.utils.file_utils import load_model
    from khmernltk.word_tokenize import model_path
    from khmernltk.word_tokenize.features import create_kcc_features

    texts = [text for text in _strings(locale("km").strings) if KHMER.search(text)]
    features = [create_kcc_features(seg_kcc(cleanup_str(text))) for text in texts]
    assert len(features) > 100
    theirs = [list(labels) for labels in load_model(model_path).predict(features)]
    assert wordbreaks._Model(Path(model_path)).predict(features) == theirs


def test_a_khmer_chart_legend_loads_neither_scikit_learn_nor_pandas(tmp_path: Path) -> None:
    """Loading the segmenter once imported scikit-learn, SciPy and pandas (two seconds of every cold
    build) and let chart threads see a half-imported pandas."""
    code = (
        "import sys; from scripts.chartparts import _wrap; import scripts.chartdraw;"
        "_wrap('របាយការណ៍ប្រចាំឆ្នាំរបស់គណៈកម្មាធិការជាតិ', 34);"
        "print(sorted(m for m in ('sklearn', 'scipy', 'pandas') if m in sys.modules))"
    )
    env = dict(os.environ, CTIP_CACHE=str(tmp_path))  # no words known yet: the model is loaded
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_saving_keeps_the_words_another_process_saved_meanwhile(tmp_path: Path) -> None:
    """A cold build's charts drawn in a process apart save the words they found; the build's own
    save, later, from the words it had read before, keeps them rather than writing over them."""
    code = (
        "import sys; from scripts import wordbreaks as w; w._words(); sys.stdin.readline(); w.segment({!r}); w.save()"
    )
    env = dict(os.environ, CTIP_CACHE=str(tmp_path))
    build = subprocess.Popen([sys.executable, "-c", code.format("ករណី")], cwd=ROOT, env=env, stdin=subprocess.PIPE)
    subprocess.run([sys.executable, "-c", code.format("ជនរងគ្រោះ")], cwd=ROOT, env=env, input=b"\n", check=True)
    build.communicate(b"\n")  # it read the words before the other process saved its own
    assert build.returncode == 0
    assert {"ករណី", "ជនរងគ្រោះ"} <= set(json.loads((tmp_path / "khmer-words.json").read_text(encoding="utf-8")))


def test_a_model_file_holding_anything_else_is_refused(tmp_path: Path) -> None:
    """The model file is a pickle: only the classes a khmer-nltk model is made of are read."""
    path = tmp_path / "model.sav"
    path.write_bytes(pickle.dumps(OrderedDict()))
    with pytest.raises(pickle.UnpicklingError, match="collections.OrderedDict"):
        wordbreaks._Model(path)


def _strings(tree: object) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    if isinstance(tree, dict):
        return [s for value in tree.values() for s in _strings(value)]
    if isinstance(tree, (list, tuple)):
        return [s for value in tree for s in _strings(value)]
    return []
