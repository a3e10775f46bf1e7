"""Group calls through the pages, against a real Janus: who may open, join and
see what; letting in, removing and readmitting; the signal; ending; and the
pages when Janus is not set up or not answering."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from tandem.audit.models import AuditEvent
from tandem.groupcall import rooms
from tandem.groupcall.janus_process import RunningJanus
from tandem.groupcall.models import Attendee, GroupCall, GroupSignal, MemberState
from tandem.groupcall.tests.helpers import group_session
from tandem.groupcall.tests.janus_client import Participant, Refused
from tandem.people.models import User
from tests.personas import Personas, sign_in


def signed(user: User) -> Client:
    return sign_in(Client(), user)


def config_of(page: HttpResponse) -> dict[str, Any]:
    found = re.search(r'id="groupcall-config">(.*?)</script>', page.content.decode())
    assert found is not None
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def opened(p: Personas, session_id: int) -> GroupCall:
    answer = signed(p.clinician).post(reverse("groupcall:open", args=[session_id]))
    assert answer.status_code == 302
    return GroupCall.objects.get(session_id=session_id)


def member_arrives(client: Client, session_id: int, *, can_talk: str = "yes") -> None:
    assert client.get(reverse("groupcall:join", args=[session_id])).status_code == 302
    answer = client.post(
        reverse("groupcall:check", args=[session_id]),
        {"location": "At home, 4 Elm Road", "can_talk_freely": can_talk},
    )
    assert answer.status_code == 302


@pytest.mark.django_db
def test_without_janus_everyone_is_told_to_join_by_phone(personas: Personas) -> None:
    session, _ = group_session(personas)
    for user, name in ((personas.service_user, "join"), (personas.clinician, "facilitate")):
        answer = signed(user).get(reverse(f"groupcall:{name}", args=[session.pk]))
        assert "Group video is not available" in answer.content.decode()
        assert 'ring Northgate CMHT on <a href="tel:01134960001">' in answer.content.decode()


@pytest.mark.django_db
def test_people_outside_the_group_get_the_same_404(
    personas: Personas, janus_settings: RunningJanus
) -> None:
    session, _ = group_session(personas)
    opened(personas, session.pk)
    for user in (personas.other_service_user, personas.outsider, personas.carer):
        client = signed(user)
        for name in ("join", "call", "facilitate"):
            assert client.get(reverse(f"groupcall:{name}", args=[session.pk])).status_code == 404
    assert (
        signed(personas.service_user)
        .get(reverse("groupcall:facilitate", args=[session.pk]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_a_member_waits_answers_the_check_and_is_let_in_by_a_facilitator(
    personas: Personas, janus_settings: RunningJanus
) -> None:
    session, users = group_session(personas, members=2)
    call = opened(personas, session.pk)
    sam = signed(users[0])
    member_arrives(sam, session.pk, can_talk="no")
    assert sam.get(reverse("groupcall:call", args=[session.pk])).status_code == 302
    facilitator = signed(personas.clinician)
    panel = facilitator.get(reverse("groupcall:panel", args=[session.pk])).content.decode()
    assert "At home, 4 Elm Road" in panel and "Can talk freely: No" in panel
    sam_there = Attendee.objects.get(call=call, user=users[0])
    facilitator.post(reverse("groupcall:admit", args=[session.pk, sam_there.pk]))
    page = sam.get(reverse("groupcall:call", args=[session.pk]))
    assert page.status_code == 200
    config = config_of(page)
    # Janus lets Sam in with what the page gave, and nobody else sees where Sam is.
    Participant(url=janus_settings.url, token=config["token"]).join(
        room=config["room"], pin=config["pin"], participant_id=config["id"]
    )
    assert "Elm Road" not in page.content.decode()
    assert sam_there.pk in [p["id"] for p in rooms.janus().participants(room=rooms.room_of(call))]


@pytest.mark.django_db
def test_members_see_first_names_only(personas: Personas, janus_settings: RunningJanus) -> None:
    session, users = group_session(personas, members=2)
    call = opened(personas, session.pk)
    member_arrives(signed(users[0]), session.pk)
    assert Attendee.objects.get(call=call, user=users[0]).shown_as == "Sam"


@pytest.mark.django_db
def test_a_removed_member_cannot_rejoin_until_let_back_in(
    personas: Personas, janus_settings: RunningJanus
) -> None:
    session, users = group_session(personas)
    call = opened(personas, session.pk)
    sam = signed(users[0])
    member_arrives(sam, session.pk)
    attendee = Attendee.objects.get(call=call, user=users[0])
    facilitator = signed(personas.clinician)
    facilitator.post(reverse("groupcall:admit", args=[session.pk, attendee.pk]))
    old = config_of(sam.get(reverse("groupcall:call", args=[session.pk])))
    Participant(url=janus_settings.url, token=old["token"]).join(
        room=old["room"], pin=old["pin"], participant_id=old["id"]
    )

    facilitator.post(reverse("groupcall:remove", args=[session.pk, attendee.pk]))
    attendee.refresh_from_db()
    assert attendee.state == MemberState.REMOVED
    assert rooms.janus().participants(room=rooms.room_of(call)) == []
    assert (
        "no longer in this group call"
        in sam.get(reverse("groupcall:join", args=[session.pk])).content.decode()
    )
    with pytest.raises(Refused):
        Participant(url=janus_settings.url, token=old["token"])

    facilitator.post(reverse("groupcall:admit", args=[session.pk, attendee.pk]))
    new = config_of(sam.get(reverse("groupcall:call", args=[session.pk])))
    assert new["token"] != old["token"]
    Participant(url=janus_settings.url, token=new["token"]).join(
        room=new["room"], pin=new["pin"], participant_id=new["id"]
    )
    assert AuditEvent.objects.filter(what="Removed a member from a group call").count() == 1


@pytest.mark.django_db
def test_the_signal_reaches_the_facilitators_only(
    personas: Personas, janus_settings: RunningJanus
) -> None:
    session, users = group_session(personas, members=2)
    call = opened(personas, session.pk)
    facilitator = signed(personas.clinician)
    clients = [signed(user) for user in users]
    for client, user in zip(clients, users, strict=True):
        member_arrives(client, session.pk)
        there = Attendee.objects.get(call=call, user=user)
        facilitator.post(reverse("groupcall:admit", args=[session.pk, there.pk]))
    answer = clients[0].post(
        reverse("groupcall:signal", args=[session.pk]), headers={"X-Requested-With": "fetch"}
    )
    assert answer.content.decode() == "Sound check done. Your sound is working."
    assert GroupSignal.objects.count() == 1
    panel = facilitator.get(reverse("groupcall:panel", args=[session.pk])).content.decode()
    assert "Sam used their agreed signal" in panel
    other = clients[1].get(reverse("groupcall:call", args=[session.pk])).content.decode()
    assert "used their agreed signal" not in other
    assert "groupcall-panel" not in other


@pytest.mark.django_db
def test_ending_destroys_the_room_and_nobody_can_join_again(
    personas: Personas, janus_settings: RunningJanus
) -> None:
    session, users = group_session(personas)
    call = opened(personas, session.pk)
    answer = signed(personas.clinician).post(reverse("groupcall:end", args=[session.pk]))
    assert "This group call has ended" in answer.content.decode()
    assert not rooms.janus().exists(room_id=call.pk)
    assert (
        "has ended"
        in signed(users[0]).get(reverse("groupcall:join", args=[session.pk])).content.decode()
    )


FROM_THE_PAGE = {"X-Requested-With": "fetch"}


@pytest.mark.django_db
def test_a_member_let_back_in_is_told_when_the_session_ends(
    personas: Personas,
    janus_settings: RunningJanus,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """HAZ-305's defect: Bea, removed and let back in, stayed on an empty call
    when the session ended. Ending took her token out of Janus at once, so her
    page's next poll was refused and Janus's 'destroyed' notice never reached
    it. Now the token goes only once the end is recorded, and the page that
    asks Tandem is sent to the ended page."""
    session, users = group_session(personas)
    call = opened(personas, session.pk)
    sam = signed(users[0])
    member_arrives(sam, session.pk)
    attendee = Attendee.objects.get(call=call, user=users[0])
    facilitator = signed(personas.clinician)
    call_page = reverse("groupcall:call", args=[session.pk])
    facilitator.post(reverse("groupcall:admit", args=[session.pk, attendee.pk]))
    facilitator.post(reverse("groupcall:remove", args=[session.pk, attendee.pk]))
    # Removed: the page that asks is sent on to the page saying so.
    asked = sam.get(call_page, headers=FROM_THE_PAGE, follow=True)
    assert "You are no longer in this group call" in asked.content.decode()

    facilitator.post(reverse("groupcall:admit", args=[session.pk, attendee.pk]))
    config = config_of(sam.get(call_page))
    member = Participant(url=janus_settings.url, token=config["token"])
    member.join(room=config["room"], pin=config["pin"], participant_id=config["id"])
    # In the call: the page's question is answered 'stay'.
    assert sam.get(call_page, headers=FROM_THE_PAGE).status_code == 204

    with django_capture_on_commit_callbacks() as after_the_end_is_recorded:
        ended = facilitator.post(reverse("groupcall:end", args=[session.pk]))
    assert "This group call has ended" in ended.content.decode()
    # Her page can still collect Janus's notice until the end is recorded...
    assert member.wait_for("destroyed")["room"] == call.pk
    # ...and asking Tandem sends it to the ended page.
    asked = sam.get(call_page, headers=FROM_THE_PAGE)
    assert asked.status_code == 200
    assert "This group call has ended" in asked.content.decode()

    # Once recorded, her token is taken out of Janus: it opens nothing again.
    for callback in after_the_end_is_recorded:
        callback()
    with pytest.raises(Refused):
        member.poll()
    with pytest.raises(Refused):
        Participant(url=janus_settings.url, token=config["token"])


@pytest.mark.django_db
def test_janus_down_is_said_plainly(personas: Personas, settings: SettingsWrapper) -> None:
    settings.TANDEM_JANUS_URL = "http://127.0.0.1:9/janus"
    session, _ = group_session(personas)
    answer = signed(personas.service_user).get(reverse("groupcall:join", args=[session.pk]))
    assert "Group video is not available" in answer.content.decode()
    opening = signed(personas.clinician).post(reverse("groupcall:open", args=[session.pk]))
    assert "Group video is not available" in opening.content.decode()
    assert not GroupCall.objects.exists()
