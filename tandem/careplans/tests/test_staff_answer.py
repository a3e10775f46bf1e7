"""Staff recording a person's answer to their care plan on their behalf (issue
24 follow-up, HAZ-273..275): only for the newest version and by their care
team, shown everywhere as recorded by staff, audited, and replaced when the
person later answers for themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.careplans import services
from tandem.careplans.models import Agreement
from tandem.careplans.tests.helpers import TYPICAL, write_plan
from tandem.errors import InvalidInput
from tandem.fhir import plans
from tandem.worklist.models import WorkItem
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def said(day: dt.date, agreed: str, reason: str = "") -> dict[str, str]:
    return {
        "version": "1",
        "agreed": agreed,
        "said_on_day": str(day.day),
        "said_on_month": str(day.month),
        "said_on_year": str(day.year),
        "reason": reason,
    }


def test_the_coordinator_records_agreement_in_the_room_and_sam_can_still_answer(
    client_for, personas: Personas
) -> None:
    write_plan(personas.clinician, personas.su)
    today = timezone.localdate()
    lee = client_for("clinician")
    plan_url = reverse("careplans:staff-plan", args=[personas.su.pk])
    assert "Record Sam" in lee.get(plan_url).content.decode()
    url = reverse("careplans:staff-answer", args=[personas.su.pk])
    # A day in the future, and a disagreement without a reason, save nothing.
    tomorrow = lee.post(url, said(today + dt.timedelta(days=1), "yes")).content.decode()
    assert "must be today or in the past" in tomorrow
    no_reason = lee.post(url, said(today, "no")).content.decode()
    assert "Say why they do not agree" in no_reason
    assert not Agreement.objects.exists()
    done = lee.post(url, said(today, "yes"), follow=True).content.decode()
    assert "Recorded Sam" in done
    answer = Agreement.objects.get()
    assert answer.by_staff and answer.agreed and answer.said_on == today
    assert answer.recorded_by == personas.clinician
    # Shown as recorded by staff to staff, to Sam, in the history and in FHIR.
    on_behalf = f"recorded by {personas.clinician.full_name} (care team)"
    assert on_behalf in done
    sam = client_for("service_user")
    mine = sam.get(reverse("careplans:mine")).content.decode()
    assert on_behalf in mine and "Do you agree with this plan?" in mine
    assert on_behalf in sam.get(reverse("careplans:history")).content.decode()
    version = answer.version
    note = plans.care_plan_version(version, {"reference": "Patient/1"}, newest=True, older=None)
    assert any(on_behalf in n.text and n.authorString for n in note.note or [])
    assert AuditEvent.objects.filter(
        actor=personas.clinician, what__startswith="Recorded on their behalf that they agreed"
    ).exists()
    # A second staff answer is refused; Sam's own answer replaces the staff one.
    again = lee.post(url, said(today, "yes")).content.decode()
    assert "already recorded" in again
    sam.post(reverse("careplans:agree"), {"version": "1", "agreed": "no", "reason": "Too much"})
    own = Agreement.objects.get()
    assert not own.by_staff and not own.agreed and own.recorded_by == personas.service_user
    assert AuditEvent.objects.filter(what__contains="replacing the answer").exists()
    assert WorkItem.objects.filter(about_key=f"care-plan-disagreed:{version.pk}").exists()
    with pytest.raises(InvalidInput, match="already recorded"):
        services.record_agreement_for(
            actor=personas.clinician,
            person=personas.su,
            version_number=1,
            agreed=True,
            said_on=today,
        )


def test_only_the_newest_version_and_only_the_care_team(client_for, personas: Personas) -> None:
    first = write_plan(personas.clinician, personas.su)
    write_plan(personas.clinician, personas.su, {**TYPICAL, "goals": "Sleep"})
    today = timezone.localdate()
    with pytest.raises(services.NewerVersion):
        services.record_agreement_for(
            actor=personas.clinician,
            person=personas.su,
            version_number=first.number,
            agreed=True,
            said_on=today,
        )
    with pytest.raises(InvalidInput, match="on or after"):
        services.record_agreement_for(
            actor=personas.clinician,
            person=personas.su,
            version_number=2,
            agreed=True,
            said_on=today - dt.timedelta(days=3),
        )
    for someone in (personas.outsider, personas.service_user):
        with pytest.raises(PermissionDenied):
            services.record_agreement_for(
                actor=someone, person=personas.su, version_number=2, agreed=True, said_on=today
            )
    # The page posted for an older version shows the conflict and saves nothing.
    url = reverse("careplans:staff-answer", args=[personas.su.pk])
    page = client_for("clinician").post(url, said(today, "yes")).content.decode()
    assert "saved version 2 of the plan while this page was open" in page
    assert not Agreement.objects.exists()
    # Kit has no plan, and is not in the outsider's reach either way: the same 404.
    assert (
        client_for("clinician")
        .get(reverse("careplans:staff-answer", args=[personas.other_su.pk]))
        .status_code
        == 404
    )
