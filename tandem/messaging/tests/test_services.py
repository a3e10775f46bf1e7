"""Writing messages: what is kept, what cannot change, who is told and how."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.messaging import queries, services
from tandem.messaging.attachments import check_file
from tandem.messaging.immutability import erasing_messages
from tandem.messaging.models import Attachment, AuthorKind, InboxSettings, Message, Thread
from tandem.notify import outbox
from tandem.notify.models import Message as Notice
from tandem.notify.tests.helpers import set_contact
from tandem.warnings.models import Flag
from tandem.worklist.models import WorkItem
from tests.personas import Personas

from . import files
from .helpers import alex_writes, kit_writes, let_carer_message, sam_writes

pytestmark = pytest.mark.django_db


# --- Writing and replying -------------------------------------------------------------


def test_sam_writes_to_the_team_inbox_and_waits_for_a_reply(personas: Personas) -> None:
    thread = sam_writes(personas)
    [message] = thread.messages.all()
    assert thread.team == personas.team_a and thread.carer is None
    assert message.author_kind == AuthorKind.SERVICE_USER
    assert thread.awaiting_reply_since == message.sent_at
    assert AuditEvent.objects.filter(object_id=str(message.pk), subject_id=personas.su.pk).exists()


def test_a_staff_reply_clears_waiting_and_a_second_message_keeps_the_first_time(
    personas: Personas,
) -> None:
    thread = sam_writes(personas)
    first = thread.awaiting_reply_since
    services.reply(actor=personas.service_user, thread=thread, body="And another thing", files=[])
    thread.refresh_from_db()
    assert thread.awaiting_reply_since == first  # still the oldest unanswered
    services.reply(actor=personas.colleague, thread=thread, body="Yes, we can.", files=[])
    thread.refresh_from_db()
    assert thread.awaiting_reply_since is None
    assert [m.author_kind for m in thread.messages.all()] == [
        "service_user",
        "service_user",
        "staff",
    ]


def test_empty_and_oversize_messages_are_refused(personas: Personas) -> None:
    with pytest.raises(services.InvalidInput, match="Enter your message"):
        sam_writes(personas, body="  \n\t ")
    with pytest.raises(services.InvalidInput, match="5,000 characters or fewer"):
        sam_writes(personas, body="x" * 5001)
    with pytest.raises(services.InvalidInput, match="Enter a subject"):
        sam_writes(personas, subject="   ")
    assert not Thread.objects.exists() and not Message.objects.exists()


def test_nobody_writes_in_another_persons_thread(personas: Personas) -> None:
    thread = sam_writes(personas)
    for who in (personas.other_service_user, personas.outsider, personas.carer, personas.admin):
        with pytest.raises(PermissionDenied):
            services.reply(actor=who, thread=thread, body="Not mine", files=[])
    with pytest.raises(PermissionDenied):
        services.start_thread(
            actor=personas.other_service_user,
            service_user=personas.su,
            team=personas.team_a,
            subject="x",
            body="y",
            files=[],
        )
    assert thread.messages.count() == 1


def test_a_person_writes_only_to_a_team_they_are_open_to(personas: Personas) -> None:
    with pytest.raises(services.InvalidInput, match="not open to Southmoor"):
        services.start_thread(
            actor=personas.service_user,
            service_user=personas.su,
            team=personas.team_b,
            subject="x",
            body="y",
            files=[],
        )


# --- Written once ------------------------------------------------------------------------


def test_the_database_refuses_to_change_a_sent_message(personas: Personas) -> None:
    thread = sam_writes(personas, files=[check_file(files.upload("a.png", files.png_bytes()))])
    message = thread.messages.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(body="Something I never said")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.filter(message=message).update(filename="other.png")
    with pytest.raises(PermissionError):
        message.body = "edited"
        message.save()
    message.refresh_from_db()
    assert message.body == "Can we talk about moving to video?"


def test_the_database_refuses_to_remove_a_sent_message(personas: Personas) -> None:
    message = sam_writes(personas).messages.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk)._raw_delete("default")
    with pytest.raises(PermissionError):
        message.delete()
    assert Message.objects.filter(pk=message.pk).exists()


def test_whole_records_can_be_erased_only_deliberately(personas: Personas) -> None:
    message = sam_writes(personas).messages.get()
    with erasing_messages():
        Message.objects.filter(pk=message.pk)._raw_delete("default")
    assert not Message.objects.filter(pk=message.pk).exists()
    # Updates stay refused even then.
    other = sam_writes(personas).messages.get()
    with pytest.raises(IntegrityError), erasing_messages(), transaction.atomic():
        Message.objects.filter(pk=other.pk).update(body="changed")


# --- Notices -------------------------------------------------------------------------------


def test_a_staff_reply_tells_sam_there_is_a_message_and_nothing_more(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician, channels=("sms", "email"), preferred="sms")
    thread = sam_writes(personas)
    assert not Notice.objects.exists()  # Sam's own message tells Sam nothing
    reply = services.reply(
        actor=personas.clinician, thread=thread, body="Your lithium dose is changing", files=[]
    )
    notice = Notice.objects.get()
    assert notice.template == "new_message_notice" and notice.service_user == personas.su
    assert notice.idempotency_key == f"message:{reply.pk}:notice"
    assert notice.personalisation["link"].endswith(f"/messages/{thread.pk}/")
    sent = outbox.outgoing_for(notice)
    assert "new message" in sent.body
    for secret in ("lithium", "dose", thread.subject, "Question"):
        assert secret not in sent.body and secret not in sent.subject
    assert "Northgate CMHT" not in sent.body  # a clinical team name is never the sender


def test_a_discreet_person_gets_the_neutral_sender(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    personas.team_a.name = "Northgate Team"
    personas.team_a.save()
    set_contact(personas.su, personas.clinician, channels=("email",), preferred="email")
    thread = sam_writes(personas)
    services.reply(actor=personas.clinician, thread=thread, body="Reply one", files=[])
    assert "Northgate Team" in outbox.outgoing_for(Notice.objects.get()).body
    set_contact(
        personas.su, personas.clinician, channels=("email",), preferred="email", discreet=True
    )
    services.reply(actor=personas.clinician, thread=thread, body="Reply two", files=[])
    sent = outbox.outgoing_for(Notice.objects.order_by("-pk").first())  # type: ignore[arg-type]
    assert "Northgate" not in sent.body + sent.subject
    assert settings.TANDEM_NOTIFY_NEUTRAL_SENDER in sent.body


def test_a_reply_in_a_carers_thread_tells_the_carer_not_sam(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician)
    personas.carer_profile.email = "alex@example.org"
    personas.carer_profile.save()
    thread = alex_writes(personas)
    services.reply(actor=personas.clinician, thread=thread, body="Thanks, Alex", files=[])
    notice = Notice.objects.get()
    assert notice.carer == personas.carer_profile and notice.service_user == personas.su


# --- Staff actions ---------------------------------------------------------------------------


def test_hand_over_to_a_colleague_shows_under_assigned_to_me(personas: Personas) -> None:
    thread = sam_writes(personas)
    services.hand_over(
        actor=personas.clinician,
        thread=thread,
        to=personas.colleague.staff,
        note="I am on leave next week",
    )
    mine = queries.inbox(personas.colleague, show="mine")
    assert [t.pk for t in mine.threads] == [thread.pk]
    assert queries.inbox(personas.clinician, show="mine").threads == []
    assert thread.events.get().note == "I am on leave next week"
    with pytest.raises(services.InvalidInput, match="not in Northgate"):
        services.hand_over(
            actor=personas.clinician, thread=thread, to=personas.outsider.staff, note=""
        )
    with pytest.raises(PermissionDenied):
        services.hand_over(
            actor=personas.outsider, thread=thread, to=personas.outsider.staff, note=""
        )


def test_follow_up_needs_a_note_and_is_audited(personas: Personas) -> None:
    thread = sam_writes(personas)
    with pytest.raises(services.InvalidInput, match="Enter what needs following up"):
        services.set_follow_up(actor=personas.clinician, thread=thread, needed=True, note=" ")
    services.set_follow_up(
        actor=personas.clinician, thread=thread, needed=True, note="Review medication this week"
    )
    assert [t.pk for t in queries.inbox(personas.colleague, show="follow_up").threads] == [
        thread.pk
    ]
    services.set_follow_up(actor=personas.clinician, thread=thread, needed=False, note="")
    thread.refresh_from_db()
    assert not thread.needs_follow_up and thread.follow_up_note == ""
    assert (
        AuditEvent.objects.filter(
            object_type="messaging.Thread", what__startswith="Marked messages"
        ).count()
        == 2
    )


def test_past_reply_time_counts_working_days_per_team(personas: Personas) -> None:
    monday_10 = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
    thread = sam_writes(personas)
    Thread.objects.filter(pk=thread.pk).update(awaiting_reply_since=monday_10)
    wednesday_late = monday_10 + dt.timedelta(days=2, hours=13)  # 23:00 Wednesday
    thursday = monday_10 + dt.timedelta(days=3)
    assert queries.inbox(personas.manager, show="overdue", now=wednesday_late).threads == []
    assert [
        t.pk for t in queries.inbox(personas.manager, show="overdue", now=thursday).threads
    ] == [thread.pk]
    InboxSettings.objects.create(team=personas.team_a, response_working_days=3)
    assert queries.inbox(personas.manager, show="overdue", now=thursday).threads == []
    [backlog] = queries.overdue_for_manager(personas.manager, now=thursday + dt.timedelta(days=1))
    assert backlog.count == 1 and backlog.oldest == thread


def test_the_inbox_counts_are_each_filter_s_own_count(personas: Personas) -> None:
    """The page's counts come from two queries, not one a filter (issue 18): each
    must still be what counting that filter's threads gives."""
    now = timezone.now()
    old = sam_writes(personas, subject="Old", body="Can I change my appointment time?")
    Thread.objects.filter(pk=old.pk).update(awaiting_reply_since=now - dt.timedelta(days=9))
    sam_writes(personas, subject="New", body="Thanks for the call")
    sam_writes(personas, subject="Worrying", body="I feel like I can't go on")
    answered = sam_writes(personas, subject="Answered", body="See you Tuesday")
    Thread.objects.filter(pk=answered.pk).update(
        awaiting_reply_since=None, needs_follow_up=True, assigned_to=personas.clinician.staff
    )
    for user in (personas.clinician, personas.manager, personas.outsider):
        page = queries.inbox(user, now=now)
        expected = {
            name: queries.filtered(user, show=name, teams=page.teams, now=now).count()
            for name in queries.FILTERS
            if name != "all"
        }
        assert page.counts == expected
    assert queries.inbox(personas.clinician, now=now).counts == {
        "awaiting": 3,
        "flagged": 1,
        "overdue": 1,
        "follow_up": 1,
        "mine": 1,
    }


