"""Work done in a Python process of its own, so that its memory goes back when the process ends.

Some build products depend on no data and are made once per cold build: vl-convert's JavaScript
bundle (its bundler leaves the build's process some 130 MB larger, held to the end) and the
font subsets (fontTools). Made in a child process, that memory is returned as soon as the
product is made, and the work runs on another core beside the charts instead of taking turns
with them for Python's lock. The result comes back pickled on the child's standard output.

Work that is not awaited soon can run `patient`ly: at a lower priority (nice), so that on a busy
machine the build's own stages get the cores first and the patient work takes what they leave.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from scripts.paths import ROOT

# The child imports the function's module, calls it with the arguments and pickles its result.
CHILD = "import pickle, sys; from {module} import {name}; pickle.dump({name}(*pickle.load(sys.stdin.buffer)), sys.stdout.buffer)"
# How much lower a patient child's priority is (nice, 0 to 19): low enough to give way to the
# build's other work, not so low that a machine busy with other work starves it.
PATIENT = 5
NICE = "import os; hasattr(os, 'nice') and os.nice({niceness}); "


def apart(function: str, *args: Any, patient: bool = False) -> Any:
    """`module:function(*args)` called in a fresh Python process; its result, or RuntimeError with the child's error.

    `patient` runs it at a lower priority (PATIENT), for work the build needs only later.
    """
    module, name = function.split(":")
    code = (NICE.format(niceness=PATIENT) if patient else "") + CHILD.format(module=module, name=name)
    child = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        input=pickle.dumps(args),
        capture_output=True,
        check=False,
    )
    if child.returncode:
        error = child.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise RuntimeError(f"{function} failed in its own process: {error[-1] if error else child.returncode}")
    return pickle.loads(child.stdout)  # noqa: S301 (our own child's output)


def resident_mb() -> float:
    """The memory this process holds now, in MB (Linux's /proc; elsewhere its peak so far)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024
