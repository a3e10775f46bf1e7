"""The background worker seals new audit rows and runs verification from the database queue."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.audit.tasks import seal_audit_chain, verify_audit_chain

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


def test_worker_seals_then_verifies_queued_work():
    for i in range(3):
        record(actor=None, action=Action.VIEW, object_type="test.Thing", what=str(i))
    verified_early = verify_audit_chain.enqueue()
    run_worker()
    verified_early.refresh()
    assert verified_early.return_value == {
        "checked": 0,
        "broken_at": None,
        "reason": "",
        "waiting": 3,
    }

    sealed = seal_audit_chain.enqueue()
    assert sealed.status == TaskResultStatus.READY
    run_worker()
    sealed.refresh()
    assert sealed.status == TaskResultStatus.SUCCESSFUL
    assert sealed.return_value == {"sealed": 3, "waiting": 0}

    verified = verify_audit_chain.enqueue()
    run_worker()
    verified.refresh()
    assert verified.return_value == {"checked": 3, "broken_at": None, "reason": "", "waiting": 0}


def test_seal_command_can_hand_the_work_to_a_worker(capsys):
    record(actor=None, action=Action.VIEW, object_type="test.Thing")
    call_command("audit_seal", enqueue=True)
    assert "Queued audit sealing" in capsys.readouterr().out
    run_worker()
    call_command("audit_verify")
    assert "1 rows verified; 0 rows waiting" in capsys.readouterr().out
