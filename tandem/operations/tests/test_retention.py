"""Retention: records past their period are reported every night and erased only
when the service switches erasure on, through the one erasing path, audited;
nothing with recent or future contact is touched (HAZ-253)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.audit.models import AuditEvent
from tandem.consult.models import CallQuality
from tandem.consult.tests.helpers import admitted_service_user, video_appointment
from tandem.errors import InvalidInput
from tandem.feedback.models import Answer, FeedbackRequest, NamedAnswer, Occasion, Overall
from tandem.messaging.models import AuthorKind, Message, Thread
from tandem.notify.models import Message as Outgoing
from tandem.operations import deaths, retention
from tandem.operations.models import RecordedDeath, RetentionSettings
from tandem.people.models import CaseloadEntry, ServiceUser, User
from tests import factories
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db
YEARS_AGO_21 = dt.timedelta(days=21 * 365)


def long_gone(p: Personas, *, last_contact: dt.timedelta) -> ServiceUser:
    """A person registered 25 years ago, with an account, a thread and an appointment."""
    now = timezone.now()
    account = factories.UserFactory()
    person = factories.ServiceUserFactory(
        user=account, created_at=now - dt.timedelta(days=25 * 365)
    )
    CaseloadEntry.objects.create(service_user=person, team=p.team_a)
    thread = Thread.objects.create(
        team=p.team_a,
        service_user=person,
        subject="Synthetic",
        started_by=account,
        created_at=now - last_contact,
    )
    Message.objects.create(
        thread=thread,
        author=account,
        author_kind=AuthorKind.SERVICE_USER,
        body="Synthetic words",
        sent_at=now - last_contact,
    )
    video_appointment(p, person=person, starts_in=-last_contact)
    Outgoing.objects.create(
        idempotency_key=f"old-{person.pk}",
        template="reminder",
        channel="sms",
        service_user=person,
        about_key="x",
    )
    return person


def test_a_dry_run_reports_and_erasure_removes_only_what_has_expired(personas: Personas) -> None:
    expired = long_gone(personas, last_contact=YEARS_AGO_21)
    recent = long_gone(personas, last_contact=dt.timedelta(days=19 * 365))
    booked = long_gone(personas, last_contact=YEARS_AGO_21 + dt.timedelta(days=1))
    video_appointment(personas, person=booked, starts_in=dt.timedelta(days=3))

    report = retention.run(now=None)  # the default: a dry run
    assert report.expired == [expired.pk]
    assert report.erased == [] and not report.erase
    assert ServiceUser.objects.filter(pk=expired.pk).exists()
    run_row = AuditEvent.objects.filter(object_type="operations.retention").latest("pk")
    assert run_row.what == report.summary()
    assert (
        "dry run: nothing erased" in run_row.what
        and "1 past their retention period" in run_row.what
    )

    account = expired.user
    assert account is not None
    report = retention.run(now=None, erase=True)
    assert report.erased == [expired.pk] and report.kept == {}
    assert not ServiceUser.objects.filter(pk=expired.pk).exists()
    assert not Thread.objects.filter(service_user_id=expired.pk).exists()
    assert not Message.objects.filter(thread__service_user_id=expired.pk).exists()
    assert not Appointment.objects.filter(service_user_id=expired.pk).exists()
    assert not Outgoing.objects.filter(service_user_id=expired.pk).exists()
    # The account stays only as a nameless, locked husk for the audit rows that name it.
    husk = User.objects.get(pk=account.pk)
    assert (husk.full_name, husk.is_active, husk.has_usable_password()) == (
        "Erased account",
        False,
        False,
    )
    assert husk.email.endswith("@erased.invalid")
    erased_row = AuditEvent.objects.get(object_type="people.ServiceUser", object_id=str(expired.pk))
    assert erased_row.what.startswith("Record erased at the end of its retention period")
    # Everyone else is whole.
    for person in (recent, booked, personas.su, personas.other_su):
        assert ServiceUser.objects.filter(pk=person.pk).exists()
        assert Thread.objects.filter(service_user=person).count() == (
            0 if person in (personas.su, personas.other_su) else 1
        )


def test_the_nightly_command_erases_only_when_the_service_switched_it_on(
    personas: Personas, settings, capsys: pytest.CaptureFixture[str]
) -> None:
    expired = long_gone(personas, last_contact=YEARS_AGO_21)
    call_command("apply_retention")
    assert "(dry run: nothing erased): " in capsys.readouterr().out
    assert ServiceUser.objects.filter(pk=expired.pk).exists()
    # A service that keeps records longer than the Code's minimum.
    settings.TANDEM_RETENTION_YEARS_AFTER_LAST_CONTACT = 30
    settings.TANDEM_RETENTION_ERASE = True
    call_command("apply_retention")
    assert "0 past their retention period, 0 erased" in capsys.readouterr().out
    settings.TANDEM_RETENTION_YEARS_AFTER_LAST_CONTACT = 20
    call_command("apply_retention")
    assert "(erasure on): " in capsys.readouterr().out
    assert not ServiceUser.objects.filter(pk=expired.pk).exists()


# --- Each kind and its boundary days (ADR 0057) -----------------------------------
TWENTY_YEARS = dt.timedelta(days=7305)  # round(20 * 365.25)
EIGHT_YEARS = dt.timedelta(days=2922)  # round(8 * 365.25)
TWO_YEARS = dt.timedelta(days=730)  # round(2 * 365.25)
DAY = dt.timedelta(days=1)


def registered(ago: dt.timedelta, p: Personas) -> ServiceUser:
    """A person whose only contact was being registered, ``ago``."""
    person = factories.ServiceUserFactory(
        user=factories.UserFactory(), created_at=timezone.now() - ago
    )
    CaseloadEntry.objects.create(service_user=person, team=p.team_a)
    return person


def test_a_record_goes_the_day_after_twenty_years_from_last_contact(personas: Personas) -> None:
    now = timezone.now()
    on_the_day = registered(TWENTY_YEARS, personas)
    day_after = registered(TWENTY_YEARS + DAY, personas)
    day_before = registered(TWENTY_YEARS - DAY, personas)
    report = retention.run(now=now, erase=True)
    assert report.erased == [day_after.pk]
    assert (report.past["record"], report.gone["record"]) == (1, 1)
    for kept in (on_the_day, day_before):
        assert ServiceUser.objects.filter(pk=kept.pk).exists()


def test_a_recorded_death_ends_the_record_eight_years_later_if_that_is_sooner(
    personas: Personas,
) -> None:
    now = timezone.now()
    today = now.date()
    died_day_after = registered(dt.timedelta(days=10 * 365), personas)
    died_on_the_day = registered(dt.timedelta(days=10 * 365), personas)
    booked_after_death = registered(dt.timedelta(days=10 * 365), personas)
    video_appointment(personas, person=booked_after_death, starts_in=dt.timedelta(days=3))
    for person, died_on in (
        (died_day_after, today - EIGHT_YEARS - DAY),
        (died_on_the_day, today - EIGHT_YEARS),
        (booked_after_death, today - EIGHT_YEARS - DAY),
    ):
        deaths.record_date_of_death(actor=personas.clinician, service_user=person, died_on=died_on)
    report = retention.run(now=now, erase=True)
    # Contact still to come keeps a record, whatever else says it is over.
    assert report.erased == [died_day_after.pk]
    assert ServiceUser.objects.filter(pk=died_on_the_day.pk).exists()
    assert not RecordedDeath.objects.filter(service_user_id=died_day_after.pk).exists()
    audit = AuditEvent.objects.filter(object_type="operations.RecordedDeath")
    assert audit.count() == 3 and {row.actor_id for row in audit} == {personas.clinician.pk}


def test_a_date_of_death_in_the_future_is_refused_and_nothing_is_saved(
    personas: Personas,
) -> None:
    with pytest.raises(InvalidInput):
        deaths.record_date_of_death(
            actor=personas.clinician,
            service_user=personas.su,
            died_on=timezone.localdate() + DAY,
        )
    assert not RecordedDeath.objects.exists()


def outgoing(p: Personas, *, ago: dt.timedelta, status: str) -> Outgoing:
    return Outgoing.objects.create(
        idempotency_key=f"log-{status}-{ago.days}",
        template="reminder",
        channel="sms",
        service_user=p.su,
        about_key="x",
        status=status,
        created_at=timezone.now() - ago,
    )


def test_delivery_logs_go_two_years_after_queuing_once_the_outbox_has_finished(
    personas: Personas,
) -> None:
    now = timezone.now()
    gone = outgoing(personas, ago=TWO_YEARS + DAY, status="delivered")
    failed = outgoing(personas, ago=TWO_YEARS + DAY, status="failed")
    recent = outgoing(personas, ago=TWO_YEARS - DAY, status="delivered")
    still_queued = outgoing(personas, ago=TWO_YEARS * 2, status="queued")
    dry = retention.run(now=now)
    assert (dry.past["delivery_log"], dry.gone["delivery_log"]) == (2, 0)
    assert Outgoing.objects.filter(pk=gone.pk).exists()
    report = retention.run(now=now, erase=True)
    assert report.gone["delivery_log"] == 2
    assert set(Outgoing.objects.values_list("pk", flat=True)) == {recent.pk, still_queued.pk}
    assert not Outgoing.objects.filter(pk=failed.pk).exists()
    # The person's record is untouched: only the log rows went.
    assert ServiceUser.objects.filter(pk=personas.su.pk).exists()


def test_call_metadata_goes_two_years_after_it_was_reported(personas: Personas) -> None:
    now = timezone.now()
    participant = admitted_service_user(personas, video_appointment(personas))
    old, new = (
        CallQuality.objects.create(
            room_id=participant.room_id,
            participant=participant,
            ending="hung_up",
            reported_at=now - ago,
        )
        for ago in (TWO_YEARS + DAY, TWO_YEARS - DAY)
    )
    report = retention.run(now=now, erase=True)
    assert (report.past["call_metadata"], report.gone["call_metadata"]) == (1, 1)
    assert list(CallQuality.objects.values_list("pk", flat=True)) == [new.pk]
    assert not CallQuality.objects.filter(pk=old.pk).exists()


def feedback(
    p: Personas,
    person: ServiceUser,
    *,
    month: dt.date,
    named: bool,
    about: Appointment | None = None,
) -> Answer:
    """An answer about a contact in ``month``, asked for by a request to ``person``
    (about an appointment, if given); a named one linked back to them."""
    answer = Answer.objects.create(
        team=p.team_a,
        occasion=Occasion.CONTACT,
        modality="video",
        month=month.replace(day=1),
        anonymous=not named,
        overall=Overall.GOOD,
        why="Synthetic words",
        age_band="25_44",
        sex="2",
        ethnic_group="white",
        imd_quintile="3",
        disability="N",
        language="english",
    )
    asked = FeedbackRequest.objects.create(
        service_user=person,
        team=p.team_a,
        appointment=about,
        occasion=Occasion.CONTACT,
        about_key=f"test:{answer.pk}",
        token_hash=answer.pk.hex * 2,
        created_at=timezone.now(),
        expires_at=timezone.now(),
        used_on=month,
    )
    if named:
        NamedAnswer.objects.create(answer=answer, request=asked, service_user=person)
    return answer


def test_a_record_with_feedback_is_erased_whole_with_its_requests_and_named_answers(
    personas: Personas,
) -> None:
    expired = long_gone(personas, last_contact=YEARS_AGO_21)
    # Recent answers: the record's period, not feedback's, is what ends them here.
    this_month = timezone.localdate()
    named = feedback(
        personas,
        expired,
        month=this_month,
        named=True,
        about=Appointment.objects.get(service_user=expired),
    )
    anonymous = feedback(personas, expired, month=this_month, named=False)
    report = retention.run(now=None, erase=True)
    # Feedback no longer holds a record back ('still needed by: feedback request').
    assert report.erased == [expired.pk] and report.kept == {}
    assert not FeedbackRequest.objects.filter(service_user_id=expired.pk).exists()
    assert not NamedAnswer.objects.filter(service_user_id=expired.pk).exists()
    assert not Answer.objects.filter(pk=named.pk).exists()
    # An anonymous answer cannot be joined back to anyone: it stays for its own period.
    assert Answer.objects.filter(pk=anonymous.pk).exists()


def test_feedback_answers_go_two_years_after_the_month_they_are_about(
    personas: Personas,
) -> None:
    now = timezone.now()
    # The month of an answer is its first day: counted from there.
    old_month = (now - TWO_YEARS - dt.timedelta(days=40)).date()
    new_month = (now - TWO_YEARS + dt.timedelta(days=40)).date()
    old_named = feedback(personas, personas.su, month=old_month, named=True)
    old_anonymous = feedback(personas, personas.su, month=old_month, named=False)
    new_named = feedback(personas, personas.su, month=new_month, named=True)
    dry = retention.run(now=now)
    assert (dry.past["feedback"], dry.gone["feedback"]) == (2, 0)
    assert Answer.objects.count() == 3
    report = retention.run(now=now, erase=True)
    assert (report.past["feedback"], report.gone["feedback"]) == (2, 2)
    assert list(Answer.objects.values_list("pk", flat=True)) == [new_named.pk]
    assert not NamedAnswer.objects.filter(answer_id=old_named.pk).exists()
    assert not Answer.objects.filter(pk=old_anonymous.pk).exists()
    # Sam's record and the requests that asked him stay: they are his record's.
    assert ServiceUser.objects.filter(pk=personas.su.pk).exists()
    assert FeedbackRequest.objects.filter(service_user=personas.su).count() == 3
    run_row = AuditEvent.objects.filter(object_type="operations.retention").latest("pk")
    assert "feedback: 2 past, 2 erased" in run_row.what and "Synthetic" not in run_row.what


def test_the_report_counts_each_kind_and_holds_no_content(
    personas: Personas, capsys: pytest.CaptureFixture[str]
) -> None:
    long_gone(personas, last_contact=YEARS_AGO_21)
    outgoing(personas, ago=TWO_YEARS + DAY, status="sent")
    call_command("apply_retention", "--json")
    out = capsys.readouterr().out
    assert "By kind: record: 1 past, 0 erased; delivery_log: 1 past, 0 erased" in out
    assert '"periods_years"' in out and '"record_after_death": 8' in out
    assert "Synthetic" not in out
    run_row = AuditEvent.objects.filter(object_type="operations.retention").latest("pk")
    assert "delivery_log: 1 past" in run_row.what and "Synthetic" not in run_row.what


FORM = {
    "years_after_last_contact": "25",
    "years_after_death": "8",
    "delivery_log_years": "3",
    "call_metadata_years": "2",
    "feedback_years": "2",
}


def test_the_administrator_sets_the_periods_never_below_the_codes_minimum(
    personas: Personas,
) -> None:
    url = reverse("operations:retention")
    admin = sign_in(Client(), personas.admin)
    page = admin.get(url)
    assert page.status_code == 200
    assert b'value="20"' in page.content and b"only reports what it would erase" in page.content
    # Shorter than the Code's minimum: said next to the box, nothing saved.
    refused = admin.post(url, {**FORM, "years_after_last_contact": "19"})
    assert refused.status_code == 200
    assert b"The years after last contact must be 20 or more" in refused.content
    assert not RetentionSettings.objects.exists()
    assert retention.periods()["record"] == 20

    saved = admin.post(url, FORM)
    assert saved.status_code == 302
    assert retention.periods() == {
        "record": 25,
        "record_after_death": 8,
        "delivery_log": 3,
        "call_metadata": 2,
        "feedback": 2,
    }
    change = AuditEvent.objects.get(object_type="operations.RetentionSettings")
    assert change.actor_id == personas.admin.pk
    assert change.what == (
        "Retention periods changed: record 20 to 25 years; delivery_log 2 to 3 years"
    )
    # The nightly run uses them: 21 years since last contact is no longer enough.
    long_gone(personas, last_contact=YEARS_AGO_21)
    report = retention.run(now=None, erase=True)
    assert report.erased == [] and report.years["record"] == 25
    # Only the administrator may change them, through the page or the service.
    with pytest.raises(PermissionDenied):
        retention.save_periods(actor=personas.manager, years=retention.periods())
