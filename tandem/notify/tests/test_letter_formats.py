"""A letter in a format the person cannot read is never posted silently
(HAZ-264, HAZ-347): the batch prints easy read itself; letters for people who
need braille are listed on the batch's first page; a letter through GOV.UK
Notify for someone who needs easy read or braille raises the same task, which
the team sees in its tasks."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tandem.notify.letters import letter_for
from tandem.notify.models import Message
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
    # The batch prints easy read itself (ADR 0062); braille is still made elsewhere.
    assert "braille" in task.title and "easy read" not in task.title


def letter_queued(p: Personas, key: str) -> None:
    p.su.postcode = "LS2 7UE"
    p.su.save()
    set_contact(p.su, p.clinician, channels=("letter",), preferred="letter")
    queue_message(
        actor=p.clinician,
        recipient=p.su,
        template="appointment_booked",
        personalisation=dict(WHEN),
        about_key="appointment:1",
        idempotency_key=key,
    )


def format_tasks() -> list[WorkItem]:
    return list(WorkItem.objects.filter(kind=WorkKind.LETTER_FORMAT, done_at__isnull=True))


def test_a_notify_letter_for_someone_who_needs_easy_read_is_a_task_the_team_sees(
    personas: Personas, settings, client_for
) -> None:  # type: ignore[no-untyped-def]
    settings.TANDEM_LETTERS = "notify"
    AccessNeeds.objects.create(
        service_user=personas.su, recorded_by=personas.clinician, easy_read=True
    )
    letter_queued(personas, "notify-easy-read")
    [task] = format_tasks()
    assert task.team == personas.team_a and task.service_user == personas.su
    assert "easy read" in task.title and "GOV.UK Notify" in task.reason
    assert task.title in client_for("clinician").get(reverse("worklist:index")).text


def test_a_notify_letter_in_large_print_only_needs_no_task(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TANDEM_LETTERS = "notify"
    AccessNeeds.objects.create(
        service_user=personas.su, recorded_by=personas.clinician, large_print=True
    )
    letter_queued(personas, "notify-large-print")
    assert not format_tasks()


def test_the_batch_prints_easy_read_one_sentence_a_line(personas: Personas) -> None:
    AccessNeeds.objects.create(
        service_user=personas.su, recorded_by=personas.clinician, easy_read=True
    )
    personas.su.postcode = "LS2 7UE"
    personas.su.save()
    message = Message.objects.create(
        idempotency_key="easy-batch",
        about_key="appointment:1",
        template="appointment_booked",
        channel="letter",
        service_user=personas.su,
        team=personas.team_a,
        to="LS2 7UE",
        personalisation=dict(WHEN),
        send_after=timezone.now(),
        due_at=timezone.now(),
    )
    letter = letter_for(message)
    assert letter.easy_read and not letter.formats_to_make
    assert all(line.count(". ") == 0 for line in letter.easy_lines)
    html = render_to_string("notify/letters.jinja", {"letters": [letter], "to_make": []})
    assert 'class="letter easy-read' in html
    for line in letter.easy_lines:
        assert f'<p class="line">{escape(line)}</p>' in html
