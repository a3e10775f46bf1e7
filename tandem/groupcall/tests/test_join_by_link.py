"""A group member without a Tandem account joins the group's video call from the
link in their reminder, after their date of birth: the same link and check as a
one-to-one call's (issue 26, HAZ-337)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.audit.models import AuditEvent
from tandem.consult import join_links
from tandem.consult.tests.helpers import person_without_account, video_appointment
from tandem.groupcall import rooms, selectors
from tandem.groupcall.janus_process import RunningJanus
from tandem.groupcall.models import Attendee, GroupCall, MemberState
from tandem.groupcall.tests.test_group_calls import config_of, member_arrives, signed
from tandem.groups import enrolling
from tandem.groups.models import Enrolment, EnrolmentState, GroupSession, JoinsBy, Way
from tandem.groups.tests.helpers import member, programme
from tandem.people.models import ServiceUser
from tests.clinic import build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db

DOB = {"date_of_birth_day": "27", "date_of_birth_month": "3", "date_of_birth_year": "1985"}
WRONG = {"date_of_birth_day": "28", "date_of_birth_month": "3", "date_of_birth_year": "1985"}
NOT_WORKING = "This link does not work"


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def video_group(p: Personas) -> tuple[GroupSession, GroupSession, ServiceUser, ServiceUser]:
    """Two sessions of a video group, the first starting in five minutes, with Jo
    (born 27 March 1985) and Ada enrolled, neither with an account."""
    group = programme(p, build_clinic(p), way=Way.VIDEO, sessions=2)
    jo = person_without_account(p)
    ada = member(p, "Ada")
    for person in (jo, ada):
        enrolling.enrol(
            actor=p.clinician, programme=group, service_user=person, joins_by=JoinsBy.VIDEO
        )
    first, second = list(group.sessions.order_by("starts_at"))
    starts = timezone.now() + dt.timedelta(minutes=5)
    ends = starts + dt.timedelta(minutes=90)
    GroupSession.objects.filter(pk=first.pk).update(starts_at=starts, ends_at=ends)
    Appointment.objects.filter(group_session=first).update(starts_at=starts, ends_at=ends)
    return first, second, jo, ada


def link_for(person: ServiceUser, session: GroupSession) -> str:
    place = Appointment.objects.get(service_user=person, group_session=session)
    return join_links.issue(appointment=place, actor=None)


def opened(p: Personas, session: GroupSession) -> GroupCall:
    assert signed(p.clinician).post(reverse("groupcall:open", args=[session.pk])).status_code == 302
    return GroupCall.objects.get(session=session)


def test_jo_gives_her_date_of_birth_and_joins_the_group_as_herself(
    personas: Personas, janus_settings: RunningJanus
) -> None:
    first, _, jo, _ = video_group(personas)
    path = link_for(jo, first)
    assert path.startswith("/group-calls/join/")
    call = opened(personas, first)
    browser = Client()

    page = browser.get(path)
    assert "Check it is you" in text(page)
    # Nothing about her or the group before the check.
    assert "Rivers" not in text(page) and "anxiety" not in text(page)

    checked = browser.post(path, DOB)
    assert checked["Location"] == reverse("groupcall:join", args=[first.pk])
    member_arrives(browser, first.pk)
    jo_in_call = Attendee.objects.get(call=call, is_facilitator=False)
    assert jo_in_call.user_id is None
    assert jo_in_call.enrolment is not None and jo_in_call.enrolment.service_user_id == jo.pk
    assert "waiting" in text(browser.get(reverse("groupcall:waiting", args=[first.pk])))

    # Dr Lee lets her in: she has her own token, and others see her first name only.
    signed(personas.clinician).post(reverse("groupcall:admit", args=[first.pk, jo_in_call.pk]))
    jo_in_call.refresh_from_db()
    config = config_of(browser.get(reverse("groupcall:call", args=[first.pk])))
    assert config["name"] == "Jo"
    assert config["id"] == jo_in_call.pk
    assert config["token"] == rooms.token_of(jo_in_call)
    assert AuditEvent.objects.filter(
        what="Date of birth confirmed on a link to join a video appointment"
    ).exists()

    # The chat socket knows her by the same browser session, and nobody else.
    assert (
        selectors.admitted_attendee(
            user=AnonymousUser(), session_id=first.pk, browser=browser.session
        )
        == jo_in_call
    )
    # Another browser without the check gets nowhere.
    stranger = Client()
    assert (
        selectors.admitted_attendee(
            user=AnonymousUser(), session_id=first.pk, browser=stranger.session
        )
        is None
    )
    call_page = stranger.get(reverse("groupcall:call", args=[first.pk]))
    assert call_page["Location"].startswith("/sign-in/")


def test_a_wrong_date_of_birth_is_refused_as_on_a_one_to_one_link(personas: Personas) -> None:
    first, _, jo, _ = video_group(personas)
    path = link_for(jo, first)
    browser = Client()
    for _ in range(1, join_links.MAX_FAILED_CHECKS):
        wrong = browser.post(path, WRONG)
        assert wrong.status_code == 200
        assert "does not match our records" in text(wrong)
    locked = browser.post(path, WRONG)
    assert locked.status_code == 404 and NOT_WORKING in text(locked)
    # Even the right date does not open a locked link, and she is let into nothing.
    assert browser.post(path, DOB).status_code == 404
    assert browser.get(reverse("groupcall:join", args=[first.pk]))["Location"].startswith(
        "/sign-in/"
    )


def test_another_sessions_or_another_members_or_a_one_to_one_link_gets_the_same_404(
    personas: Personas,
) -> None:
    first, second, jo, ada = video_group(personas)
    browser = Client()
    assert browser.post(link_for(jo, first), DOB).status_code == 302
    # Let into the first session only: the second's pages treat her as a stranger.
    assert browser.get(reverse("groupcall:join", args=[second.pk]))["Location"].startswith(
        "/sign-in/"
    )
    # Ada's link does not take Jo's date of birth, and locks the same way.
    adas = link_for(ada, first)
    assert "does not match our records" in text(Client().post(adas, DOB))

    refused = [
        # A group place's link opened as a one-to-one call's, and the other way round.
        link_for(jo, first).replace("/group-calls/join/", "/video/join/"),
        join_links.issue(
            appointment=video_appointment(personas, person=jo, starts_in=dt.timedelta(hours=3)),
            actor=None,
        ).replace("/video/join/", "/group-calls/join/"),
        "/group-calls/join/made-up-token/",
    ]
    for path in refused:
        answer = Client().get(path)
        assert answer.status_code == 404 and NOT_WORKING in text(answer), path
    # A member who has left the group: her link stops, and so does her place.
    left = link_for(ada, first)
    Enrolment.objects.filter(service_user=ada).update(state=EnrolmentState.LEFT)
    answer = Client().get(left)
    assert answer.status_code == 404 and NOT_WORKING in text(answer)


def test_a_removed_members_link_stops_working_and_so_does_an_ended_sessions(
    personas: Personas, janus_settings: RunningJanus
) -> None:
    first, _, jo, ada = video_group(personas)
    call = opened(personas, first)
    path = link_for(jo, first)
    browser = Client()
    browser.post(path, DOB)
    member_arrives(browser, first.pk)
    jo_in_call = Attendee.objects.get(call=call, enrolment__service_user=jo)
    facilitator = signed(personas.clinician)
    facilitator.post(reverse("groupcall:admit", args=[first.pk, jo_in_call.pk]))
    facilitator.post(reverse("groupcall:remove", args=[first.pk, jo_in_call.pk]))
    assert Attendee.objects.get(pk=jo_in_call.pk).state == MemberState.REMOVED

    # Her link, in this browser or a fresh one, no longer lets her in.
    for holder in (browser, Client()):
        answer = holder.post(path, DOB)
        assert answer.status_code == 404 and NOT_WORKING in text(answer)
    assert "You are no longer in this group call" in text(
        browser.get(reverse("groupcall:join", args=[first.pk]))
    )

    # Once the session's call has ended, Ada's link does not work either.
    adas = link_for(ada, first)
    facilitator.post(reverse("groupcall:end", args=[first.pk]))
    answer = Client().get(adas)
    assert answer.status_code == 404 and NOT_WORKING in text(answer)
