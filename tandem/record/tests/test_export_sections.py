"""The download holds everything about the person (issue 16): the safety plan and
every version, the diary and its warning signs, questionnaires with answers and
totals, alerts and what staff did, help with technology and devices lent,
referrals, planned contact and calls; in the PDF and in the FHIR Bundle; the
person's own and nobody else's, and never a staff member's free-text note."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from tandem.alerts.models import Alert
from tandem.consult.models import CallRoom, Participant
from tandem.diary.models import DiaryEntry
from tandem.inclusion.models import HelpRequest
from tandem.record import coverage, export_fhir_bundle, export_pdf, queries
from tandem.record.tests.helpers import (
    STAFF_NOTE,
    appointment,
    build_sams_care,
    build_sams_record,
    user_of,
)

pytestmark = pytest.mark.django_db

KITS = ("Kit plan", "Kit sign", "Kit diary", "Kit alert", "Kit answered", "Kit help", "KIT-TAB")


def pdf_text(data: bytes) -> str:
    """The PDF's words with line breaks and table cell splits folded to spaces."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def by_type(bundle_json: bytes) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for entry in json.loads(bundle_json)["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return found


def category(resource: dict) -> str:
    return resource["category"][0]["coding"][0]["code"]


@pytest.fixture
def sams(personas):
    record = build_sams_record(personas)
    return record, build_sams_care(personas, record)


@pytest.fixture
def sams_copy(personas, sams):
    full = queries.full_record(personas.service_user)
    return full, export_pdf.render(full), export_fhir_bundle.bundle_json(full)


def test_the_pdf_has_every_new_section_for_sam(sams_copy):
    _full, pdf, _json = sams_copy
    text = pdf_text(pdf)
    for words in (
        # Safety plan: every version, newest first, and its review.
        "Your safety plan",
        "Version 2 (current)",
        "Version 1",
        "Sam plan: my sister on 07700 900123",
        "Sam plan: walk to the park",
        "Sam plan review: looked at it together",
        # Diary, warning signs, check-ins.
        "Your diary",
        "Sam sign: staying in bed",
        "Sam diary: a flat day after work",
        "Sam sign: staying in bed: 3 (A lot)",
        "Check-ins you agreed to",
        "Every Monday",
        # Questionnaire answers and the total with its band.
        "Questionnaires you answered",
        "Thoughts that you would be better off dead",
        "Several days (1)",
        "9 out of 27: Mild depression",
        # Alerts and flagged messages, and what staff did.
        "Sam alert: question 9 needs review",
        "Sam answered question 9 with 'Several days'.",
        "Called the person",
        "Sam flag: words about not coping",
        "Sam task: no contact for six weeks",
        # Help, devices, requests to change how Sam is seen.
        "Sam help: the camera will not work",
        "Sam help: we did a practice call",
        "Practice call",
        "SAM-TAB-42",
        "Sam change: I would rather come in",
        # Referrals, planned contact, calls, carers' invitations and consent history.
        "Sam referral: GP",
        "Sam contact: fortnightly phone call",
        "Sam call: Ana the interpreter",
        "Sam invite: partner",
        "Sam consent: let Alex see appointments",
        # A staff note is not given, but the person learns that one is held.
        export_pdf.NOTE_HELD,
    ):
        assert words in text, words


def test_the_pdf_has_a_section_for_every_exported_model(sams_copy):
    text = pdf_text(sams_copy[1])
    for label, held in coverage.EXPORTED.items():
        assert held.pdf in text, f"{label}: no '{held.pdf}' in the PDF"


