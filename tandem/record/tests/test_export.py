"""The download: one step to ask, built in the background, a PDF and a FHIR
Bundle with every section, the person's own and nobody else's, kept 7 days."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from tandem.notify.models import Message
from tandem.record import building, export_fhir_bundle, queries, services
from tandem.record.models import ExportStatus, RecordExport
from tandem.record.tasks import build_record_export
from tandem.record.tests.helpers import build_sams_record

pytestmark = pytest.mark.django_db

TASK = "tandem.record.tasks.build_record_export"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def resources(data: bytes) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for entry in json.loads(data)["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return found


def ask(personas) -> RecordExport:
    export, new = services.request_export(actor=personas.service_user)
    assert new
    return export


def test_asking_queues_one_build_in_the_same_transaction(client_for, personas):
    response = client_for("service_user").post(reverse("record:downloads"))
    assert response.status_code == 302
    export = RecordExport.objects.get()
    assert export.service_user == personas.su
    assert export.status == ExportStatus.PENDING
    queued = DBTaskResult.objects.get(task_path=TASK)
    assert queued.args_kwargs["args"] == [export.pk]


def test_a_second_click_shows_the_one_being_prepared(client_for, personas):
    sam = client_for("service_user")
    sam.post(reverse("record:downloads"))
    response = sam.post(reverse("record:downloads"), follow=True)
    assert RecordExport.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    assert "We are already preparing your download" in response.content.decode()
    assert "Being prepared" in response.content.decode()


def test_a_build_that_lost_its_worker_does_not_block_a_new_request(personas):
    stuck = ask(personas)
    RecordExport.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - services.STALE_AFTER - dt.timedelta(minutes=1)
    )
    fresh, new = services.request_export(actor=personas.service_user)
    assert new and fresh.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED
    assert "took too long" in stuck.failure


def test_the_task_builds_a_pdf_and_bundle_of_the_persons_own_record(personas):
    sams = build_sams_record(personas)
    export = ask(personas)

    assert build_record_export.func(export.pk) == "ready"

    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert export.expires_at == export.ready_at + dt.timedelta(days=7)
    pdf = bytes(export.pdf)
    assert pdf.startswith(b"%PDF")
    assert export.pdf_size == len(pdf)
    text = pdf_text(pdf)
    for expected in (
        "Everything we hold about Sam Taylor",
        "999 000 0018",
        "Medication review",
        "Sam works days and video saves the journey",
        "Alex Taylor",
        "See appointments",
        "Dr Casey Lee",  # in 'Who has looked at your record'
        "Opened record summary",
        "Large print",
        "Question about my tablets",
        "Can I take them <b>with food</b>?",  # as written, not as markup
        "Yes, with breakfast is fine.",
        "leaflet.pdf (application/pdf, 2 KB)",
    ):
        assert expected in text, expected
    assert "Kit" not in text
    assert "Synthetic staff note" not in text
    assert "Alex's private worry" not in text and "Carer worry" not in text

    found = resources(bytes(export.fhir_json))
    assert len(found["Patient"]) == 1
    assert found["Patient"][0]["identifier"] == [
        {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000018"}
    ]
    assert len(found["Appointment"]) == 3
    statuses = {a["serviceType"][0]["text"]: a["status"] for a in found["Appointment"]}
    assert statuses["Medication review"] == "booked"
    assert sorted(a["status"] for a in found["Appointment"]) == ["booked", "cancelled", "fulfilled"]
    ways = sorted(a["appointmentType"]["coding"][0]["code"] for a in found["Appointment"])
    assert ways == ["face_to_face", "phone", "video"]
    assert len(found["RelatedPerson"]) == 1
    assert len(found["Consent"]) == 1
    actions = [a["text"] for a in found["Consent"][0]["provision"]["action"]]
    assert actions == ["See appointments", "Join video calls"]
    # Two secure messages and the letter sent to Sam; Kit's email and Alex's thread are not here.
    communications = found["Communication"]
    assert len(communications) == 3
    topics = sorted(c["topic"]["text"] for c in communications)
    assert topics == sorted([sams.letter.template_label] + ["Question about my tablets"] * 2)
    reply = next(c for c in communications if c.get("inResponseTo"))
    assert reply["payload"][0]["contentString"] == "Yes, with breakfast is fine."
    assert reply["payload"][1]["contentAttachment"] == {
        "contentType": "application/pdf",
        "title": "leaflet.pdf",
        "size": 2048,
    }


def test_a_welsh_readers_download_has_welsh_headings_and_their_record_as_written(personas):
    from tandem.audit.models import AuditEvent
    from tandem.people.models import User

    build_sams_record(personas)
    User.objects.filter(pk=personas.service_user.pk).update(language="cy")
    export = ask(personas)

    assert build_record_export.func(export.pk) == "ready"

    export.refresh_from_db()
    text = pdf_text(bytes(export.pdf))
    for welsh in (
        "Popeth sydd gennym am Sam Taylor",  # 'Everything we hold about Sam Taylor'
        "Eich manylion",  # 'Your details'
        "Negeseuon gyda'ch tîm gofal",  # 'Messages with your care team'
        "Pwy sydd wedi edrych ar eich cofnod",  # 'Who has looked at your record'
        "Tudalen 1 o",  # the footer's 'Page 1 of …'
    ):
        assert welsh in text, welsh
    for english in ("Everything we hold about", "Your details", "Messages with your care team"):
        assert english not in text, english
    # The words Tandem writes into the cells read Welsh too.
    for welsh in (
        "Yn dal ar agor",  # the team's 'Still open'
        "Yn rhannu nawr",  # the carer's 'Sharing now'
        "Atodwyd: leaflet.pdf",  # 'Attached: …'
        "Llythyr",  # the letter's channel, a choice's name
        "(presennol)",  # '(current)'
        "Dr Casey Lee (tîm gofal)",  # a reply's author, '(care team)'
    ):
        assert welsh in text, welsh
    for english in ("Still open", "Sharing now", "Attached:", "(current)", "(care team)"):
        assert english not in text, english
    # What the record holds stays as it was written.
    assert "Question about my tablets" in text
    assert "Yes, with breakfast is fine." in text
    # What staff keep about it stays English (ADR 0061).
    assert AuditEvent.objects.filter(
        object_id=str(export.pk), what="Prepared a copy of everything held about them"
    ).exists()


def test_an_english_readers_download_is_marked_english_left_to_right(personas):
    from tandem.record import export_pdf

    build_sams_record(personas)
    page = export_pdf.html(queries.full_record(personas.service_user))
    assert '<html lang="en-GB" dir="ltr">' in page
    assert "Everything we hold about Sam Taylor" in page
    assert 'content: "Page " counter(page) " of " counter(pages) "";' in page
    arabic = export_pdf.html(queries.full_record(personas.service_user), language_code="ar")
    assert '<html lang="ar" dir="rtl">' in arabic


def test_the_json_parses_back_into_a_bundle_with_every_resource(personas):
    build_sams_record(personas)
    full = queries.full_record(personas.service_user)
    data = export_fhir_bundle.bundle_json(full)
    bundle = Bundle.model_validate_json(data)
    assert bundle.type == "collection"
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("Appointment") == 3
    assert kinds.count("RelatedPerson") == kinds.count("Consent") == 1
    assert kinds.count("Communication") == 3
    references = {e.fullUrl for e in bundle.entry}
    for entry in bundle.entry:
        if entry.resource.get_resource_type() == "Appointment":
            assert entry.resource.participant[0].actor.reference in references


def test_ready_queues_the_record_ready_notice_with_a_link_to_the_downloads(personas, settings):
    build_sams_record(personas)
    export = ask(personas)
    build_record_export.func(export.pk)
    notice = Message.objects.get(template="record_ready")
    assert notice.service_user == personas.su
    assert notice.channel == "email"
    assert notice.personalisation == {
        "link": settings.TANDEM_BASE_URL + reverse("record:downloads")
    }
    # Building twice (a retried task) neither rebuilds nor sends again.
    assert build_record_export.func(export.pk) == "skipped"
    assert Message.objects.filter(template="record_ready").count() == 1


def test_with_no_agreed_channel_the_page_is_enough_and_staff_get_no_task(personas):
    from tandem.worklist.models import WorkItem

    export = ask(personas)
    assert build_record_export.func(export.pk) == "ready"
    assert not Message.objects.filter(template="record_ready").exists()
    assert not WorkItem.objects.exists()


def test_a_failure_marks_the_export_failed_in_plain_words(personas, monkeypatch):
    from tandem.record import export_pdf

    def broken(full: object) -> bytes:
        raise RuntimeError("Pango went away")

    monkeypatch.setattr(export_pdf, "render", broken)
    export = ask(personas)
    assert build_record_export.func(export.pk) == "failed"
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.failure == building.FAILED
    assert "Pango" not in export.failure
    assert not Message.objects.filter(template="record_ready").exists()
    # And the person can ask again.
    _again, new = services.request_export(actor=personas.service_user)
    assert new


def test_downloads_are_the_persons_own_audited_and_gone_after_expiry(client_for, personas):
    build_sams_record(personas)
    export = ask(personas)
    build_record_export.func(export.pk)
    sam = client_for("service_user")
    pdf_url = reverse("record:export-pdf", kwargs={"pk": export.pk})
    json_url = reverse("record:export-json", kwargs={"pk": export.pk})

    pdf = sam.get(pdf_url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert "no-store" in pdf["Cache-Control"]
    assert pdf.content.startswith(b"%PDF")
    fhir = sam.get(json_url)
    assert fhir["Content-Type"] == "application/fhir+json"
    assert json.loads(fhir.content)["resourceType"] == "Bundle"

    from tandem.audit.models import AuditEvent

    whats = set(AuditEvent.objects.filter(subject_id=personas.su.pk).values_list("what", flat=True))
    assert {"Downloaded their record as a PDF", "Downloaded their record as a FHIR file"} <= whats

    for other in ("other_service_user", "clinician", "carer"):
        assert client_for(other).get(pdf_url).status_code == 404

    RecordExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert sam.get(pdf_url).status_code == 404
    assert sam.get(json_url).status_code == 404
    assert building.purge_expired() == 1
    export.refresh_from_db()
    assert export.pdf is None and export.fhir_json is None and export.emptied_at is not None
    page = sam.get(reverse("record:downloads")).content.decode()
    assert "No longer available" in page


def test_a_pending_or_failed_export_cannot_be_downloaded(client_for, personas):
    export = ask(personas)
    sam = client_for("service_user")
    assert sam.get(reverse("record:export-pdf", kwargs={"pk": export.pk})).status_code == 404


def test_long_sections_are_cut_at_their_limit_and_the_pdf_says_so(personas, monkeypatch):
    sams = build_sams_record(personas)
    monkeypatch.setitem(queries.LIMITS, "appointments", 2)
    full = queries.full_record(personas.service_user)
    assert len(full.appointments) == 2
    assert full.cut == {"appointments": 3}
    # The newest are kept.
    assert sams.upcoming.pk in [s.appointment.pk for s in full.appointments]
    from tandem.record import export_pdf

    assert "appointments (3 in all)" in export_pdf.html(full)
    welsh = export_pdf.html(full, language_code="cy")
    assert "apwyntiadau (3 i gyd)" in welsh and "in all" not in welsh
