"""From the programme page and from a member's appointments to the group's own
video call; Sam's list says which appointments are group sessions (issue 26)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import notices
from tandem.appointments.models import Appointment
from tandem.groups import enrolling
from tandem.groups.models import GroupProgramme, JoinsBy, Way
from tandem.groups.tests.helpers import member, programme
from tandem.notify.models import Message
from tandem.preferences.models import ContactPreferences
from tests.clinic import Clinic, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db
NAME = "Managing anxiety skills group"


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def _sam_by_video(p: Personas, group: GroupProgramme) -> Appointment:
    enrolling.enrol(actor=p.clinician, programme=group, service_user=p.su, joins_by=JoinsBy.VIDEO)
    return Appointment.objects.filter(service_user=p.su).order_by("starts_at").first()  # type: ignore[return-value]


def _first_session_today(group: GroupProgramme) -> None:
    """The first session starts in ten minutes (created a week ahead, then moved)."""
    first = group.sessions.first()
    assert first is not None
    starts = timezone.now() + dt.timedelta(minutes=10)
    ends = starts + dt.timedelta(minutes=90)
    group.sessions.filter(pk=first.pk).update(starts_at=starts, ends_at=ends)
    Appointment.objects.filter(group_session=first).update(starts_at=starts, ends_at=ends)


def test_sams_list_names_the_group_and_his_place_leads_to_the_group_call(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    place = _sam_by_video(personas, programme(personas, clinic, way=Way.VIDEO))
    sam = client_for("service_user")
    listed = sam.get(reverse("appointments:mine")).content.decode()
    assert f"Group: {NAME}" in listed
    page = sam.get(reverse("appointments:my-appointment", args=[place.pk])).content.decode()
    assert f"Group: {NAME}" in page
    assert reverse("groupcall:join", args=[place.group_session_id]) in page
    # Not the one-to-one call, which would put him alone with the lead.
    assert reverse("consult:join", args=[place.pk]) not in page


def test_a_members_messages_point_to_the_group_call_without_naming_the_group(
    personas: Personas, clinic: Clinic
) -> None:
    ContactPreferences.objects.create(
        service_user=personas.su,
        recorded_by=personas.clinician,
        by_email=True,
        preferred_channel="email",
    )
    group = programme(personas, clinic, way=Way.VIDEO)
    place = _sam_by_video(personas, group)
    words = notices.how_the_person_joins(place, actor=personas.clinician)
    assert reverse("groupcall:join", args=[place.group_session_id]) in words
    assert "/video/" not in words and "Managing anxiety" not in words
    # The confirmations Sam was sent carry the same words.
    sent = Message.objects.filter(service_user=personas.su, template="appointment_booked")
    assert sent.exists()
    for message in sent:
        assert "/group-calls/" in message.personalisation["how_to_join"]
        assert "Managing anxiety" not in " ".join(map(str, message.personalisation.values()))
    # Ada has no account: her own link to the group call, behind her date of birth.
    ada = member(personas, "Ada")
    enrolling.enrol(actor=personas.clinician, programme=group, service_user=ada, joins_by="video")
    hers = Appointment.objects.filter(service_user=ada).first()
    assert hers is not None
    words = notices.how_the_person_joins(hers, actor=None)
    assert "/group-calls/join/" in words and "date of birth" in words
    assert "/video/" not in words and "Managing anxiety" not in words


def test_facilitators_open_the_call_from_the_programme_page_on_the_day(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    group = programme(personas, clinic, way=Way.BOTH, sessions=2)
    first, second = list(group.sessions.all())
    page = client_for("colleague").get(reverse("groups:programme", args=[group.pk]))
    # A week ahead: no way in yet.
    assert reverse("groupcall:facilitate", args=[first.pk]) not in page.content.decode()
    _first_session_today(group)
    text = (
        client_for("colleague").get(reverse("groups:programme", args=[group.pk])).content.decode()
    )
    assert reverse("groupcall:facilitate", args=[first.pk]) in text
    assert reverse("groupcall:facilitate", args=[second.pk]) not in text
    # Both ends on one clock: "14:00 to 15:30", never "2pm to 15:30".
    assert "14:00 to 15:30" in text


def test_a_group_that_meets_only_in_a_room_offers_no_call(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    group = programme(personas, clinic, way=Way.ROOM, sessions=1)
    _first_session_today(group)
    text = (
        client_for("clinician").get(reverse("groups:programme", args=[group.pk])).content.decode()
    )
    assert "groupcall" not in text and "/group-calls/" not in text


def test_sams_easy_read_list_says_which_appointments_are_a_group(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    from tandem.preferences import services as preferences

    _sam_by_video(personas, programme(personas, clinic, way=Way.VIDEO))
    preferences.save_access_needs(
        actor=personas.clinician, person=personas.su, values={"easy_read": True}
    )
    listed = client_for("service_user").get(reverse("appointments:mine")).content.decode()
    assert "tandem-easy-read" in listed
    assert f"A group: {NAME}" in listed
