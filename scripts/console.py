"""What a build prints: one timed line per stage, and from libraries only their warnings.

An editor or maintainer reads the terminal to see that a build worked and where its time
went; progress chatter from fonttools, khmer-nltk or MkDocs would hide what matters.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Libraries that log progress at INFO. Their warnings (MkDocs' strict-mode ones above all)
# still show.
CHATTY = ("fontTools", "mkdocs", "khmer-nltk")


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time one stage and print it as `  charts      3.2 s` when it succeeds.

    With CTIP_STAGE_LOG set to a file (tests/bench.py), each stage also appends a JSON line
    with its wall and processor seconds (every thread's): on a shared machine the clock
    measures the neighbours too, the processor time only this build.
    """
    start, cpu = time.perf_counter(), time.process_time()
    yield
    wall = time.perf_counter() - start
    print(f"  {name:<10} {wall:5.1f} s", flush=True)
    if log := os.environ.get("CTIP_STAGE_LOG"):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"stage": name, "wall": wall, "cpu": time.process_time() - cpu}) + "\n")


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
