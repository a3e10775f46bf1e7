"""The team's alert queue and the alert page: each member of staff sees their
own teams' alerts and nobody else's, waiting ones in the order they need
answering with lateness said in words, filters and counts, and an alert page
with the reasons, the data, how to reach the person and what has happened.
No scores, levels or colours anywhere."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tandem.alerts import queries, services
from tandem.alerts.models import Alert, AlertAction, AlertKind, AlertState
from tandem.alerts.raising import raise_alert
from tandem.audit.models import AuditEvent
from tandem.people.models import CareTeam, ServiceUser, TeamMembership
from tests.personas import Personas

pytestmark = pytest.mark.django_db

_keys = itertools.count(1)


def make_alert(
    p: Personas,
    *,
    team: CareTeam | None = None,
    person: ServiceUser | None = None,
    kind: str = AlertKind.CHANGE_FROM_USUAL,
    summary: str = "Sleep below their usual for 5 days",
    reasons: list[str] | None = None,
    respond_by: dt.datetime | None = None,
    data_from: dt.date | None = None,
    data_to: dt.date | None = None,
) -> Alert:
    """An alert raised the way it is in use; ``respond_by`` moved if asked."""
    alert = raise_alert(
        team=team or p.team_a,
        service_user=person or p.su,
        kind=kind,
        summary=summary,
        reasons=reasons or ["Sleep 2 hours below your usual for 5 days"],
        about_key=f"test:{next(_keys)}",
        data_from=data_from,
        data_to=data_to,
    )
    if respond_by is not None:
        alert.respond_by = respond_by
        alert.raised_at = min(alert.raised_at, respond_by - dt.timedelta(hours=24))
        alert.save(update_fields=["respond_by", "raised_at"])
    return alert


def text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def test_waiting_alerts_come_soonest_first_with_lateness_in_words(personas: Personas) -> None:
    now = timezone.now()
    later = make_alert(personas, summary="Later", respond_by=now + dt.timedelta(hours=20))
    late = make_alert(personas, summary="Late", respond_by=now - dt.timedelta(hours=3, minutes=5))
    soon = make_alert(personas, summary="Soon", respond_by=now + dt.timedelta(hours=2))
    page = queries.queue(personas.clinician, now=now)
    assert [r.alert for r in page.rows] == [late, soon, later]
    assert page.rows[0].timing == "Past the response time by 3 hours"
    assert page.rows[0].is_past and not page.rows[1].is_past
    assert page.rows[1].timing.endswith("(in 2 hours)")
    assert page.counts == {"waiting": 3, "acknowledged": 0, "closed": 0}


def test_the_caseload_banner_counts_waiting_alerts_and_those_past_their_time(
    personas: Personas,
) -> None:
    now = timezone.now()
    make_alert(personas, respond_by=now + dt.timedelta(hours=2))
    make_alert(personas, respond_by=now - dt.timedelta(hours=1))
    acknowledged = make_alert(personas, respond_by=now - dt.timedelta(hours=1))
    services.acknowledge(actor=personas.clinician, alert=acknowledged)
    make_alert(personas, team=personas.team_b, respond_by=now - dt.timedelta(hours=1))
    assert queries.waiting_for(personas.clinician, now=now) == queries.Waiting(count=2, past=1)


def test_lateness_reads_naturally() -> None:
    assert queries.duration(dt.timedelta(minutes=25)) == "25 minutes"
    assert queries.duration(dt.timedelta(hours=1, minutes=59)) == "1 hour"
    assert queries.duration(dt.timedelta(days=2, hours=5)) == "2 days and 5 hours"
    assert queries.duration(dt.timedelta(days=1)) == "1 day"
    assert queries.duration(dt.timedelta(seconds=10)) == "1 minute"


def test_filters_split_by_state_and_closed_shows_recent(personas: Personas) -> None:
    waiting = make_alert(personas, summary="Waiting")
    acknowledged = make_alert(personas, summary="Acknowledged")
    services.acknowledge(actor=personas.clinician, alert=acknowledged)
    closed = make_alert(personas, summary="Closed")
    services.close(
        actor=personas.colleague, alert=closed, action=AlertAction.CALLED, note="Spoke to Sam"
    )
    old = make_alert(personas, summary="Closed long ago")
    services.close(
        actor=personas.colleague,
        alert=old,
        action=AlertAction.CALLED,
        note="",
        now=timezone.now() - dt.timedelta(days=40),
    )
    user = personas.clinician
    assert [r.alert for r in queries.queue(user).rows] == [waiting]
    assert [r.alert for r in queries.queue(user, show="acknowledged").rows] == [acknowledged]
    assert [r.alert for r in queries.queue(user, show="closed").rows] == [closed]
    assert {r.alert for r in queries.queue(user, show="all").rows} == {
        waiting,
        acknowledged,
        closed,
        old,
    }
    assert queries.queue(user).counts == {"waiting": 1, "acknowledged": 1, "closed": 1}
    # Anything unknown falls back to the default.
    assert queries.queue(user, show="nonsense").show == "waiting"


def test_each_team_sees_only_its_own_alerts(personas: Personas) -> None:
    sams = make_alert(personas)
    kits = make_alert(personas, team=personas.team_b, person=personas.other_su)
    for user in (personas.clinician, personas.colleague, personas.manager):
        assert [r.alert for r in queries.queue(user, show="all").rows] == [sams]
    assert [r.alert for r in queries.queue(personas.outsider, show="all").rows] == [kits]
    for user in (personas.admin, personas.service_user, personas.carer):
        assert queries.queue(user, show="all").rows == []


def test_someone_in_two_teams_can_look_at_one(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    TeamMembership.objects.create(staff=personas.clinician.staff, team=personas.team_b)
    sams = make_alert(personas)
    kits = make_alert(personas, team=personas.team_b, person=personas.other_su)
    both = queries.queue(personas.clinician, show="all")
    assert {r.alert for r in both.rows} == {sams, kits} and len(both.teams) == 2
    only_b = queries.queue(personas.clinician, show="all", team_id=personas.team_b.pk)
    assert [r.alert for r in only_b.rows] == [kits] and only_b.team == personas.team_b
    # A team they are not in is ignored, not shown.
    other = CareTeam.objects.create(organisation=personas.organisation, name="X", slug="x")
    assert queries.queue(personas.clinician, show="all", team_id=other.pk).team is None
    page = text(
        client_for("clinician").get(reverse("alerts:queue") + f"?team={personas.team_b.pk}")
    )
    assert "Kit Moreno" in page and "Sam Taylor" not in page
    assert "Southmoor CMHT" in page


def test_the_queue_is_paginated(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    for _ in range(queries.PER_PAGE + 3):
        make_alert(personas)
    first = queries.queue(personas.clinician)
    assert len(first.rows) == queries.PER_PAGE and first.page.has_next()
    second = queries.queue(personas.clinician, page="2")
    assert len(second.rows) == 3
    assert queries.queue(personas.clinician, page="nonsense").page.number == 1
    response = client_for("clinician").get(reverse("alerts:queue"))
    assert 'href="?page=2"' in response.content.decode()
    assert client_for("clinician").get(reverse("alerts:queue") + "?page=2").status_code == 200


def test_the_queue_page_lists_each_alert_in_words(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    make_alert(personas, respond_by=timezone.now() - dt.timedelta(hours=3, minutes=1))
    response = client_for("clinician").get(reverse("alerts:queue"))
    page = text(response)
    assert response.status_code == 200
    listed = AuditEvent.objects.get(action="list", object_type="alerts.Alert")
    assert listed.actor == personas.clinician
    assert listed.what == "Alert queue (Waiting to be acknowledged), page 1"
    for words in (
        "Sam Taylor",
        "A change from their usual",
        "Sleep below their usual for 5 days",
        "Past the response time by 3 hours",
        "Waiting for someone to acknowledge it",
        "Not escalated",
        "Waiting to be acknowledged (1)",
    ):
        assert words in page, words
    # Nothing that rates people: no scores, levels or coloured tags.
    assert not re.search(r"nhsuk-tag--(red|orange|yellow|green)|risk (score|level)", page, re.I)


def test_the_queue_lists_the_managers_settings_link(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    settings_url = reverse("alerts:settings", kwargs={"pk": personas.team_a.pk})
    assert settings_url in client_for("manager").get(reverse("alerts:queue")).content.decode()
    assert settings_url not in client_for("clinician").get(reverse("alerts:queue")).content.decode()


def test_the_alert_page_shows_reasons_data_contact_and_timeline(
    personas: Personas,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    personas.su.phone = "+447700900123"
    personas.su.save()
    today = timezone.localdate()
    alert = make_alert(
        personas,
        reasons=[
            "Sleep 2 hours below your usual for 5 days",
            "'Feeling people are against me' rated high 4 of the last 6 days",
        ],
        data_from=today - dt.timedelta(days=6),
        data_to=today,
    )
    response = client_for("colleague").get(reverse("alerts:alert", kwargs={"pk": alert.pk}))
    page = text(response)
    assert response.status_code == 200
    assert "Sleep 2 hours below your usual for 5 days" in page
    assert "&#39;Feeling people are against me&#39; rated high 4 of the last 6 days" in page
    assert "The nightly check of their diary against their own usual" in page
    assert "07700 900123" in page or "07700900123" in page
    assert reverse("safety:staff-plan", kwargs={"pk": personas.su.pk}) in page
    assert reverse("people:person", kwargs={"pk": personas.su.pk}) in page
    assert "Raised: A change from their usual" in page
    assert queries.data_link(alert).href in page.replace("&amp;", "&")
    # Opening it is an audited read of Sam's record.
    event = AuditEvent.objects.filter(object_type="alerts.Alert", action="view").get()
    assert event.actor == personas.colleague and event.subject_id == personas.su.pk


def _exists(name: str, pk: int) -> str | None:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return None


def test_the_data_link_goes_to_the_days_in_the_diary(personas: Personas) -> None:
    alert = make_alert(personas, data_from=dt.date(2026, 11, 1), data_to=dt.date(2026, 11, 7))
    diary = _exists("diary:staff-person", personas.su.pk)
    link = queries.data_link(alert)
    if diary is None:
        assert link.href == reverse("people:person", kwargs={"pk": personas.su.pk})
    else:
        assert link.href == f"{diary}?from=2026-11-01&to=2026-11-07"


def test_the_data_link_falls_back_to_the_record(personas: Personas, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(queries, "_reversed", lambda name, pk: None)
    for kind in (AlertKind.ANSWER_NEEDS_REVIEW, AlertKind.WORRYING_WORDS):
        link = queries.data_link(make_alert(personas, kind=kind))
        assert link.href == reverse("people:person", kwargs={"pk": personas.su.pk})
        assert link.text == "Open their record"


def test_timeline_says_who_did_what_in_order(personas: Personas) -> None:
    alert = make_alert(personas)
    now = alert.raised_at
    alert.escalated_to_duty_at = now + dt.timedelta(hours=25)
    alert.save()
    services.acknowledge(actor=personas.colleague, alert=alert, now=now + dt.timedelta(hours=26))
    services.close(
        actor=personas.clinician,
        alert=alert,
        action=AlertAction.EARLIER_APPOINTMENT,
        note="",
        now=now + dt.timedelta(hours=27),
    )
    alert.refresh_from_db()
    assert alert.state == AlertState.CLOSED
    assert [s.text for s in queries.timeline(alert)] == [
        "Raised: A change from their usual",
        "Past its response time: the duty clinician was told",
        "Acknowledged by Jordan Patel",
        "Closed by Dr Casey Lee: Offered an earlier appointment",
    ]
