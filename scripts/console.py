"""What a build prints: one timed line per stage, and from libraries only their warnings.

An editor or maintainer reads the terminal to see that a build worked and where its time
went; progress chatter from fonttools, khmer-nltk or MkDocs would hide what matters.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Libraries that log progress at INFO. Their warnings (MkDocs' strict-mode ones above all)
# still show.
CHATTY = ("fontTools", "mkdocs", "khmer-nltk")


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time one stage and print it as `  charts      3.2 s` when it succeeds."""
    start = time.perf_counter()
    yield
    print(f"  {name:<10} {time.perf_counter() - start:5.1f} s", flush=True)


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
