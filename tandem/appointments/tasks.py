"""Background work for appointments, run by ``manage.py db_worker``.

``check_continuity`` runs the daily continuity checks (HAZ-052); operators
schedule it from cron with ``manage.py check_continuity`` (docs/operations.md).
The work itself is in ``tandem.appointments.continuity``.
"""

from __future__ import annotations

from django_tasks import task

from tandem.appointments import continuity
from tandem.audit import context


@task()
def check_continuity() -> dict[str, int]:
    """Raise manager tasks where contact may be quietly stopping; new items per team."""
    token = context.begin()
    try:
        return continuity.check_all_teams()
    finally:
        context.end(token)
