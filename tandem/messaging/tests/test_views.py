"""Messaging through the pages: writing, replying, errors, escaping, downloads, 404s."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.messaging.models import Attachment, Message, Thread
from tests.pages import same_page_text
from tests.personas import Personas

from . import files
from .helpers import alex_writes, kit_writes, let_carer_message, sam_writes

pytestmark = pytest.mark.django_db


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_sam_writes_with_a_file_and_sees_the_promise_and_crisis_numbers(
    client_for, personas: Personas
) -> None:
    sam = client_for("service_user")
    page = text(sam.get(reverse("messaging:new")))
    assert "Messages are not read around the clock" in page
    assert "We aim to reply within 2 working days" in page
    assert "Monday to Friday, 9am to 5pm" in page
    assert "NHS 111" in page  # crisis contacts inline, not a link away
    response = sam.post(
        reverse("messaging:new"),
        {
            "subject": "Sleep",
            "body": "I have been sleeping badly.\n\nCan we talk?",
            "attached": [files.upload("diary.png", files.png_bytes())],
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:thread", kwargs={"pk": thread.pk})
    page = text(sam.get(response["Location"]))
    assert "Message sent" in page and "I have been sleeping badly." in page
    assert "diary.png" in page and "We aim to reply within 2 working days" in page
    assert Attachment.objects.get().content_type == "image/png"


def test_a_full_length_message_from_the_browser_is_sent_and_stored_with_plain_lines(
    client_for, personas: Personas
) -> None:
    """Browsers send a textarea's line breaks as CRLF (issue 16). A message that
    fits the box must not be refused as too long because each break arrived as
    two characters; it is stored with LF and no trailing spaces, as written."""
    sam = client_for("service_user")
    paragraphs = ["I have been sleeping badly.  ", "", "Can we talk?", "x" * 4958]
    written = "\n".join(p.rstrip() for p in paragraphs)
    assert len(written) == 5000  # the limit, counted as the browser counts it
    response = sam.post(
        reverse("messaging:new"), {"subject": "Sleep", "body": "\r\n".join(paragraphs)}
    )
    assert response.status_code == 302
    assert Message.objects.get().body == written


def test_empty_and_too_long_messages_get_clear_errors_and_save_nothing(
    client_for, personas: Personas
) -> None:
    sam = client_for("service_user")
    page = text(sam.post(reverse("messaging:new"), {"subject": "Hi", "body": "   \n  "}))
    assert "There is a problem" in page and "Enter your message" in page
    page = text(sam.post(reverse("messaging:new"), {"subject": "Hi", "body": "x" * 5001}))
    assert "Your message must be 5,000 characters or fewer" in page
    assert not Thread.objects.exists()


def test_a_disguised_file_refuses_the_whole_message(client_for, personas: Personas) -> None:
    sam = client_for("service_user")
    page = text(
        sam.post(
            reverse("messaging:new"),
            {
                "subject": "Letter",
                "body": "Here is my letter",
                "attached": [
                    files.upload("fine.pdf", files.pdf_bytes()),
                    files.upload("letter.pdf", files.png_bytes()),
                ],
            },
        )
    )
    assert "&#39;letter.pdf&#39; is called a PDF but it is a PNG image" in page
    assert not Thread.objects.exists() and not Message.objects.exists()
    assert not Attachment.objects.exists()


def test_script_in_a_message_is_shown_as_text(client_for, personas: Personas) -> None:
    thread = sam_writes(personas, subject="<b>bold</b>", body='<script>alert("x")</script>')
    for client, name in (
        (client_for("service_user"), "thread"),
        (client_for("clinician"), "staff-thread"),
    ):
        page = text(client.get(reverse(f"messaging:{name}", kwargs={"pk": thread.pk})))
        assert "<script>alert" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    inbox = text(client_for("clinician").get(reverse("messaging:inbox")))
    assert "&lt;b&gt;bold&lt;/b&gt;" in inbox


def test_clinician_replies_and_hands_over(client_for, personas: Personas) -> None:
    thread = sam_writes(personas)
    lee = client_for("clinician")
    url = reverse("messaging:staff-thread", kwargs={"pk": thread.pk})
    assert "Awaiting reply" in text(lee.get(reverse("messaging:inbox")))
    response = lee.post(url, {"body": "Yes, let us talk on Tuesday."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.awaiting_reply_since is None
    hand_over = reverse("messaging:staff-hand-over", kwargs={"pk": thread.pk})
    page = text(lee.post(hand_over, {"note": "x"}))
    assert "Select who should pick this up" in page
    response = lee.post(hand_over, {"to": personas.colleague.staff.pk, "note": "On leave"})
    assert response.status_code == 302
    mine = text(client_for("colleague").get(reverse("messaging:inbox") + "?show=mine"))
    assert thread.subject in mine and "With Jordan Patel" in mine


def test_follow_up_form(client_for, personas: Personas) -> None:
    thread = sam_writes(personas)
    url = reverse("messaging:staff-follow-up", kwargs={"pk": thread.pk})
    lee = client_for("clinician")
    assert "Enter what needs following up" in text(lee.post(url, {"needed": "yes", "note": ""}))
    assert lee.post(url, {"needed": "yes", "note": "Call Sam"}).status_code == 302
    page = text(lee.get(reverse("messaging:inbox") + "?show=follow_up"))
    assert thread.subject in page and "Needs follow-up" in page


def test_forged_and_other_peoples_threads_are_the_standard_404(
    client_for, personas: Personas
) -> None:
    kits = kit_writes(personas)
    sam = client_for("service_user")
    not_yours = sam.get(reverse("messaging:thread", kwargs={"pk": kits.pk}))
    missing = sam.get(reverse("messaging:thread", kwargs={"pk": 987_654_321}))
    assert not_yours.status_code == missing.status_code == 404
    assert same_page_text(not_yours) == same_page_text(missing)
    response = sam.post(reverse("messaging:thread", kwargs={"pk": kits.pk}), {"body": "Hi"})
    assert response.status_code == 404
    lee = client_for("clinician")
    for name in ("staff-thread", "staff-follow-up", "staff-hand-over"):
        url = reverse(f"messaging:{name}", kwargs={"pk": kits.pk})
        assert lee.get(url).status_code == 404
        assert lee.post(url, {"body": "x", "needed": "yes", "note": "x"}).status_code == 404
    assert kits.messages.count() == 1


def test_a_download_is_an_attachment_with_the_sniffed_type_and_is_audited(
    client_for, personas: Personas
) -> None:
    from tandem.messaging.attachments import check_file

    thread = sam_writes(
        personas, files=[check_file(files.upload("Scan", files.pdf_bytes(), "text/html"))]
    )
    file = Attachment.objects.get(message__thread=thread)
    response = client_for("clinician").get(reverse("messaging:attachment", kwargs={"pk": file.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == files.pdf_bytes() or response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        actor=personas.clinician, object_type="messaging.Attachment", object_id=str(file.pk)
    ).exists()
    for who in ("outsider", "other_service_user", "carer", "admin"):
        url = reverse("messaging:attachment", kwargs={"pk": file.pk})
        assert client_for(who).get(url).status_code == 404


def test_carer_with_the_scope_writes_their_own_thread_sam_does_not_see_it(
    client_for, personas: Personas
) -> None:
    let_carer_message(personas)
    alex = client_for("carer")
    url = reverse("messaging:carer-new", kwargs={"pk": personas.su.pk})
    page = text(alex.get(url))
    assert "Sam Taylor will not see it here" in page and "NHS 111" in page
    response = alex.post(url, {"subject": "Worried", "body": "Sam seems low"})
    thread = Thread.objects.get()
    assert thread.carer == personas.carer_profile
    assert response["Location"] == reverse("messaging:thread", kwargs={"pk": thread.pk})
    assert client_for("service_user").get(response["Location"]).status_code == 404
    assert "Worried" not in text(client_for("service_user").get(reverse("messaging:mine")))
    assert "Worried" in text(alex.get(reverse("messaging:carer-index")))


def test_carer_sees_sams_threads_only_with_see_messages_and_cannot_reply(
    client_for, personas: Personas
) -> None:
    thread = sam_writes(personas)
    alex = client_for("carer")
    url = reverse("messaging:thread", kwargs={"pk": thread.pk})
    assert alex.get(url).status_code == 404
    let_carer_message(personas, see_messages=True)
    page = text(alex.get(url))
    assert "You cannot reply here" in page and "Send reply" not in page
    assert alex.post(url, {"body": "Hello"}).status_code == 404
    assert thread.messages.count() == 1


def test_a_withdrawn_link_or_removed_scope_loses_access_on_the_next_request(
    client_for, personas: Personas
) -> None:
    thread = alex_writes(personas)
    alex = client_for("carer")
    url = reverse("messaging:thread", kwargs={"pk": thread.pk})
    assert alex.get(url).status_code == 200
    personas.carer_link.can_message_team = False
    personas.carer_link.save()
    assert alex.get(url).status_code == 404
    personas.carer_link.can_message_team = True
    personas.carer_link.save()
    assert alex.get(url).status_code == 200
    personas.carer_link.withdrawn_at = timezone.now()
    personas.carer_link.save()
    assert alex.get(url).status_code == 404
    assert alex.post(url, {"body": "still here?"}).status_code == 404
    assert (
        alex.get(reverse("messaging:carer-new", kwargs={"pk": personas.su.pk})).status_code == 404
    )


def test_manager_sets_the_promise_and_people_see_it(client_for, personas: Personas) -> None:
    boss = client_for("manager")
    page = text(
        boss.post(
            reverse("messaging:settings"), {"answered_when": "", "response_working_days": "0"}
        )
    )
    assert "Enter when messages are read" in page
    assert "The reply time must be at least 1 working day" in page
    response = boss.post(
        reverse("messaging:settings"),
        {"answered_when": "Weekdays, 8am to 6pm", "response_working_days": "1"},
    )
    assert response.status_code == 302
    page = text(client_for("service_user").get(reverse("messaging:mine")))
    assert "Weekdays, 8am to 6pm" in page and "We aim to reply within 1 working day." in page
    assert client_for("clinician").post(reverse("messaging:settings"), {}).status_code == 404


def test_unanswered_view_lists_threads_past_the_reply_time(client_for, personas: Personas) -> None:
    thread = sam_writes(personas, subject="Old question")
    Thread.objects.filter(pk=thread.pk).update(
        awaiting_reply_since=timezone.now() - timezone.timedelta(days=10)
    )
    page = text(client_for("manager").get(reverse("messaging:overdue")))
    assert "Old question" in page and "1</strong> past the reply time" in page


def test_staff_write_to_a_person_from_their_record(client_for, personas: Personas) -> None:
    lee = client_for("clinician")
    url = reverse("messaging:staff-new", kwargs={"pk": personas.su.pk})
    response = lee.post(url, {"subject": "Your letter", "body": "We have sent your letter."})
    thread = Thread.objects.get()
    assert response["Location"] == reverse("messaging:staff-thread", kwargs={"pk": thread.pk})
    assert thread.awaiting_reply_since is None
    assert "We have sent your letter." in text(
        client_for("service_user").get(reverse("messaging:thread", kwargs={"pk": thread.pk}))
    )
    other = reverse("messaging:staff-new", kwargs={"pk": personas.other_su.pk})
    assert lee.get(other).status_code == 404