def test_the_bundle_validates_and_holds_every_new_section_for_sam(sams, sams_copy):
    _record, care = sams
    _full, _pdf, data = sams_copy
    Bundle.model_validate_json(data)  # every resource valid against R4B
    found = by_type(data)
    urls = {e["fullUrl"] for e in json.loads(data)["entry"]}
    # Every reference inside the Bundle points at an entry in it.
    for ref in re.findall(r'"reference":\s*"([^"]+)"', data.decode()):
        assert ref in urls, ref

    plans = {category(c): [] for c in found["CarePlan"]}
    for c in found["CarePlan"]:
        plans[category(c)].append(c)
    newest, older = plans["safety-plan"]
    assert (newest["status"], older["status"]) == ("active", "revoked")
    assert newest["replaces"][0]["reference"] in urls
    assert any("Sam plan: my sister" in n["text"] for n in newest["note"])
    assert any("Sam plan review" in n["text"] for n in newest["note"])
    assert plans["diary"][0]["activity"][0]["detail"]["description"] == "Sam sign: staying in bed"
    assert plans["check-in"][0]["activity"][0]["detail"]["scheduledString"] == "Every Monday"
    assert plans["planned-contact"][0]["title"] == "Sam contact: fortnightly phone call"

    diary = next(o for o in found["Observation"] if o["code"]["text"] == "Diary entry")
    assert diary["effectiveDateTime"] == care.diary_entry.day.isoformat()
    assert diary["note"][0]["text"] == "Sam diary: a flat day after work"
    values = {c["code"]["text"]: c for c in diary["component"]}
    assert values["Mood (0 to 10)"]["valueInteger"] == 4
    assert values["Sleep"]["valueQuantity"]["value"] == 5.5
    assert values["Medication taken"]["valueBoolean"] is True
    assert values["Warning sign: Sam sign: staying in bed (0 to 4)"]["valueInteger"] == 3

    (answered,) = found["QuestionnaireResponse"]
    item9 = next(i for i in answered["item"] if i["linkId"] == "q9")
    assert item9["answer"][0]["valueCoding"]["display"] == "Several days"
    total = next(o for o in found["Observation"] if o["code"]["text"] == "PHQ-9 total")
    assert total["valueInteger"] == care.response.total == 9
    assert total["code"]["coding"][0]["code"] == "44261-6"
    assert total["interpretation"][0]["text"] == "Mild depression"
    assert total["derivedFrom"][0]["reference"] in urls

    tasks = {t["code"]["coding"][0]["code"]: t for t in found["Task"]}
    assert tasks["alert"]["description"] == "Sam alert: question 9 needs review"
    assert tasks["alert"]["businessStatus"]["text"] == "Called the person"
    assert tasks["alert"]["status"] == "completed"
    assert tasks["alert"]["focus"]["reference"] in urls
    assert tasks["message-flag"]["businessStatus"]["text"] == "Called the person"
    assert tasks["tech-help"]["businessStatus"]["text"] == "Sam help: we did a practice call"
    assert tasks["change-request"]["status"] == "requested"
    assert tasks["team-task"]["code"]["text"] == "Sam task: no contact for six weeks"
    (device,) = found["Device"]
    assert device["identifier"][0]["value"] == "SAM-TAB-42"
    assert found["DeviceUseStatement"][0]["device"]["reference"] in urls
    assert found["ServiceRequest"][0]["requester"]["display"] == "Sam referral: GP"
    (call,) = found["Encounter"]
    who = [p["individual"]["display"] for p in call["participant"]]
    assert "Sam call: Ana the interpreter" in who
    assert found["EpisodeOfCare"]


def test_the_bundle_has_a_resource_for_every_exported_model(sams_copy):
    found = by_type(sams_copy[2])
    for label, held in coverage.EXPORTED.items():
        for kind in held.fhir:
            assert found.get(kind), f"{label}: no {kind} in the Bundle"


def test_sams_copy_holds_nothing_of_kits_and_no_staff_note(sams_copy):
    _full, pdf, data = sams_copy
    for copy in (pdf_text(pdf), data.decode()):
        for words in (*KITS, STAFF_NOTE, "Alex flag", "Alex's private worry"):
            assert words not in copy, words


def test_kits_copy_holds_kits_own_and_nothing_of_sams(personas, sams):
    full = queries.full_record(user_of(personas.other_su))
    for copy in (pdf_text(export_pdf.render(full)), export_fhir_bundle.bundle_json(full).decode()):
        assert "Kit plan: walk to the park" in copy
        assert "Kit diary: a flat day after work" in copy
        assert "KIT-TAB-42" in copy
        assert "Sam " not in copy and STAFF_NOTE not in copy


def _more_of_everything(personas, sams, n: int) -> None:
    """``n`` more diary days, alerts, help requests and calls for Sam."""
    _record, care = sams
    for i in range(n):
        entry = DiaryEntry.objects.create(
            service_user=personas.su,
            day=care.diary_entry.day - dt.timedelta(days=i + 1),
            mood=5,
            note=f"Day {i}",
            submitted_by=personas.service_user,
        )
        entry.sign_ratings.create(sign=care.diary_entry.sign_ratings.get().sign, rating=1)
        Alert.objects.create(
            team=personas.team_a,
            service_user=personas.su,
            kind="change",
            summary=f"Change {i}",
            about_key=f"change:{i}",
            respond_by=care.alert.respond_by,
            acknowledged_by=personas.clinician,
        )
        HelpRequest.objects.create(
            service_user=personas.su,
            topic="other",
            contact_by="phone",
            raised_by=personas.service_user,
        ).help.create(kind="other", recorded_by=personas.clinician)
        past = appointment(personas.su, personas.team_a, personas.clinician.staff, days=-30 - i)
        room = CallRoom.objects.create(appointment=past)
        Participant.objects.create(room=room, kind="service_user", name="Sam")


def _queries_to_build(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        full = queries.full_record(user)
        export_pdf.html(full)
        export_fhir_bundle.bundle(full)
    return len(ctx.captured_queries)


def test_building_a_copy_takes_as_many_queries_for_many_rows_as_for_few(personas, sams):
    """Each section is read once with what it shows prefetched: no query per row."""
    few = _queries_to_build(personas.service_user)
    _more_of_everything(personas, sams, 15)
    assert _queries_to_build(personas.service_user) <= few


def test_the_pdf_gives_the_times_to_avoid_as_the_outbox_uses_them(personas, sams):
    """The days and hours the outbox and booking pages honour (issue 16, item 4)
    are what the person reads in their copy, with their own words beside them."""
    from tandem.preferences.models import ContactPreferences

    ContactPreferences.objects.filter(service_user=personas.su, is_current=True).update(
        avoid_days=[4], not_before=dt.time(10, 0), times_to_avoid="Not early, not Fridays"
    )
    text = pdf_text(export_pdf.render(queries.full_record(personas.service_user)))
    assert "Not before 10:00" in text
    assert "Fridays" in text
    assert "in your words: Not early, not Fridays" in text
