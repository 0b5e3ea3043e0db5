"""The only stage that touches disk: stage the docs, run MkDocs, swap the finished site in.

The new site is built beside the old one and moved into place only when MkDocs succeeds,
so a failed build never leaves a half-built site behind.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def write(files: dict[str, str | bytes], out: Path, site_name: str, nav: list, config_file: Path = ROOT / "mkdocs.yml") -> None:
    """Build the site from docs/ plus the generated `files` into `out`, atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out.parent) as tmp:
        stage, built = Path(tmp) / "docs", Path(tmp) / "site"
        shutil.copytree(ROOT / "docs", stage, ignore=shutil.ignore_patterns("overrides"))
        for rel, text in sorted(files.items()):
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8", newline="\n")
        config = load_config(str(config_file), docs_dir=str(stage), site_dir=str(built), site_name=site_name, nav=nav)
        mkdocs_build(config)
        old = Path(tmp) / "old"
        if out.exists():
            out.rename(old)
        built.rename(out)
