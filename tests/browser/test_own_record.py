"""Sam reads his own record and downloads everything held about him: he asks in
one step, the background worker prepares it, and he downloads the PDF and the
FHIR file."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tandem.messaging.immutability import erasing_messages
from tandem.messaging.models import Attachment
from tandem.messaging.models import Message as ThreadMessage
from tandem.record.models import ExportStatus, RecordExport
from tandem.record.tests.helpers import build_sams_care, build_sams_record
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.fixture
def sams_record(personas: Personas) -> Iterator[None]:
    """Sam's record, with secure messages. The database refuses to delete
    messages unless asked deliberately, and SQLite is emptied after a live-server
    test with DELETE, so the messages are erased on purpose first."""
    build_sams_care(personas, build_sams_record(personas))
    yield
    with erasing_messages():
        Attachment.objects.all().delete()
        ThreadMessage.objects.all().delete()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_sam_downloads_everything_held_about_him(
    open_tab: OpenTab, personas: Personas, sams_record: None, javascript: bool
) -> None:
    # Given Sam has appointments, a shared decision, messages, a letter and a carer
    sam = open_tab(javascript=javascript)
    steps.sign_in(sam, personas.service_user)

    # When he opens his record
    sam.visit("/my-record/")

    # Then he sees each section of it in plain words
    assert sam.heading() == "Your record"
    text = sam.main_text()
    for section in (
        "Appointments",
        "Decisions made with you",
        "Messages",
        "Letters, emails and texts we sent you",
        "Carers and what each can see",
        "Who has looked at your record",
    ):
        assert section in text, section
    assert "Medication review with Dr Casey Lee" in text
    assert "Question about my tablets" in text
    assert "Alex Taylor (Partner)" in text

    # When he asks for a download
    sam.submit("Download everything we hold about you")

    # Then he is told it is being prepared, and asking again makes no second one
    assert sam.heading() == "Download everything we hold about you"
    assert "We are preparing your download" in sam.main_text()
    assert "Being prepared" in sam.main_text()
    assert RecordExport.objects.filter(service_user=personas.su).count() == 1

    # When the background worker has run and he reloads the page
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    export = RecordExport.objects.get(service_user=personas.su)
    assert export.status == ExportStatus.READY
    sam.visit("/my-record/download/")

    # Then both files are ready, and he downloads them
    assert "Ready until" in sam.main_text()
    main = sam.page.locator("main")
    with sam.page.expect_download() as pdf_download:
        main.get_by_role("link", name=re.compile("^Download the PDF")).click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.startswith("my-record-")
    assert pdf.suggested_filename.endswith(".pdf")
    pdf_bytes = pdf.path().read_bytes()
    assert pdf_bytes.startswith(b"%PDF")
    first_page = PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text()
    assert "Everything we hold about Sam Taylor" in first_page
    everything = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages).split()
    )
    for section in (
        "Your safety plan",
        "Your diary",
        "Questionnaires you answered",
        "Alerts your answers or diary raised, and what your team did",
        "Help with technology and devices",
    ):
        assert section in everything, section

    with sam.page.expect_download() as json_download:
        main.get_by_role("link", name=re.compile("^Download the FHIR file")).click()
    bundle = json.loads(json_download.value.path().read_bytes())
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    patient = bundle["entry"][0]["resource"]
    assert patient["identifier"][0]["value"] == personas.su.nhs_number
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"CarePlan", "QuestionnaireResponse", "Observation", "Task", "Device"} <= kinds


def test_kit_cannot_download_sams_export(open_tab: OpenTab, personas: Personas) -> None:
    # Given Sam's download is ready
    from tests.access.matrix_record import ready_export

    export = ready_export(personas.su, personas.service_user)

    # When Kit tries its address
    kit = open_tab()
    steps.sign_in(kit, personas.other_service_user)
    kit.visit(f"/my-record/download/{export.pk}/pdf/", status=404)

    # Then Kit gets the same 'Page not found' as for a download that does not exist
    assert kit.heading() == "Page not found"
