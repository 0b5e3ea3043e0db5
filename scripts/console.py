"""What a build prints: one timed line per stage, and from libraries only their warnings.

An editor or maintainer reads the terminal to see that a build worked and where its time
went; progress chatter from fonttools, khmer-nltk or MkDocs would hide what matters.

Some of the project's work runs inside another stage: MkDocs calls the project's hooks
(scripts/mkdocs_hooks.py: Khmer word breaks, escaping) while it builds. That work is timed as a
`part` and reported on a line of its own after the stage it ran in, so that MkDocs' own time
is the stage's time less its parts (tests/bench.py counts it so).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

# Libraries that log progress at INFO. Their warnings (MkDocs' strict-mode ones above all)
# still show.
CHATTY = ("fontTools", "mkdocs", "khmer-nltk")
P = ParamSpec("P")
R = TypeVar("R")
# The parts timed since the innermost stage began: name -> [wall, processor] seconds.
_parts: dict[str, list[float]] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time one stage and print it as `  charts      3.2 s` when it succeeds.

    With CTIP_STAGE_LOG set to a file (tests/bench.py), each stage also appends a JSON line
    with its wall and processor seconds (every thread's): on a shared machine the clock
    measures the neighbours too, the processor time only this build.
    """
    outer = dict(_parts)
    _parts.clear()
    start, cpu = time.perf_counter(), time.process_time()
    try:
        yield
        _report(name, time.perf_counter() - start, time.process_time() - cpu)
        for part_name, (wall, used) in sorted(_parts.items()):  # the project's work inside this stage
            _report(part_name, wall, used, within=name)
    finally:
        _parts.clear()
        _parts.update(outer)


def part(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Time every call of a function as part `name` of whatever stage calls it (MkDocs' hooks).

    Processor time is the calling thread's own: MkDocs runs its hooks on the build's thread, and
    a preview's warm-up thread running meanwhile is not the hooks' work.
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = _parts.setdefault(name, [0.0, 0.0])
                spent[0] += time.perf_counter() - start
                spent[1] += time.thread_time() - cpu

        return timed

    return decorate


def _report(name: str, wall: float, cpu: float, within: str = "") -> None:
    """A stage's line, and with CTIP_STAGE_LOG its JSON line (a part's names the stage it ran `within`)."""
    print(f"  {name:<10} {wall:5.1f} s", flush=True)
    if log := os.environ.get("CTIP_STAGE_LOG"):
        entry = {"stage": name, "wall": wall, "cpu": cpu} | ({"within": within} if within else {})
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")


def quiet() -> None:
    """Show only warnings and errors from chatty libraries, whatever the root logger's level."""
    for name in CHATTY:
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        # khmer-nltk sets its own logger to DEBUG when imported: a filter survives that.
        if _warnings_only not in logger.filters:
            logger.addFilter(_warnings_only)


def _warnings_only(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING
