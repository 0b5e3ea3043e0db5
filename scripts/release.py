"""This build as a release: its commit and date, and how fresh each indicator is.

"Next expected update" is one publication cycle after the last update in the update log
(12 months for annual figures, 6 for half-yearly); a page is flagged overdue once the build
date has passed it. Dates come from the commit, never the clock, so rebuilding a commit
gives the same pages.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from scripts.model import Indicator

CYCLE_MONTHS = {"annual": 12, "half-yearly": 6}
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Release:
    """What a reader needs to cite this version and judge how current a figure is."""

    commit: str
    built: dt.date
    updated: dict[str, str] = field(default_factory=dict)

    def last_update(self, ind: Indicator) -> str:
        """YYYY-MM-DD of the indicator's last update, or '' when the log does not name it."""
        return self.updated.get(ind.id, "")

    def next_expected(self, ind: Indicator) -> str:
        """YYYY-MM-DD by which new figures are expected, or '' for irregular sources."""
        months = CYCLE_MONTHS.get(ind.update_frequency)
        last = self.last_update(ind)
        if not months or not last:
            return ""
        date = dt.date.fromisoformat(last)
        year, month = divmod(date.month - 1 + months, 12)
        return dt.date(date.year + year, month + 1, min(date.day, 28)).isoformat()

    def overdue(self, ind: Indicator) -> bool:
        """True once the build date has passed the next expected update."""
        expected = self.next_expected(ind)
        return bool(expected) and self.built.isoformat() > expected


def release(updated: dict[str, str]) -> Release:
    """The release being built: commit, date (from SOURCE_DATE_EPOCH or the commit), and the
    date each indicator was last updated (from the update log)."""
    commit = _git("rev-parse", "HEAD") or "unknown"
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or _git("log", "-1", "--format=%ct")
    built = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    return Release(commit, built, dict(updated))


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""
