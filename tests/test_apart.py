"""Work done in a process of its own (scripts/apart.py): the same result as in the build's, and a located failure."""

from __future__ import annotations

import os

import pytest

from scripts.apart import apart


def test_a_function_run_apart_gives_its_result_from_another_process() -> None:
    assert apart("os.path:join", "a", "b") == os.path.join("a", "b")
    assert apart("os:getpid") != os.getpid()


def test_a_failure_apart_names_the_function_and_the_error() -> None:
    with pytest.raises(RuntimeError, match=r"^scripts\.fonts:_instance failed in its own process: \w+Error"):
        apart("scripts.fonts:_instance", "not a weight")
