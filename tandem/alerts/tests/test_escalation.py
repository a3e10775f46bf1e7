"""Escalation with time moved by passing ``now``: an alert nobody acknowledges
goes to the duty clinician at its response time and to the managers
max(2 hours, half its window) later; with no duty clinician, straight to the
managers, saying so. Running twice tells nobody twice. Every step is audited
and the emails say nothing clinical."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tandem.alerts import escalation, queries, services
from tandem.alerts.models import Alert, AlertAction, AlertKind
from tandem.alerts.raising import settings_for
from tandem.alerts.tests.test_queue import make_alert
from tandem.audit.models import AuditEvent
from tandem.notify.templates import clinical_words_in
from tandem.people.models import TeamMembership
from tandem.worklist.models import WorkItem
from tests.personas import Personas

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def duty(personas: Personas) -> Personas:
    """Team A with Jordan Patel as duty clinician."""
    found = settings_for(personas.team_a)
    found.duty_clinician = personas.colleague.staff
    found.save()
    return personas


def escalation_rows() -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="alerts.Alert", actor__isnull=True, action="update")
        .order_by("id")
        .values_list("what", flat=True)
    )


def fresh(alert: Alert) -> Alert:
    alert.refresh_from_db()
    return alert


def test_nothing_happens_before_the_response_time(duty: Personas) -> None:
    alert = make_alert(duty)
    run = escalation.escalate_due(now=alert.respond_by - MINUTE)
    assert run.to_duty == run.to_managers == [] and mail.outbox == []
    assert fresh(alert).escalated_to_duty_at is None
    assert not WorkItem.objects.exists()


def test_past_the_response_time_the_duty_clinician_is_told(duty: Personas) -> None:
    alert = make_alert(duty)
    now = alert.respond_by + MINUTE
    run = escalation.escalate_due(now=now)
    assert run.to_duty == [alert.pk] and run.to_managers == []
    alert = fresh(alert)
    assert alert.escalated_to_duty_at == now and alert.escalated_to_managers_at is None
    item = WorkItem.objects.get()
    assert item.title == "An alert is past its response time"
    assert item.team == duty.team_a and not item.for_managers
    assert "Jordan Patel, has been told" in item.reason
    assert reverse("alerts:alert", kwargs={"pk": alert.pk}) in item.reason
    [email] = mail.outbox
    assert email.to == ["colleague@example.org"]
    assert email.subject == "An alert in Tandem is waiting"
    assert email.body.startswith(
        "An alert in Tandem is waiting for someone to acknowledge it: "
        f"http://127.0.0.1:8000/alerts/{alert.pk}/"
    )
    assert escalation_rows() == [
        "Told the duty clinician, Jordan Patel, that an alert is past its response time"
    ]
    assert queries.escalation_words(alert).startswith("The duty clinician was told")


def test_then_the_managers_after_half_the_window(duty: Personas) -> None:
    alert = make_alert(duty)  # a 24-hour window: managers 12 hours after it
    escalation.escalate_due(now=alert.respond_by + MINUTE)
    assert escalation.escalate_due(now=alert.respond_by + 12 * HOUR - MINUTE).to_managers == []
    now = alert.respond_by + 12 * HOUR
    run = escalation.escalate_due(now=now)
    assert run.to_managers == [alert.pk] and run.to_duty == []
    assert fresh(alert).escalated_to_managers_at == now
    managers_item = WorkItem.objects.get(for_managers=True)
    assert managers_item.title == "An alert is past its response time"
    assert "The duty clinician was told and nobody has acknowledged it since" in (
        managers_item.reason
    )
    assert [m.to for m in mail.outbox] == [["colleague@example.org"], ["manager@example.org"]]
    assert escalation_rows()[-1] == (
        "Told the team's managers (Morgan Ellis) that an alert is past its response time"
    )
    steps = [s.text for s in queries.timeline(fresh(alert))]
    assert steps[-2:] == [
        "Past its response time: the duty clinician was told",
        "The team's managers were told",
    ]


def test_a_short_window_waits_at_least_two_hours_for_the_managers(duty: Personas) -> None:
    found = settings_for(duty.team_a)
    found.response_hours = 2
    found.save()
    alert = make_alert(duty)
    assert alert.respond_by - alert.raised_at == 2 * HOUR
    escalation.escalate_due(now=alert.respond_by)
    assert escalation.escalate_due(now=alert.respond_by + 2 * HOUR - MINUTE).to_managers == []
    assert escalation.escalate_due(now=alert.respond_by + 2 * HOUR).to_managers == [alert.pk]


def test_a_long_overdue_alert_takes_both_steps_in_one_run(duty: Personas) -> None:
    alert = make_alert(duty)
    run = escalation.escalate_due(now=alert.respond_by + 2 * dt.timedelta(days=1))
    assert run.to_duty == run.to_managers == [alert.pk]
    assert WorkItem.objects.count() == 2 and len(mail.outbox) == 2


def test_running_twice_changes_nothing(duty: Personas) -> None:
    alert = make_alert(duty)
    late = alert.respond_by + dt.timedelta(days=3)
    escalation.escalate_due(now=late)
    state = (
        fresh(alert).escalated_to_duty_at,
        alert.escalated_to_managers_at,
        WorkItem.objects.count(),
        len(mail.outbox),
        AuditEvent.objects.count(),
    )
    again = escalation.escalate_due(now=late + HOUR)
    assert again.to_duty == again.to_managers == again.emails_sent == []
    assert state == (
        fresh(alert).escalated_to_duty_at,
        alert.escalated_to_managers_at,
        WorkItem.objects.count(),
        len(mail.outbox),
        AuditEvent.objects.count(),
    )
    assert escalation.due(late + HOUR) == []


def test_acknowledged_and_closed_alerts_are_not_escalated(duty: Personas) -> None:
    acknowledged = make_alert(duty)
    services.acknowledge(actor=duty.clinician, alert=acknowledged)
    closed = make_alert(duty)
    services.close(actor=duty.clinician, alert=closed, action=AlertAction.CALLED, note="")
    run = escalation.escalate_due(now=acknowledged.respond_by + dt.timedelta(days=3))
    assert run.to_duty == run.to_managers == [] and mail.outbox == []


def test_acknowledging_after_the_duty_step_stops_the_managers_step(duty: Personas) -> None:
    alert = make_alert(duty)
    escalation.escalate_due(now=alert.respond_by + MINUTE)
    services.acknowledge(actor=duty.colleague, alert=alert)
    assert escalation.escalate_due(now=alert.respond_by + dt.timedelta(days=2)).to_managers == []
    assert fresh(alert).escalated_to_managers_at is None


def test_with_no_duty_clinician_it_goes_straight_to_the_managers(personas: Personas) -> None:
    alert = make_alert(personas)
    now = alert.respond_by + MINUTE
    run = escalation.escalate_due(now=now)
    assert run.to_duty == [] and run.to_managers == [alert.pk]
    alert = fresh(alert)
    assert alert.escalated_to_duty_at is None and alert.escalated_to_managers_at == now
    item = WorkItem.objects.get()
    assert item.for_managers
    assert "The team has no duty clinician set in Tandem, so the team's managers are told" in (
        item.reason
    )
    assert [m.to for m in mail.outbox] == [["manager@example.org"]]
    assert escalation_rows() == [
        "Told the team's managers (Morgan Ellis) that an alert is past its response time: "
        "no duty clinician set"
    ]
    assert queries.timeline(alert)[-1].text == (
        "Past its response time: no duty clinician was set, so the team's managers were told"
    )


def test_a_duty_clinician_who_left_the_team_counts_as_none(duty: Personas) -> None:
    TeamMembership.objects.filter(staff=duty.colleague.staff).delete()
    alert = make_alert(duty)
    run = escalation.escalate_due(now=alert.respond_by)
    assert run.to_managers == [alert.pk] and run.to_duty == []
    assert "colleague@example.org" not in [m.to[0] for m in mail.outbox]


def test_a_team_with_no_manager_gets_the_task_itself(personas: Personas) -> None:
    alert = make_alert(personas, team=personas.team_b, person=personas.other_su)
    escalation.escalate_due(now=alert.respond_by)
    item = WorkItem.objects.get()
    assert not item.for_managers and item.team == personas.team_b
    assert "The team has no manager in Tandem, so this task is for the whole team" in item.reason
    assert mail.outbox == []


def test_an_answer_needing_review_uses_its_own_same_day_window(duty: Personas) -> None:
    alert = make_alert(duty, kind=AlertKind.ANSWER_NEEDS_REVIEW)
    window = alert.respond_by - alert.raised_at
    assert window <= dt.timedelta(hours=24)
    due = alert.respond_by + max(2 * HOUR, window / 2)
    assert escalation.managers_due_at(alert) == due


def test_the_emails_and_task_title_say_nothing_clinical(duty: Personas) -> None:
    duty.su.given_name = "Samwise"
    duty.su.save()
    alert = make_alert(
        duty,
        kind=AlertKind.ANSWER_NEEDS_REVIEW,
        summary="Answered PHQ-9 item 9 above 0: thoughts of self-harm",
        reasons=["Question 9 (thoughts that you would be better off dead): several days"],
    )
    escalation.escalate_due(now=alert.respond_by + dt.timedelta(days=2))
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        for part in (email.subject, email.body):
            assert clinical_words_in(part) == [], part
            assert not re.search(r"samwise|taylor|phq|item 9|dead|harm", part, re.I), part
    assert {i.title for i in WorkItem.objects.all()} == {"An alert is past its response time"}
    for item in WorkItem.objects.all():
        assert clinical_words_in(item.title) == []
        assert "PHQ" not in item.reason and "dead" not in item.reason


def test_a_failed_email_is_audited_and_the_task_stands(
    duty: Personas,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("mail server down")

    monkeypatch.setattr(escalation, "send_mail", broken)
    alert = make_alert(duty)
    run = escalation.escalate_due(now=alert.respond_by)
    assert run.to_duty == [alert.pk] and len(run.emails_failed) == 1
    assert fresh(alert).escalated_to_duty_at is not None
    assert WorkItem.objects.count() == 1
    assert escalation_rows()[-1] == (
        "Could not email Jordan Patel about an alert past its response time"
    )


def test_the_command_escalates_what_is_due_now(duty: Personas) -> None:
    alert = make_alert(duty)
    alert.raised_at -= dt.timedelta(days=2)
    alert.respond_by -= dt.timedelta(days=2)
    alert.save()
    out = StringIO()
    call_command("escalate_alerts", stdout=out)
    assert "Told the duty clinician about 1 alert(s) and the managers about 1" in out.getvalue()
    assert "2 email(s) sent, 0 failed" in out.getvalue()
    out = StringIO()
    call_command("escalate_alerts", stdout=out)
    assert "about 0 alert(s) and the managers about 0" in out.getvalue()
    # The rows from one run share a request id, so the run can be traced.
    ids = set(
        AuditEvent.objects.filter(object_type="alerts.Alert", actor__isnull=True)
        .exclude(what__startswith="Raised")
        .values_list("request_id", flat=True)
    )
    assert len(ids) == 1 and "" not in ids


def test_acknowledging_an_escalated_alert_closes_the_tasks_that_chase_it(duty: Personas) -> None:
    alert = make_alert(duty)
    escalation.escalate_due(now=alert.respond_by + MINUTE)
    escalation.escalate_due(now=alert.respond_by + 13 * HOUR)
    assert WorkItem.objects.filter(done_at__isnull=True).count() == 2

    services.acknowledge(actor=duty.clinician, alert=alert)

    items = list(WorkItem.objects.order_by("pk"))
    assert [i.done_at is not None for i in items] == [True, True]
    assert all(i.done_by == duty.clinician for i in items)
    assert all("acknowledged the alert" in i.outcome for i in items)
    # Someone else's task about another alert is left alone.
    other = make_alert(duty)
    escalation.escalate_due(now=other.respond_by + MINUTE)
    assert WorkItem.objects.filter(done_at__isnull=True).count() == 1
