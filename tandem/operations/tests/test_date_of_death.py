"""Recording a person's date of death from their page (issue 22): staff who
treat them record it after a page that shows who it is about; a correction or
a removal needs a reason; every change is audited; retention counts from it
(HAZ-323, HAZ-317)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.operations import deaths, retention
from tandem.operations.models import RecordedDeath
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def typed(day: dt.date, **more: str) -> dict[str, str]:
    return {
        "died_on_day": str(day.day),
        "died_on_month": str(day.month),
        "died_on_year": str(day.year),
        **more,
    }


def test_a_clinician_records_a_date_of_death_after_checking_who_it_is_about(
    personas: Personas, client_for
) -> None:
    sam = personas.su
    url = reverse("operations:date-of-death", kwargs={"pk": sam.pk})
    person_page = reverse("people:person", kwargs={"pk": sam.pk})
    lee = client_for("clinician")
    assert "Record a date of death" in lee.get(person_page).content.decode()
    assert lee.get(url).status_code == 200
    died_on = timezone.localdate() - dt.timedelta(days=3)

    # The first step only shows who it is about: name, NHS number, date of birth.
    check = lee.post(url, typed(died_on))
    page = check.content.decode()
    assert check.status_code == 200 and "Check this is the right person" in page
    assert f"{sam.given_name} {sam.family_name}" in page
    assert sam.date_of_birth.strftime("%-d %B %Y") in page
    assert "Record the date of death" in page
    assert not RecordedDeath.objects.exists()

    saved = lee.post(url, typed(died_on, confirmed="yes"))
    assert saved.status_code == 302 and saved["Location"] == person_page
    death = RecordedDeath.objects.get(service_user=sam)
    assert (death.died_on, death.recorded_by) == (died_on, personas.clinician)
    row = AuditEvent.objects.filter(object_type="operations.RecordedDeath").latest("pk")
    assert (row.actor_id, row.subject_id) == (personas.clinician.pk, sam.pk)
    assert row.what == f"Date of death recorded as {died_on:%Y-%m-%d}"
    assert f"Recorded as {died_on.strftime('%-d %B %Y')}" in lee.get(person_page).content.decode()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"died_on_day": "", "died_on_month": "", "died_on_year": ""}, "Enter the date of death"),
        ({"died_on_day": "31", "died_on_month": "2", "died_on_year": "2026"}, "real date"),
        (
            typed(timezone.localdate() + dt.timedelta(days=1), confirmed="yes"),
            "today or in the past",
        ),
        (typed(dt.date(1900, 1, 1), confirmed="yes"), "on or after their date of birth"),
    ],
)
def test_a_wrong_date_is_said_plainly_and_nothing_is_saved(
    personas: Personas, client_for, answers: dict[str, str], message: str
) -> None:
    url = reverse("operations:date-of-death", kwargs={"pk": personas.su.pk})
    refused = client_for("clinician").post(url, answers)
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert message in refused.content.decode()
    assert not RecordedDeath.objects.exists()


def test_a_correction_needs_a_reason_and_is_audited_and_retention_counts_from_it(
    personas: Personas, client_for
) -> None:
    sam = personas.su
    url = reverse("operations:date-of-death", kwargs={"pk": sam.pk})
    now = timezone.now()
    deaths.record_date_of_death(
        actor=personas.clinician, service_user=sam, died_on=timezone.localdate()
    )
    manager = client_for("manager")
    nine_years_ago = (now - dt.timedelta(days=9 * 365)).date()
    no_reason = manager.post(url, typed(nine_years_ago, confirmed="yes"))
    assert "Enter why you are correcting the date of death" in no_reason.content.decode()
    assert RecordedDeath.objects.get().died_on == timezone.localdate()

    reason = "The family gave the date of the funeral, not of the death"
    check = manager.post(url, typed(nine_years_ago, reason=reason))
    assert (
        "Correct the date of death" in check.content.decode() and reason in check.content.decode()
    )
    manager.post(url, typed(nine_years_ago, reason=reason, confirmed="yes"))
    assert RecordedDeath.objects.get().died_on == nine_years_ago
    row = AuditEvent.objects.filter(object_type="operations.RecordedDeath").latest("pk")
    assert row.what == (
        f"Date of death corrected from {timezone.localdate():%Y-%m-%d} "
        f"to {nine_years_ago:%Y-%m-%d}: {reason}"
    )
    # Eight years after death is sooner than twenty after last contact.
    assert sam.pk in retention.run(now=now).expired


def test_a_date_recorded_against_the_wrong_person_is_removed_with_a_reason(
    personas: Personas, client_for
) -> None:
    sam = personas.su
    remove = reverse("operations:remove-date-of-death", kwargs={"pk": sam.pk})
    lee = client_for("clinician")
    assert lee.get(remove).status_code == 404  # nothing recorded to remove
    deaths.record_date_of_death(
        actor=personas.clinician, service_user=sam, died_on=timezone.localdate()
    )
    assert lee.get(remove).status_code == 200
    refused = lee.post(remove, {"reason": "  "})
    assert "Enter why you are removing the date of death" in refused.content.decode()
    assert RecordedDeath.objects.exists()

    done = lee.post(remove, {"reason": "Recorded against the wrong person"})
    assert done.status_code == 302
    assert not RecordedDeath.objects.exists()
    row = AuditEvent.objects.filter(object_type="operations.RecordedDeath").latest("pk")
    assert row.what == (
        f"Date of death {timezone.localdate():%Y-%m-%d} removed: Recorded against the wrong person"
    )
    assert sam.pk not in retention.run(now=None).expired


def test_only_staff_who_treat_the_person_may_record_it(personas: Personas, client_for) -> None:
    for who in (personas.outsider, personas.admin):
        with pytest.raises(PermissionDenied):
            deaths.record_date_of_death(
                actor=who, service_user=personas.su, died_on=timezone.localdate()
            )
    page = client_for("outsider").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    assert "date of death" not in page.content.decode().lower()
    assert not RecordedDeath.objects.exists()
