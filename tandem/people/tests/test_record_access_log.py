"""Opening or changing a record leaves a trail the person can read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.audit.models import Action, AuditEvent
from tandem.audit.seal import seal
from tandem.audit.verify import first_break

pytestmark = pytest.mark.django_db


def test_staff_opening_a_record_is_recorded_with_role_and_team(client_for, personas):
    client_for("clinician").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    event = AuditEvent.objects.get(subject_id=personas.su.pk, action=Action.VIEW)
    assert event.actor == personas.clinician
    assert event.actor_role == "Clinician"
    assert event.actor_team == "Northgate CMHT"
    assert event.what == "Opened record summary"
    assert event.request_id


def test_service_user_sees_who_looked(client_for, personas):
    client_for("colleague").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    page = client_for("service_user").get(reverse("people:my-access-log")).content.decode()
    assert "Jordan Patel" in page
    assert "Clinician" in page
    assert "Northgate CMHT" in page
    assert "Opened record summary" in page


def test_refused_access_is_not_shown_as_a_look(client_for, personas):
    client_for("outsider").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    assert not AuditEvent.objects.filter(
        subject_id=personas.su.pk, actor=personas.outsider
    ).exists()


def test_own_views_are_not_listed_and_others_logs_are_private(client_for, personas):
    client_for("service_user").get(reverse("people:service-user-home"))
    client_for("outsider").get(reverse("people:person", kwargs={"pk": personas.other_su.pk}))
    mine = client_for("service_user").get(reverse("people:my-access-log")).content.decode()
    assert "No one else has looked at your record yet" in mine
    assert "Robin Okafor" not in mine
    theirs = client_for("other_service_user").get(reverse("people:my-access-log")).content.decode()
    assert "Robin Okafor" in theirs


def test_caseload_list_is_recorded_once_per_page(client_for, personas):
    client_for("clinician").get(reverse("people:caseload") + "?show=team")
    events = AuditEvent.objects.filter(actor=personas.clinician, action=Action.LIST)
    assert events.count() == 1
    assert "team" in events.get().what


def test_a_change_and_its_audit_row_are_written_together(client_for, personas):
    url = reverse("people:person-change", kwargs={"pk": personas.su.pk})
    from tandem.home.forms import PersonForm

    initial = PersonForm.initial_from(personas.su)
    data = {k: v for k, v in initial.items() if k != "date_of_birth"}
    dob = personas.su.date_of_birth
    data.update(
        date_of_birth_day=dob.day,
        date_of_birth_month=dob.month,
        date_of_birth_year=dob.year,
        phone="0113 496 0461",
        interpreter_needed="",
    )
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client_for("clinician").post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    personas.su.refresh_from_db()
    assert personas.su.phone == "+441134960461"
    update = AuditEvent.objects.get(subject_id=personas.su.pk, action=Action.UPDATE)
    assert "phone" in update.what
    seal()
    assert first_break()[1] is None
