"""The background worker runs audit verification from the database queue."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.audit.tasks import verify_audit_chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_runs_queued_verification():
    for i in range(3):
        record(actor=None, action=Action.VIEW, object_type="test.Thing", what=str(i))
    result = verify_audit_chain.enqueue()
    assert result.status == TaskResultStatus.READY
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"checked": 3, "broken_at": None, "reason": ""}
