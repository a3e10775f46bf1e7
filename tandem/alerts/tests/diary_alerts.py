"""An early-warning alert raised the way it is in use: Sam's diary written for
80 days, his sleep falling to 4 hours for the last 8, and the nightly sweep run.
Synthetic figures; used by the alert page's tests and its browser test."""

from __future__ import annotations

import datetime as dt
import decimal

from tandem.alerts.models import Alert, AlertKind
from tandem.diary import deterioration_sweep
from tandem.diary.models import DiaryEntry, DiaryPlan, SignRating, WarningSign
from tests.personas import Personas

TODAY = dt.date(2026, 11, 22)
AS_OF = TODAY - dt.timedelta(days=1)
DROP_FROM = TODAY - dt.timedelta(days=8)
SIGN = "Staying in bed all day"
# Days back from TODAY with no entry: one among the days of the change, one in the usual.
GAPS = frozenset({3, 30})
USUAL_SLEEP = ("7.0", "7.5", "8.0")


def back(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def sleep_on(n: int) -> decimal.Decimal:
    return decimal.Decimal("4.0") if back(n) >= DROP_FROM else decimal.Decimal(USUAL_SLEEP[n % 3])


def write_days(p: Personas, sign: WarningSign, days: range) -> None:
    """Entries ``days`` days back (GAPS left out), with a rating of the sign."""
    entries = DiaryEntry.objects.bulk_create(
        DiaryEntry(
            service_user=p.su,
            day=back(n),
            mood=6 + n % 2,
            sleep_hours=sleep_on(n),
            anxiety=3,
            submitted_by=p.service_user,
        )
        for n in days
        if n not in GAPS
    )
    SignRating.objects.bulk_create(
        SignRating(entry=e, sign=sign, rating=3 if e.day >= DROP_FROM else (TODAY - e.day).days % 2)
        for e in entries
    )


def raise_sleep_alert(p: Personas) -> tuple[Alert, WarningSign]:
    """Sam's diary shared with team A, and the change alert the sweep raises from it."""
    plan = DiaryPlan.objects.create(service_user=p.su, team=p.team_a, set_up_by=p.clinician)
    sign = WarningSign.objects.create(plan=plan, words=SIGN, position=1, added_by=p.clinician)
    write_days(p, sign, range(80, 0, -1))
    deterioration_sweep.run(today=TODAY)
    return Alert.objects.get(kind=AlertKind.CHANGE_FROM_USUAL, service_user=p.su), sign
