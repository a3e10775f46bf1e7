"""A letter in a format the person cannot read is never posted silently
(HAZ-264): letters for people who need easy read or braille are listed on the
batch's first page, and each raises a task for the person's team."""

from __future__ import annotations

import pytest

from tandem.notify.services import print_letter_batch, queue_message
from tandem.notify.tests.helpers import set_contact
from tandem.notify.tests.test_reading_and_printing import WHEN, count_pdf_pages
from tandem.preferences.models import AccessNeeds
from tandem.worklist.models import WorkItem, WorkKind
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_easy_read_letters_are_flagged_to_the_batch_and_become_tasks(
    personas: Personas, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TANDEM_LETTERS = "print"
    personas.su.postcode = "LS2 7UE"
    personas.su.save()
    set_contact(personas.su, personas.clinician, channels=("letter",), preferred="letter")
    AccessNeeds.objects.create(
        service_user=personas.su, recorded_by=personas.clinician, easy_read=True, braille=True
    )
    message = queue_message(
        actor=personas.clinician,
        recipient=personas.su,
        template="appointment_booked",
        personalisation=dict(WHEN),
        about_key="appointment:1",
        idempotency_key="easy-read",
    )
    assert message is not None
    batch = print_letter_batch(actor=personas.admin)
    assert batch is not None
    # The letter and, before it, the page telling whoever posts it not to.
    assert count_pdf_pages(bytes(batch.pdf)) == 2
    [task] = WorkItem.objects.filter(kind=WorkKind.LETTER_FORMAT, done_at__isnull=True)
    assert task.service_user == personas.su
    assert "easy read" in task.title and "braille" in task.title
