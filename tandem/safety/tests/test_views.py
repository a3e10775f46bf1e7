"""The plan pages: written together, read by those allowed, one clear page to
print, and the same 404 for everyone else."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tandem.audit.models import AuditEvent
from tandem.people.models import CrisisContact
from tandem.safety.models import PlanVersion, SafetyPlan
from tandem.safety.tests.helpers import TYPICAL, write_plan
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def page(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def form_data(based_on: int = 0, **changes: str) -> dict[str, str]:
    return {**TYPICAL, **changes, "based_on": str(based_on)}


# --- Writing it ------------------------------------------------------------------------


def test_a_clinician_starts_the_plan_with_the_teams_numbers_suggested(
    client_for,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    personas.team_a.phone = "+441134960000"
    personas.team_a.out_of_hours_phone = "+441134960999"
    personas.team_a.save()
    client = client_for("clinician")
    url = reverse("safety:staff-change", args=[personas.su.pk])
    text = page(client.get(url))
    assert "Northgate CMHT out-of-hours line: 0113 496 0999" in text
    assert "Signs that things are getting difficult" in text

    response = client.post(url, form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("safety:staff-plan", args=[personas.su.pk])
    assert PlanVersion.objects.get().saved_by == personas.clinician


def test_sam_adds_to_it_and_both_versions_show_in_the_history(
    client_for,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    write_plan(personas.clinician, personas.su)
    sam = client_for("service_user")
    response = sam.post(
        reverse("safety:change"), form_data(1, coping=TYPICAL["coping"] + "\nBake bread")
    )
    assert response.status_code == 302
    text = page(sam.get(reverse("safety:mine")))
    assert "Bake bread" in text
    assert "version 2" in text
    history = page(sam.get(reverse("safety:history")))
    assert "Version 2" in history and "Version 1" in history
    assert "Saved on" in history and "Dr Casey Lee (care team)" in history
    assert "Changed: Things I can do on my own." in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            form_data(coping="x" * 1501),
            "The part \u2018Things I can do on my own\u2019 must be 1,500 characters or fewer",
        ),
        ({k: "" for k in TYPICAL} | {"based_on": "0"}, "Write something in at least one part"),
    ],
)
def test_bad_input_says_what_is_wrong_and_saves_nothing(
    client_for,
    data: dict[str, str],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("service_user").post(reverse("safety:change"), data)
    assert response.status_code == 200
    assert "There is a problem" in page(response)
    assert message in page(response)
    assert not PlanVersion.objects.exists()


def test_html_and_emoji_are_kept_as_text(client_for) -> None:  # type: ignore[no-untyped-def]
    sam = client_for("service_user")
    sam.post(reverse("safety:change"), form_data(coping="<script>alert(1)</script> 🌳 walk"))
    text = page(sam.get(reverse("safety:mine")))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 🌳 walk" in text
    assert "<script>alert(1)" not in text


def test_a_save_after_someone_elses_keeps_both_peoples_words(
    client_for,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    write_plan(personas.clinician, personas.su)
    write_plan(personas.service_user, personas.su, {**TYPICAL, "coping": "Bake bread"})
    clinician = client_for("clinician")
    url = reverse("safety:staff-change", args=[personas.su.pk])
    response = clinician.post(url, form_data(1, distractions="Football on Sundays"))
    assert response.status_code == 200
    text = page(response)
    assert "Sam Taylor saved a newer version of the plan" in text
    assert "Bake bread" in text  # the newer version, shown to compare
    assert "Football on Sundays" in text  # their own words, still in the form
    assert PlanVersion.objects.count() == 2
    # Saving again from the newer version goes through.
    again = clinician.post(url, form_data(2, coping="Bake bread", distractions="Football"))
    assert again.status_code == 302
    assert PlanVersion.objects.count() == 3


def test_nothing_changed_makes_no_version(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    write_plan(personas.clinician, personas.su)
    response = client_for("service_user").post(reverse("safety:change"), form_data(1), follow=True)
    assert "Nothing changed" in page(response)
    assert PlanVersion.objects.count() == 1


# --- Reading it --------------------------------------------------------------------------


def test_the_plan_page_shows_review_dates_and_crisis_contacts(
    client_for,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    write_plan(personas.clinician, personas.su)
    text = page(client_for("service_user").get(reverse("safety:mine")))
    assert "Not reviewed with the care team yet" in text
    assert "Samaritans" in text
    assert "Download the plan as a PDF" in text
    assert "<table" not in text  # reads as a list on a phone


def test_an_overdue_plan_prompts_the_person_and_the_clinician(
    client_for,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    write_plan(personas.clinician, personas.su)
    SafetyPlan.objects.update(next_review_on=timezone.localdate() - dt.timedelta(days=2))
    assert "Time to look at your plan again" in page(
        client_for("service_user").get(reverse("safety:mine"))
    )
    assert "This plan is due for review" in page(
        client_for("clinician").get(reverse("safety:staff-plan", args=[personas.su.pk]))
    )


def test_recording_a_review_shows_last_reviewed_on_by(
    client_for,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    write_plan(personas.service_user, personas.su)
    when = timezone.localdate() + dt.timedelta(days=30)
    response = client_for("clinician").post(
        reverse("safety:staff-review", args=[personas.su.pk]),
        {
            "next_review_on_day": str(when.day),
            "next_review_on_month": str(when.month),
            "next_review_on_year": str(when.year),
            "note": "",
        },
        follow=True,
    )
    text = page(response)
    assert "Review recorded" in text
    assert "by Dr Casey Lee" in text
    text = page(client_for("service_user").get(reverse("safety:mine")))
    assert "by Dr Casey Lee" in text
    assert f"{when:%-d %B %Y}" in text


def test_a_review_date_in_the_past_is_refused(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    write_plan(personas.service_user, personas.su)
    response = client_for("clinician").post(
        reverse("safety:staff-review", args=[personas.su.pk]),
        {"next_review_on_day": "1", "next_review_on_month": "1", "next_review_on_year": "2020"},
    )
    assert response.status_code == 200
    assert "The date of the next review must be in the future" in page(response)
    assert SafetyPlan.objects.get().last_reviewed_at is None


# --- The PDF -------------------------------------------------------------------------------


def pdf_text(body: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def test_sam_downloads_a_one_page_pdf_with_his_words(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    write_plan(personas.clinician, personas.su)
    response = client_for("service_user").get(reverse("safety:pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"%PDF")
    text, pages = pdf_text(body)
    assert pages == 1
    for heading in (
        "My safety plan",
        "Signs that things are getting difficult",
        "Things I can do on my own",
        "People I can ask for help",
        "Making my situation safer",
        "If I need help now",
    ):
        assert heading in text, heading
    assert "Walk the dog round the park" in text
    assert "Samaritans" in text
    assert "Sam Taylor" in text


# --- Who may see it --------------------------------------------------------------------


def share_with_alex(personas: Personas) -> None:
    personas.carer_link.can_see_safety_plan = True
    personas.carer_link.save()


@pytest.mark.parametrize("name", ["safety:carer-plan", "safety:carer-pdf"])
def test_a_carer_sees_it_only_with_the_scope_and_until_withdrawn(
    client_for,
    personas: Personas,
    name: str,  # type: ignore[no-untyped-def]
) -> None:
    write_plan(personas.service_user, personas.su)
    alex = client_for("carer")
    url = reverse(name, args=[personas.su.pk])
    assert alex.get(url).status_code == 404
    share_with_alex(personas)
    assert alex.get(url).status_code == 200
    personas.carer_link.can_see_safety_plan = False
    personas.carer_link.save()
    assert alex.get(url).status_code == 404
    share_with_alex(personas)
    personas.carer_link.withdrawn_at = timezone.now()
    personas.carer_link.save()
    assert alex.get(url).status_code == 404


def test_a_carer_cannot_change_it(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    share_with_alex(personas)
    write_plan(personas.service_user, personas.su)
    alex = client_for("carer")
    text = page(alex.get(reverse("safety:carer-plan", args=[personas.su.pk])))
    assert "Walk the dog" in text
    assert "Change the plan" not in text
    assert (
        alex.post(reverse("safety:staff-change", args=[personas.su.pk]), form_data(1)).status_code
        == 404
    )
    assert PlanVersion.objects.count() == 1


def test_staff_outside_the_team_get_404(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    write_plan(personas.service_user, personas.su)
    outsider = client_for("outsider")
    for name in ("safety:staff-plan", "safety:staff-pdf", "safety:staff-history"):
        assert outsider.get(reverse(name, args=[personas.su.pk])).status_code == 404
    response = outsider.post(reverse("safety:staff-change", args=[personas.su.pk]), form_data(1))
    assert response.status_code == 404
    assert PlanVersion.objects.count() == 1


def test_reads_by_staff_and_carers_show_in_who_has_looked(
    client_for,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    write_plan(personas.service_user, personas.su)
    share_with_alex(personas)
    client_for("clinician").get(reverse("safety:staff-plan", args=[personas.su.pk]))
    client_for("carer").get(reverse("safety:carer-pdf", args=[personas.su.pk]))
    whats = set(AuditEvent.objects.filter(subject_id=personas.su.pk).values_list("what", flat=True))
    assert {"Read the safety plan", "Carer downloaded the safety plan as a PDF"} <= whats
    text = page(client_for("service_user").get(reverse("people:my-access-log")))
    assert "Read the safety plan" in text
    assert "Carer downloaded the safety plan as a PDF" in text


# --- One step from every page, and 'Need help now?' -------------------------------------


def test_every_page_links_sam_to_his_plan(client_for) -> None:  # type: ignore[no-untyped-def]
    sam = client_for("service_user")
    for url in (reverse("people:service-user-home"), reverse("appointments:mine")):
        assert f'href="{reverse("safety:mine")}"' in page(sam.get(url))


def test_need_help_now_shows_team_contacts_and_the_plan(
    client_for,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    CrisisContact.objects.create(
        organisation=personas.organisation,
        team=personas.team_a,
        name="Northgate out of hours",
        how="Call 0113 496 0999",
        phone="01134960999",
    )
    text = page(client_for("service_user").get(reverse("web:help")))
    assert "Northgate out of hours" in text
    assert reverse("safety:mine") in text
    share_with_alex(personas)
    text = page(client_for("carer").get(reverse("web:help")))
    assert "Sam Taylor's safety plan</a>" in text
    assert "Northgate out of hours" in text


def test_no_risk_scores_or_ratings(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    write_plan(personas.service_user, personas.su)
    text = page(client_for("clinician").get(reverse("safety:staff-plan", args=[personas.su.pk])))
    for word in ("risk score", "risk level", "high risk", "low risk", "RAG"):
        assert word not in text
