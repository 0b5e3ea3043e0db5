"""Lighthouse 12.2.3 (mobile) on the four kinds of page: scores reported, never a gate (they are timings).

Lighthouse is pinned in lighthouse/package.json and package-lock.json beside this file and
installed with `npm ci` (Lighthouse 13 needs Node 22; 12.2.3 runs on Node 20). It drives the same
Chromium as the rest of the audit, with the same flags.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.siteaudit.site import CHROMIUM, CHROMIUM_FLAGS

FOLDER = Path(__file__).parent / "lighthouse"
CLI = FOLDER / "node_modules" / "lighthouse" / "cli" / "index.js"


def install() -> str | None:
    """Install the pinned Lighthouse with `npm ci` when it is missing; None when it is there, else why not."""
    if CLI.exists():
        return None
    if not shutil.which("npm"):
        return "npm is not installed (Node 20 and npm: apt-get install nodejs npm)"
    result = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER, capture_output=True, text=True
    )
    return None if result.returncode == 0 and CLI.exists() else f"npm ci failed: {result.stderr.strip()[-300:]}"


def run(url: str) -> dict:
    """One mobile run: performance and accessibility scores, layout shift, the slowest metrics, a11y failures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
        result = subprocess.run(
            ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
             "--only-categories=performance,accessibility", f"--chrome-flags={flags}", "--max-wait-for-load=60000"],
            capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM},
        )  # fmt: skip
        if not out.exists():
            return {"error": (result.stderr or result.stdout).strip()[-300:]}
        report = json.loads(out.read_text(encoding="utf-8"))
    audits, categories = report["audits"], report["categories"]
    failing = [
        f"{a['id']}: {a['title']}"
        for ref in categories["accessibility"]["auditRefs"]
        if ref["weight"] and (a := audits[ref["id"]])["score"] is not None and a["score"] < 1
    ]
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "accessibility_failing": failing,
        "warnings": report.get("runWarnings", []),
    }
