"""Waits, outcomes, disengagement, choice, inclusion, staff and alerts, on small
hand-built data sets."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.alerts.models import Alert
from tandem.appointments.models import Referral
from tandem.appointments.slots import at
from tandem.inclusion.models import DeviceLoan, HelpRequest, ModalityChangeRequest
from tandem.insights import queries, service_queries
from tandem.insights.tests import helpers
from tandem.insights.tests.helpers import LAST, Clinic, person, scope
from tandem.measures import outcomes
from tandem.measures.models import Instrument, Response
from tandem.preferences.models import DigitalAccessCheck, SharedDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas):
    return Clinic(personas)


def answer(p, team, who, code, total, on):
    return Response.objects.create(
        service_user=p,
        team=team,
        instrument=Instrument.objects.filter(code=code).order_by("-version").first(),
        complete=True,
        total=total,
        submitted_by=who,
        submitted_at=at(on, dt.time(12)),
    )


def test_outcomes_agree_with_the_talking_therapies_definitions(personas, clinic):
    team = personas.team_a
    start, end = dt.date(2026, 2, 2), dt.date(2026, 8, 3)
    cases = {
        # (phq9, gad7) at start, at end
        "recovered reliably": ((18, 12), (6, 5)),
        "improved, still a case": ((22, 15), (14, 10)),
        "not a case at start": ((5, 4), (3, 2)),
        "got worse": ((11, 9), (20, 16)),
    }
    people = {}
    for label, (first, last) in cases.items():
        p = person(team)
        people[label] = p
        for on, (phq, gad) in ((start, first), (end, last)):
            answer(p, team, personas.clinician, "phq9", phq, on)
            answer(p, team, personas.clinician, "gad7", gad, on)
        clinic.add(p, team=team, on=start, way="video", attendance="5")
    # Only one occasion: not counted. Another team's answers: not counted.
    once = person(team)
    answer(once, team, personas.clinician, "phq9", 20, start)
    answer(once, team, personas.clinician, "gad7", 15, start)
    other = person(personas.team_b)
    for on in (start, end):
        answer(other, personas.team_b, personas.outsider, "phq9", 20, on)
        answer(other, personas.team_b, personas.outsider, "gad7", 15, on)

    found = helpers.outcomes(scope(team))
    tally = found.by_way["all"]
    pairs = [(outcomes.Pair(*first), outcomes.Pair(*last)) for first, last in cases.values()]
    assert tally.people == 4
    assert tally.caseness == sum(bool(outcomes.at_caseness(f)) for f, _ in pairs) == 3
    assert tally.improved == sum(bool(outcomes.reliable_improvement(f, la)) for f, la in pairs)
    assert tally.improved == 2
    assert tally.recovered == sum(bool(outcomes.recovered(f, la)) for f, la in pairs) == 1
    assert tally.reliably_recovered == 1
    assert found.by_way["video"].people == 4
    assert found.by_way["phone"].people == 0


def test_waits_are_days_from_referral_to_first_offer_and_first_held(personas):
    team = personas.team_a
    received = dt.date(2026, 3, 1)
    for offered_after, held_after, way in ((5, 10, "video"), (7, 30, "video"), (3, None, "phone")):
        Referral.objects.create(
            service_user=person(team),
            team=team,
            received_on=received,
            first_offered_on=received + dt.timedelta(days=offered_after),
            first_offered_modality=way,
            first_held_on=received + dt.timedelta(days=held_after) if held_after else None,
            first_held_modality=way if held_after else "",
            recorded_by=personas.manager,
        )
    Referral.objects.create(
        service_user=person(personas.team_b),
        team=personas.team_b,
        received_on=received,
        first_offered_on=received + dt.timedelta(days=100),
        first_offered_modality="video",
        recorded_by=personas.manager,
    )
    found = queries.waits(scope(team))
    assert found["offered"]["video"].median_days == 6
    assert found["offered"]["all"].median_days == 5
    assert found["offered"]["all"].waiting == 0
    assert found["held"]["video"].median_days == 20
    assert found["held"]["video"].within_28_days == 1
    assert found["held"]["all"].waiting == 1


def test_disengaged_people_are_counted_by_the_way_they_were_last_seen(personas, clinic):
    team = personas.team_a
    long_ago = person(team)
    clinic.add(long_ago, team=team, on=LAST - dt.timedelta(days=40), way="phone", attendance="5")
    switched = person(team)
    clinic.add(
        switched,
        team=team,
        on=LAST - dt.timedelta(days=35),
        way="video",
        attendance="5",
        switched_to="phone",
        switched_by="clinician",
    )
    recent = person(team)
    clinic.add(recent, team=team, on=LAST - dt.timedelta(days=40), way="phone", attendance="5")
    clinic.add(recent, team=team, on=LAST - dt.timedelta(days=5), way="video", attendance="5")
    person(team, opened_on=LAST - dt.timedelta(days=60))  # never seen
    person(team, opened_on=LAST - dt.timedelta(days=10))  # new: not yet over the limit
    missed_only = person(team)
    clinic.add(missed_only, team=team, on=LAST - dt.timedelta(days=60), way="video", attendance="5")
    clinic.add(missed_only, team=team, on=LAST - dt.timedelta(days=3), way="video", attendance="3")
    elsewhere = person(personas.team_b)
    clinic.add(elsewhere, team=personas.team_b, on=LAST - dt.timedelta(days=90), attendance="5")

    # Sam (the personas' service user) joins on the last day: not over the limit yet.
    personas.su.caseload_entries.update(opened_on=LAST)
    found = helpers.disengaged(scope(team))
    assert found == {"phone": 2, "never": 1, "video": 1}


def test_choice_counts_people_who_declined_remote_and_asked_to_change(personas):
    team = personas.team_a
    when = at(dt.date(2026, 4, 4), dt.time(11))
    declined, chose_video = person(team), person(team)
    for who, decision in ((declined, "face_to_face"), (chose_video, "video")):
        SharedDecision.objects.create(
            service_user=who,
            kind="check_in",
            options_discussed=["face_to_face", "video"],
            face_to_face_offered=True,
            took_part="Them",
            decision=decision,
            reasons="Agreed",
            decided_by=personas.clinician,
            decided_at=when,
        )
    outside = person(personas.team_b)
    SharedDecision.objects.create(
        service_user=outside,
        kind="check_in",
        options_discussed=["face_to_face", "phone"],
        face_to_face_offered=True,
        took_part="Them",
        decision="face_to_face",
        reasons="Agreed",
        decided_by=personas.outsider,
        decided_at=when,
    )
    for _ in range(2):
        ModalityChangeRequest.objects.create(
            service_user=declined, modality="phone", raised_by=personas.clinician, raised_at=when
        )
    found = queries.choice(scope(team))
    assert found.decisions == 2
    assert found.declined_remote == 1
    assert found.change_requests == 1
    assert found.change_to == {"phone": 1}


def test_inclusion_counts_help_devices_and_private_space(personas):
    team = personas.team_a
    p, q = person(team), person(team)
    when = at(dt.date(2026, 5, 5), dt.time(10))
    HelpRequest.objects.create(
        service_user=p,
        topic="video",
        contact_by="phone",
        raised_by=p.user or personas.clinician,
        raised_at=when,
    )
    HelpRequest.objects.create(
        service_user=p,
        topic="other",
        contact_by="phone",
        raised_by=personas.clinician,
        raised_at=when,
    )
    DeviceLoan.objects.create(
        service_user=q,
        asset_tag="T1",
        device_type="tablet",
        lent_on=dt.date(2026, 5, 6),
        return_due=dt.date(2026, 8, 6),
        recorded_by=personas.clinician,
    )
    for who, space in ((p, "no"), (q, "yes")):
        DigitalAccessCheck.objects.create(
            service_user=who,
            recorded_by=personas.clinician,
            devices=["smartphone"],
            connection="reliable",
            data_costs_a_problem="no",
            private_space=space,
            video_confidence="confident",
        )
    outside = person(personas.team_b)
    HelpRequest.objects.create(
        service_user=outside,
        topic="video",
        contact_by="phone",
        raised_by=personas.outsider,
        raised_at=when,
    )
    found = service_queries.inclusion(scope(team))
    assert (found.help_requests, found.people_asking_help, found.devices_lent) == (2, 1, 1)
    assert (found.no_private_space, found.checked) == (1, 2)


def test_staff_remote_hours_and_guardrails(personas, clinic):
    team = personas.team_a
    p = person(team)
    day = dt.date(2026, 10, 6)
    clinic.add(p, team=team, on=day, way="video", count=6, hour=9)  # 6 hours: over the 5
    clinic.add(
        p,
        team=team,
        on=day + dt.timedelta(days=1),
        way="phone",
        hour=9,
        guardrail_breaches=["less than 10 minutes' break between remote sessions"],
        guardrail_reason="Person asked",
    )
    clinic.add(p, team=team, on=day, way="face_to_face", hour=18)
    clinic.add(p, team=team, on=day, way="video", attendance="4", hour=20)  # cancelled
    found = helpers.staff(scope(team))
    assert found.remote_hours == 7
    assert found.remote_appointments == 7
    assert found.days_over_hours == 1
    assert (found.bookings_over_guardrails, found.bookings_short_break) == (1, 1)


def test_alert_response_times(personas):
    team = personas.team_a
    p = person(team)
    raised = at(dt.date(2026, 7, 7), dt.time(9))
    due = raised + dt.timedelta(hours=24)
    for n, hours in enumerate((2, 30, None)):
        Alert.objects.create(
            team=team,
            service_user=p,
            kind="missed",
            summary="Check-ins missed",
            about_key=f"missed:{n}",
            raised_at=raised,
            respond_by=due,
            state="acknowledged" if hours else "open",
            acknowledged_at=raised + dt.timedelta(hours=hours) if hours else None,
            acknowledged_by=personas.clinician if hours else None,
        )
    found = service_queries.alerts(scope(team))
    assert (found.raised, found.acknowledged, found.in_time, found.late_or_waiting) == (3, 2, 1, 2)
    assert found.median_hours == 16
