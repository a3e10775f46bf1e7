"""Where an alert's page gets the diary behind the alert: a registry, because
tandem.diary sits above alerts (ADR 0025) and registers its reader in
DiaryConfig.ready() (``tandem.diary.deterioration_sweep.diary_for_alert``).

The reader takes the person, the alert's team and the first and last day
wanted, and returns the person's diary as the nightly sweep reads it (the
detector's ``Diary``), or None when the diary is not shared with that team
now (or they are no longer open to it). Its sole user is
``tandem.alerts.days_behind``. Until something registers, there is no diary.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from tandem.alerts.diaries import Diary


class DiaryReader(Protocol):
    def __call__(
        self, *, service_user_id: int, team_id: int, first: dt.date, as_of: dt.date
    ) -> Diary | None: ...


_reader: DiaryReader | None = None


def register(reader: DiaryReader) -> None:
    global _reader
    _reader = reader


def diary_for(
    *, service_user_id: int, team_id: int, first: dt.date, as_of: dt.date
) -> Diary | None:
    if _reader is None:
        return None
    return _reader(service_user_id=service_user_id, team_id=team_id, first=first, as_of=as_of)
