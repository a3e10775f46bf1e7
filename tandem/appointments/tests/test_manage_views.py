"""Managing pages: settings with sensible bounds and clear errors, referrals
and median waits, contact plans, the continuity overview and staff workload."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import continuity
from tandem.appointments.manage_queries import median_days_by_way
from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    ContactPlan,
    Leave,
    Referral,
    Room,
    Site,
    TeamRules,
)
from tandem.audit.models import AuditEvent
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db

RULES = {
    "self_book_days_ahead": "42",
    "self_book_notice_hours": "24",
    "no_contact_days": "21",
    "max_consecutive_remote": "3",
    "min_break_minutes": "15",
    "max_remote_hours_per_day": "4.5",
}


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def cells(page: str) -> str:
    """The page without the headings responsive tables repeat inside each cell."""
    return re.sub(r'<span class="nhsuk-table__heading"[^>]*>[^<]*</span>', "", page)


# --- Team rules -------------------------------------------------------------------------


def test_manager_saves_team_rules_and_it_is_audited(personas, clinic, client_for):
    url = reverse("appointments:team-rules", kwargs={"pk": personas.team_a.pk})
    response = client_for("manager").post(url, RULES)
    assert response.status_code == 302
    rules = TeamRules.objects.get(team=personas.team_a)
    assert rules.no_contact_days == 21
    assert rules.max_remote_hours_per_day == Decimal("4.5")
    assert AuditEvent.objects.filter(what__startswith="Changed Northgate CMHT rules").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("no_contact_days", "3", "between 7 and 365"),
        ("max_consecutive_remote", "0", "between 1 and 12"),
        ("min_break_minutes", "ten", "must be a whole number"),
        ("max_remote_hours_per_day", "13", "between 0.5 and 12"),
        ("max_remote_hours_per_day", "4.25", "steps of half an hour"),
        ("self_book_days_ahead", "", "Enter how many days ahead people can book"),
    ],
)
def test_bad_rules_get_a_clear_message_and_save_nothing(
    personas, clinic, client_for, field, value, message
):
    url = reverse("appointments:team-rules", kwargs={"pk": personas.team_a.pk})
    response = client_for("manager").post(url, {**RULES, field: value})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert f'href="#id_{field}"' in page
    assert TeamRules.objects.get(team=personas.team_a).no_contact_days == 28


def test_only_the_teams_managers_change_its_rules(personas, clinic, client_for):
    for persona, team in (("clinician", personas.team_a), ("manager", personas.team_b)):
        url = reverse("appointments:team-rules", kwargs={"pk": team.pk})
        assert client_for(persona).post(url, RULES).status_code == 404
    assert TeamRules.objects.get(team=personas.team_a).no_contact_days == 28


# --- Appointment types, sites and rooms ---------------------------------------------------


def test_add_and_change_an_appointment_type(personas, clinic, client_for):
    client = client_for("manager")
    add = reverse("appointments:type-add", kwargs={"pk": personas.team_a.pk})
    bad = client.post(
        add,
        {"name": "Quick call", "kind": "check_in", "duration_minutes": "3", "self_bookable": "no"},
    )
    assert "Length in minutes must be between 5 and 480" in text(bad)
    assert not AppointmentType.objects.filter(name="Quick call").exists()
    client.post(
        add,
        {
            "name": "Quick call",
            "kind": "check_in",
            "duration_minutes": "15",
            "self_bookable": "yes",
        },
    )
    added = AppointmentType.objects.get(name="Quick call")
    assert added.team == personas.team_a and added.self_bookable
    change = reverse("appointments:type-change", kwargs={"pk": added.pk})
    client.post(
        change,
        {
            "name": "Quick call",
            "kind": "check_in",
            "duration_minutes": "20",
            "self_bookable": "yes",
            "is_active": "no",
        },
    )
    added.refresh_from_db()
    assert added.duration_minutes == 20 and not added.is_active
    listing = text(client.get(reverse("appointments:types", kwargs={"pk": personas.team_a.pk})))
    assert "No longer offered" in listing


def test_add_a_site_and_a_room(personas, clinic, client_for):
    client = client_for("manager")
    missing = client.post(reverse("appointments:site-add"), {"name": "Eastfield Clinic"})
    assert "Enter the address" in text(missing)
    assert "Enter the postcode" in text(missing)
    client.post(
        reverse("appointments:site-add"),
        {"name": "Eastfield Clinic", "address": "3 Example Lane, Leeds", "postcode": "ls9 8zz"},
    )
    site = Site.objects.get(name="Eastfield Clinic")
    assert site.organisation == personas.organisation
    assert site.postcode == "LS9 8ZZ"
    room_url = reverse("appointments:room-add", kwargs={"pk": site.pk})
    client.post(room_url, {"name": "Room A"})
    again = client.post(room_url, {"name": "Room A"})
    assert "already has a room with that name" in text(again)
    assert Room.objects.filter(site=site).count() == 1


# --- Referrals and waits -----------------------------------------------------------------


def test_median_wait_by_way_on_hand_built_data():
    waits = [("video", 4), ("video", 10), ("video", 6), ("phone", 3), ("phone", 8)]
    assert median_days_by_way(waits) == {"face_to_face": None, "video": 6, "phone": 5.5}


def test_referral_in_the_future_is_refused(personas, clinic, client_for):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for("clinician").post(
        reverse("appointments:referral-add", kwargs={"pk": personas.su.pk}),
        {
            "received_on_day": tomorrow.day,
            "received_on_month": tomorrow.month,
            "received_on_year": tomorrow.year,
            "source": "GP",
        },
    )
    assert "Date the referral was received must be today or in the past" in text(response)
    assert not Referral.objects.exists()


def test_waiting_list_shows_waits_and_medians_by_way(personas, clinic, client_for):
    today = timezone.localdate()
    received = today - dt.timedelta(days=30)
    client_for("clinician").post(
        reverse("appointments:referral-add", kwargs={"pk": personas.su.pk}),
        {
            "received_on_day": received.day,
            "received_on_month": received.month,
            "received_on_year": received.year,
            "source": "GP",
        },
    )
    referral = Referral.objects.get()
    # Booking through the service starts the clock: offered today by video.
    book(personas, clinic, day=next_weekday(3), modality="video")
    referral.refresh_from_db()
    assert referral.first_offered_on == today
    assert referral.first_offered_modality == "video"
    page = text(client_for("manager").get(reverse("appointments:waiting-list")))
    assert "Sam Taylor" in page
    assert "30 so far" in page
    assert ">30</td>" in cells(page)  # median days to first offer, by video
    outsider = text(client_for("outsider").get(reverse("appointments:waiting-list")))
    assert "Sam Taylor" not in outsider


# --- Contact plans ---------------------------------------------------------------------------


def plan_form(personas: Personas, **changes: str) -> dict[str, str]:
    data = {
        "action": "agree",
        "clinician": str(personas.clinician.staff.pk),
        "modality": "phone",
        "how_often": "7",
        "every_days": "",
        "weekday": "1",
        "description": "Weekly phone call on Tuesdays with Dr Lee",
    }
    data.update(changes)
    return data


def test_agree_and_end_a_contact_plan(personas, clinic, client_for):
    client = client_for("colleague")
    url = reverse("appointments:contact-plan", kwargs={"pk": personas.su.pk})
    bad = client.post(url, plan_form(personas, how_often="other"))
    assert "Enter the number of days between contacts" in text(bad)
    assert not ContactPlan.objects.exists()
    client.post(url, plan_form(personas))
    plan = ContactPlan.objects.get()
    assert (plan.every_days, plan.weekday, plan.clinician) == (7, 1, personas.clinician.staff)
    client.post(url, plan_form(personas, how_often="other", every_days="10", weekday=""))
    assert ContactPlan.objects.filter(ended_on__isnull=True).get().every_days == 10
    current = ContactPlan.objects.get(ended_on__isnull=True)
    client.post(url, {"action": "end", "plan": str(current.pk)})
    assert not ContactPlan.objects.filter(ended_on__isnull=True).exists()


def test_a_clinician_from_another_team_cannot_be_chosen(personas, clinic, client_for):
    url = reverse("appointments:contact-plan", kwargs={"pk": personas.su.pk})
    response = client_for("clinician").post(
        url, plan_form(personas, clinician=str(personas.outsider.staff.pk))
    )
    assert "Select who the contact will be with from the list" in text(response)
    assert not ContactPlan.objects.exists()


# --- Continuity and workload ----------------------------------------------------------------


def test_continuity_page_lists_open_items_by_kind_with_links(personas, clinic, client_for):
    today = timezone.localdate()
    Leave.objects.create(
        staff=personas.clinician.staff,
        kind="sickness",
        first_day=today,
        last_day=today + dt.timedelta(days=3),
        recorded_by=personas.manager,
    )
    continuity.check_team(personas.team_a)
    page = text(client_for("manager").get(reverse("appointments:continuity")))
    assert "Caseload without cover (1)" in page
    assert "Caseload without cover: Dr Casey Lee (1 person)" in page
    assert "/tasks/" in page


def test_workload_shows_breaches_by_week_and_remote_hours(personas, clinic, client_for):
    clinic.rules.max_consecutive_remote = 1
    clinic.rules.min_break_minutes = 30
    clinic.rules.save()
    day = next_weekday(7)
    book(personas, clinic, day=day, hour=10, modality="video")
    second = book(personas, clinic, day=day, hour=10, minute=30, modality="phone")
    assert second.guardrail_breaches
    page = text(client_for("manager").get(reverse("appointments:workload")))
    monday = day - dt.timedelta(days=day.weekday())
    assert f"Week of {monday:%-d %B %Y}" in page
    assert not re.search(r"\d{4}-W\d{2}", page)  # no ISO week labels such as '2026-W53'
    assert "Dr Casey Lee" in page
    assert "Reason given: Test booking" in page
    assert ">1</td>" in cells(page)  # one hour of remote sessions that week
    assert Appointment.objects.count() == 2


def test_workload_period_with_end_before_start_says_so(personas, clinic, client_for):
    response = client_for("manager").get(
        reverse("appointments:workload"),
        {
            "first_day": "10",
            "first_month": "11",
            "first_year": "2026",
            "last_day": "1",
            "last_month": "11",
            "last_year": "2026",
        },
    )
    assert "The end of the period must be on or after its start" in text(response)
