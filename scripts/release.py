"""This build as a release: its commit and date, and how fresh each indicator is.

Freshness comes from the figures themselves, never from the date a file was edited. Each
indicator declares how often its figures appear (`update_frequency`) and how many months
after a period ends they are normally published (`release_lag_months`). The next figures
are those for the period after the latest one in the data; they are due by the end of that
period plus the lag, and overdue once the build date has passed it.

The build date comes from SOURCE_DATE_EPOCH (the weekly republishing run sets it to the run's
day) or else the commit, never the clock, so rebuilding a commit on a day gives the same pages.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from scripts.git import build_epoch, git
from scripts.model import Indicator, Period
from scripts.paths import ROOT

CYCLE_MONTHS = {"annual": 12, "half-yearly": 6}


@dataclass(frozen=True)
class Freshness:
    """What the latest figure covers, which figures come next, and by when."""

    latest: Period  # the latest period of one publication cycle with a figure in the data
    next: Period  # the period whose figures come next
    due: dt.date  # by when they are normally published
    overdue: bool  # the build date has passed `due`


@dataclass(frozen=True)
class Release:
    """What a reader needs to cite this version and judge how current a figure is."""

    commit: str
    built: dt.date  # the day freshness was computed on
    updated: dict[str, str] = field(default_factory=dict)

    def last_update(self, ind: Indicator) -> str:
        """YYYY-MM-DD of the indicator's last update in the update log, or ''."""
        return self.updated.get(ind.id, "")

    def freshness(self, ind: Indicator) -> Freshness | None:
        """How current the indicator is; None when its source publishes irregularly or it
        has no figure for a whole publication cycle yet."""
        months = CYCLE_MONTHS.get(ind.update_frequency)
        if not months or ind.release_lag_months is None:
            return None
        # Figures for one cycle (a year, a half-year) that the source published; a period of
        # another length (part of a year, a multi-year total) does not tell when the next is due.
        covered = [o.period for o in ind.observations if o.period.months == months and o.status != "not-available"]
        if not covered:
            return None
        latest = max(covered, key=lambda p: (p.end_year, p.end_month))
        following = Period(*_add_months(latest.start_year, latest.start_month, months),
                           *_add_months(latest.end_year, latest.end_month, months))  # fmt: skip
        due = _month_end(*_add_months(following.end_year, following.end_month, ind.release_lag_months))
        return Freshness(latest, following, due, self.built > due)

    def overdue(self, indicators: tuple[Indicator, ...]) -> list[Indicator]:
        """The published indicators whose next figures are overdue, in the given order."""
        return [i for i in indicators if i.published and (f := self.freshness(i)) and f.overdue]


def release(updated: dict[str, str]) -> Release:
    """The release being built: commit, date (from SOURCE_DATE_EPOCH or the commit), and the
    date each indicator was last updated (from the update log)."""
    return Release(git(ROOT, "rev-parse", "HEAD") or "unknown", build_date(), dict(updated))


def build_date() -> dt.date:
    """The day this build is dated: SOURCE_DATE_EPOCH, else the commit's day (the clock only outside git)."""
    epoch = build_epoch(ROOT)
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    extra, month0 = divmod(month - 1 + months, 12)
    return year + extra, month0 + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
