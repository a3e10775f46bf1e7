"""A team manager sets the response window, the duty clinician and the
detector's thresholds: each in range with a plain hint, the duty clinician
one of the team's clinicians, every change audited from and to, and nothing
saved half-way when something is wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.alerts import services
from tandem.alerts.models import AlertSettings
from tandem.alerts.raising import settings_for
from tandem.alerts.seeding import seed_alerts
from tandem.alerts.tests.test_queue import make_alert, text
from tandem.audit.models import AuditEvent
from tandem.people.models import TeamMembership
from tests.personas import Personas

pytestmark = pytest.mark.django_db

GOOD = {
    "response_hours": "12",
    "duty_clinician": "",
    "baseline_days": "42",
    "change_threshold": "2.5",
    "change_days": "4",
    "missed_in_a_row": "0",
}


def url(p: Personas) -> str:
    return reverse("alerts:settings", kwargs={"pk": p.team_a.pk})


def settings_writes() -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="alerts.AlertSettings")
        .order_by("id")
        .values_list("what", flat=True)
    )


def test_the_page_explains_each_setting(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    page = text(client_for("manager").get(url(personas)))
    for words in (
        "Response window, in hours",
        "from 1 to 72 hours",
        "Duty clinician",
        "Dr Casey Lee",
        "Jordan Patel",
        "Nobody: tell the managers",
        "from 28 to 180",
        "from 1.0 to 4.0",
        "from 2 to 14",
        "0 turns this alert off",
        "manage.py replay_series",
    ):
        assert words in page, words
    # Managers are not offered as duty clinician (the manager is told next anyway).
    assert "Morgan Ellis</option>" not in page


def test_a_manager_saves_settings_and_the_audit_says_what_changed(
    personas: Personas,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    data = {**GOOD, "duty_clinician": str(personas.colleague.staff.pk)}
    manager = client_for("manager")
    response = manager.post(url(personas), data)
    assert response.status_code == 302 and response["Location"] == url(personas)
    found = AlertSettings.objects.get(team=personas.team_a)
    assert found.response_hours == 12 and found.duty_clinician == personas.colleague.staff
    assert (found.baseline_days, found.change_days, found.missed_in_a_row) == (42, 4, 0)
    assert found.change_threshold == Decimal("2.5") and found.updated_by == personas.manager
    assert settings_writes() == [
        "Changed Northgate CMHT's alert settings: response window from 24 hours to 12 hours; "
        "duty clinician from nobody to Jordan Patel; baseline from 28 days to 42 days; "
        "size of change from 2.0 to 2.5; days in a row from 3 to 4; "
        "missed check-ins in a row from 5 to 0"
    ]
    assert "Northgate CMHT&#39;s alert settings saved" in text(manager.get(url(personas)))
    # Saving the same values again changes nothing and writes no row.
    manager.post(url(personas), data)
    assert len(settings_writes()) == 1


def test_new_settings_apply_to_new_alerts_only(personas: Personas) -> None:
    before = make_alert(personas)
    services.save_settings(
        actor=personas.manager,
        team=personas.team_a,
        response_hours=4,
        duty_clinician=None,
        baseline_days=28,
        change_threshold=Decimal("2.0"),
        change_days=3,
        missed_in_a_row=5,
    )
    after = make_alert(personas)
    before.refresh_from_db()
    assert before.respond_by - before.raised_at == dt.timedelta(hours=24)
    assert after.respond_by - after.raised_at == dt.timedelta(hours=4)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("response_hours", "0", "The response window must be 1 hours or more"),
        ("response_hours", "73", "The response window must be 72 hours or fewer"),
        ("response_hours", "", "Enter the response window"),
        ("response_hours", "a day", "Enter the response window as a whole number, like 1"),
        ("baseline_days", "27", "The baseline must be 28 days or more"),
        ("baseline_days", "181", "The baseline must be 180 days or fewer"),
        ("change_threshold", "0.9", "The size of change must be 1.0 or more"),
        ("change_threshold", "4.1", "The size of change must be 4.0 or less"),
        ("change_threshold", "2.25", "The size of change can have one number after the point"),
        ("change_threshold", "two", "Enter the size of change as a number, like 2.0"),
        ("change_days", "1", "The number of days in a row must be 2 days or more"),
        ("change_days", "15", "The number of days in a row must be 14 days or fewer"),
        ("missed_in_a_row", "-1", "The number of missed check-ins must be 0 check-ins or more"),
        ("missed_in_a_row", "31", "The number of missed check-ins must be 30 check-ins or fewer"),
        ("duty_clinician", "999999", "Select the duty clinician from the list"),
    ],
)
def test_bad_values_are_explained_and_nothing_is_saved(
    personas: Personas,
    client_for,  # type: ignore[no-untyped-def]
    field: str,
    value: str,
    message: str,
) -> None:
    response = client_for("manager").post(url(personas), {**GOOD, field: value})
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'href="#id_{field}"' in page
    assert settings_for(personas.team_a).response_hours == 24
    assert settings_writes() == []


def test_the_duty_clinician_must_be_a_clinician_in_the_team(
    personas: Personas,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    # Robin works in team B; Morgan manages team A but is not a clinician there.
    for staff in (personas.outsider.staff, personas.manager.staff):
        response = client_for("manager").post(
            url(personas), {**GOOD, "duty_clinician": str(staff.pk)}
        )
        assert "Select the duty clinician from the list" in text(response)
        with pytest.raises(services.InvalidInput, match="one of the team's clinicians"):
            services.save_settings(
                actor=personas.manager,
                team=personas.team_a,
                response_hours=24,
                duty_clinician=staff,
                baseline_days=28,
                change_threshold=Decimal("2.0"),
                change_days=3,
                missed_in_a_row=5,
            )
    assert settings_for(personas.team_a).duty_clinician is None


def test_only_the_teams_managers_can_save(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    for persona in ("clinician", "outsider", "admin", "service_user"):
        assert client_for(persona).post(url(personas), GOOD).status_code == 404
    team_b = reverse("alerts:settings", kwargs={"pk": personas.team_b.pk})
    assert client_for("manager").post(team_b, GOOD).status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.save_settings(
            actor=personas.clinician,
            team=personas.team_a,
            response_hours=1,
            duty_clinician=None,
            baseline_days=28,
            change_threshold=Decimal("2.0"),
            change_days=3,
            missed_in_a_row=5,
        )
    assert settings_writes() == []


def test_a_duty_clinician_who_left_is_pointed_out(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    found = settings_for(personas.team_a)
    found.duty_clinician = personas.colleague.staff
    found.save()
    TeamMembership.objects.filter(staff=personas.colleague.staff).delete()
    page = text(client_for("manager").get(url(personas)))
    assert "The duty clinician has left the team" in page


def test_seeding_sets_up_the_demo_team(personas: Personas) -> None:
    found = seed_alerts(team=personas.team_a, sam_pk=personas.su.pk, today=dt.date(2026, 11, 22))
    # Dr Lee coordinates Sam's care in the team, so is the obvious duty clinician.
    assert found.duty_clinician == personas.clinician.staff and found.response_hours == 24
    assert AuditEvent.objects.filter(object_type="alerts.AlertSettings").count() == 0
    # Team B has one clinician and Kit has no coordinator: that one clinician.
    other = seed_alerts(team=personas.team_b, sam_pk=personas.su.pk, today=dt.date(2026, 11, 22))
    assert other.duty_clinician == personas.outsider.staff
