"""The care plan pages: Sam reads his plan from home and answers for it, a
second writer sees a clear conflict with nothing lost, carers see it only with
the scope, managers see overdue reviews, and the plan is in Sam's download."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tandem.careplans.models import Agreement, CarePlanVersion
from tandem.careplans.seeding import seed_care_plan
from tandem.careplans.tests.helpers import TYPICAL, in_months, write_plan
from tandem.record import export_fhir_bundle, export_pdf, queries
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def form_data(version: int, **changes: str) -> dict[str, str]:
    review = in_months(6)
    return {
        **TYPICAL,
        "review_on_day": str(review.day),
        "review_on_month": str(review.month),
        "review_on_year": str(review.year),
        "based_on": str(version),
        **changes,
    }


def test_sam_reaches_his_plan_from_home_and_agrees(client_for, personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    sam = client_for("service_user")
    home = sam.get(reverse("people:service-user-home")).content.decode()
    assert reverse("careplans:mine") in home

    page = sam.get(reverse("careplans:mine")).content.decode()
    assert "Go to the Saturday walking group" in page
    assert "Every Saturday" in page
    assert "Do you agree with this plan?" in page
    # What to do if things get worse is a link to the safety plan, never a copy.
    assert reverse("safety:mine") in page
    assert "Samaritans" in page

    answer = sam.post(reverse("careplans:agree"), {"version": "1", "agreed": "yes"}, follow=True)
    assert "Your care team can see that you agree" in answer.content.decode()
    assert Agreement.objects.get().agreed


def test_disagreeing_without_a_reason_saves_nothing_and_says_why(
    client_for, personas: Personas
) -> None:
    write_plan(personas.clinician, personas.su)
    sam = client_for("service_user")
    page = sam.post(reverse("careplans:agree"), {"version": "1", "agreed": "no", "reason": ""})
    assert page.status_code == 200
    assert "Say why you do not agree" in page.content.decode()
    assert not Agreement.objects.exists()


def test_a_second_writer_sees_the_conflict_with_their_words_kept(
    client_for, personas: Personas
) -> None:
    write_plan(personas.service_user, personas.su)
    # Dr Lee saves version 2 while Sam has version 1 open.
    write_plan(personas.clinician, personas.su, {**TYPICAL, "goals": "Dr Lee's goal"})

    page = client_for("service_user").post(
        reverse("careplans:change"), form_data(1, goals="Sam's own goal")
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Dr Casey Lee saved a newer version of the plan" in text
    assert "Dr Lee&#39;s goal" in text  # the newer version, to read
    assert "Sam&#39;s own goal" in text  # his words, still in the form
    assert 'name="based_on" value="2"' in text
    assert CarePlanVersion.objects.count() == 2


def test_staff_write_the_plan_and_the_person_sees_who(client_for, personas: Personas) -> None:
    lee = client_for("clinician")
    url = reverse("careplans:staff-change", args=[personas.su.pk])
    saved = lee.post(url, form_data(0), follow=True)
    assert "Saved. This is version 1 of the plan." in saved.content.decode()
    history = client_for("service_user").get(reverse("careplans:history")).content.decode()
    assert "Dr Casey Lee (care team)" in history


def test_carers_see_it_only_with_the_care_plan_scope(client_for, personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    alex = client_for("carer")
    url = reverse("careplans:carer-plan", args=[personas.su.pk])
    missing = reverse("careplans:carer-plan", args=[999999])
    # Not shared, and not there at all: the same 404.
    assert alex.get(url).status_code == alex.get(missing).status_code == 404
    personas.carer_link.can_see_care_plan = True
    personas.carer_link.save()
    page = alex.get(url).content.decode()
    assert "Go to the Saturday walking group" in page
    assert "Do you agree" not in page and "Change the plan" not in page
    person = alex.get(reverse("people:carer-person", args=[personas.su.pk])).content.decode()
    assert url in person


def test_the_pdf_has_the_plan_and_the_numbers_to_call(client_for, personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    response = client_for("service_user").get(reverse("careplans:pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "My care plan" in text
    assert "Go to the Saturday walking group" in text
    assert "If I need help now" in text


def test_the_manager_sees_overdue_reviews(client_for, personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    manager = client_for("manager")
    assert "No care plan in your teams is past its review date" in (
        manager.get(reverse("people:manager-home")).content.decode()
    )
    past = timezone.localdate() - dt.timedelta(days=10)
    personas.su.care_plan.review_on = past
    personas.su.care_plan.save()
    page = manager.get(reverse("people:manager-home")).content.decode()
    assert "Care plans past their review date" in page
    assert reverse("careplans:staff-plan", args=[personas.su.pk]) in page


def test_the_plan_is_in_sams_download_and_fhir_bundle(personas: Personas) -> None:
    seed_care_plan(
        sam_pk=personas.su.pk, clinician=personas.clinician.staff, today=timezone.localdate()
    )
    full = queries.full_record(personas.service_user)
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(export_pdf.render(full))).pages
    )
    assert "Your care plan" in text
    assert "Go to the Sunday walking group (it moved)" in text
    assert "You agreed" in text
    assert "I'd rather the appointments were in the afternoon" in text

    plans = [
        e["resource"]
        for e in json.loads(export_fhir_bundle.bundle_json(full))["entry"]
        if e["resource"]["resourceType"] == "CarePlan"
        and e["resource"]["category"][0]["coding"][0]["code"] == "care-plan"
    ]
    newest, older = plans
    assert (newest["status"], older["status"]) == ("active", "revoked")
    assert newest["activity"][0]["detail"]["scheduledString"].startswith("Every Sunday")
    assert any("agreed" in n["text"] for n in newest["note"])
    # Kit's download holds nothing of Sam's plan.
    kits = queries.full_record(personas.other_service_user)
    assert kits.care_plan_versions == []