def test_a_message_with_worrying_words_is_flagged_and_goes_first(personas: Personas) -> None:
    first = sam_writes(personas, subject="Earlier", body="Can I change my appointment time?")
    worrying = sam_writes(personas, subject="Later", body="I feel like I can't go on")
    flag = Flag.objects.get()
    assert flag.thread == worrying and flag.message == worrying.messages.get()
    assert flag.status == "open" and "crisis" in flag.categories
    # Awaiting reply is oldest first, but an open flag comes before it.
    assert [t.pk for t in queries.inbox(personas.clinician).threads] == [worrying.pk, first.pk]
    assert not WorkItem.objects.exists()  # the flag replaces the old task


# --- Carers ---------------------------------------------------------------------------------


def test_a_carer_without_the_scope_cannot_start_a_thread(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        services.start_thread(
            actor=personas.carer,
            service_user=personas.su,
            team=personas.team_a,
            subject="x",
            body="y",
            files=[],
            as_carer=True,
        )


def test_a_carer_reads_but_cannot_write_in_sams_threads(personas: Personas) -> None:
    thread = sam_writes(personas)
    let_carer_message(personas, see_messages=True)
    with pytest.raises(PermissionDenied):
        services.reply(actor=personas.carer, thread=thread, body="Hi", files=[])


def test_kits_threads_stay_in_team_b(personas: Personas) -> None:
    kit_writes(personas)
    assert queries.inbox(personas.clinician, show="all").threads == []
    assert len(queries.inbox(personas.outsider, show="all").threads) == 1
