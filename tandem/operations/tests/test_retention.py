"""Retention: records past their period are reported every night and erased only
when the service switches erasure on, through the one erasing path, audited;
nothing with recent or future contact is touched (HAZ-253)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.audit.models import AuditEvent
from tandem.consult.tests.helpers import video_appointment
from tandem.messaging.models import AuthorKind, Message, Thread
from tandem.notify.models import Message as Outgoing
from tandem.operations import retention
from tandem.people.models import CaseloadEntry, ServiceUser, User
from tests import factories
from tests.personas import Personas

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
