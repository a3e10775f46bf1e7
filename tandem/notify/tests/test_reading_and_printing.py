"""Who may see messages, the message list macro, printed letter batches, the
sweep command, the fake as a program, and the discretion choice on the form."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.template import engines

from tandem.notify import outbox
from tandem.notify.fake_notify import DEFAULT_API_KEY
from tandem.notify.models import LetterBatch, Message, MessageStatus
from tandem.notify.queries import messages_about, messages_for_person
from tandem.notify.services import print_letter_batch, queue_message
from tandem.notify.tests.helpers import set_contact, set_large_print
from tandem.preferences.models import ContactPreferences
from tests import factories
from tests.personas import Personas

pytestmark = pytest.mark.django_db
WHEN = {"date": "Tuesday 1 December", "time": "10:30am"}


def queue(p: Personas, recipient: object, key: str, **kw: object) -> Message:
    message = queue_message(
        actor=p.clinician,
        recipient=recipient,  # type: ignore[arg-type]
        template=str(kw.pop("template", "appointment_booked")),
        personalisation=kw.pop("personalisation", dict(WHEN)),  # type: ignore[arg-type]
        about_key=str(kw.pop("about_key", "appointment:1")),
        idempotency_key=key,
    )
    assert message is not None
    return message


def test_messages_about_are_scoped_to_who_may_see_the_person(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician)
    set_contact(personas.other_su, personas.outsider)
    carer = personas.carer_profile
    carer.email = "alex.carer@example.org"
    carer.save()
    to_person = queue(personas, personas.su, "a:person")
    to_carer = queue(personas, carer, "a:carer")
    queue(personas, personas.other_su, "b:other", about_key="appointment:1")

    def seen(name: str) -> set[int]:
        user = personas.all()[name]
        assert user is not None
        return {m.pk for m in messages_about(user, about_key="appointment:1")}

    both = {to_person.pk, to_carer.pk}
    assert seen("clinician") == both
    assert seen("colleague") == both
    assert seen("manager") == both
    assert seen("service_user") == both
    assert seen("carer") == {to_carer.pk}
    assert seen("outsider") == {
        m.pk for m in Message.objects.filter(service_user=personas.other_su)
    }
    assert seen("other_service_user") == seen("outsider")
    assert seen("admin") == set()
    assert {m.pk for m in messages_for_person(personas.outsider, person=personas.su)} == set()
    assert {m.pk for m in messages_for_person(personas.clinician, person=personas.su)} == both


def test_message_list_macro_shows_channel_status_and_time(
    personas: Personas, fake_notify: object
) -> None:
    set_contact(personas.su, personas.clinician)
    queue(personas, personas.su, "a:1")
    outbox.sweep()
    page = engines["jinja2"].from_string(
        '{% from "notify/_message_list.jinja" import message_list %}'
        "{{ message_list(messages, heading='Messages about this appointment') }}"
    )
    html = page.render({"messages": messages_about(personas.clinician, about_key="appointment:1")})
    assert "Messages about this appointment" in html
    assert "Appointment booked" in html
    assert "by text message" in html
    assert "Delivered" in html
    empty = page.render({"messages": []})
    assert "No messages have been sent." in empty


def count_pdf_pages(pdf: bytes) -> int:
    """Page objects, looked for in the file and inside its compressed streams."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(stream))
    return sum(len(re.findall(rb"/Type\s*/Page(?![s\w])", chunk)) for chunk in chunks)


def test_printed_letters_make_one_pdf_with_a_page_each(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TANDEM_LETTERS = "print"
    people = [personas.su, *factories.ServiceUserFactory.create_batch(2, postcode="LS1 4AP")]
    personas.su.postcode = "LS2 7UE"
    personas.su.save()
    for person in people:
        set_contact(person, personas.clinician, channels=("letter",), preferred="letter")
    set_large_print(personas.su, personas.clinician)
    messages = [queue(personas, person, f"letter:{person.pk}") for person in people]
    assert outbox.sweep() == {}  # workers leave printed letters alone
    batch = print_letter_batch(actor=personas.admin)
    assert batch is not None
    pdf = bytes(batch.pdf)
    assert pdf.startswith(b"%PDF-")
    assert batch.letters == 3 and batch.pages == 3
    assert count_pdf_pages(pdf) == 3
    for message in messages:
        message.refresh_from_db()
        assert message.status == MessageStatus.SENT
        assert message.provider_id == f"batch-{batch.pk}"
    assert print_letter_batch(actor=None) is None


def test_large_print_letters_use_large_type(personas: Personas) -> None:
    from tandem.notify.letters import letter_for

    personas.su.postcode = "LS2 7UE"
    personas.su.save()
    set_contact(personas.su, personas.clinician, channels=("letter",), preferred="letter")
    message = queue(personas, personas.su, "l1")
    assert not letter_for(message).large_print
    set_large_print(personas.su, personas.clinician)
    letter = letter_for(message)
    assert letter.large_print
    assert letter.address == [personas.su.display_name, "LS2 7UE"]


def test_print_letters_command(personas: Personas, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.TANDEM_LETTERS = "print"
    personas.su.postcode = "LS2 7UE"
    personas.su.save()
    set_contact(personas.su, personas.clinician, channels=("letter",), preferred="letter")
    queue(personas, personas.su, "l1")
    out = StringIO()
    call_command("print_letters", str(tmp_path / "batch.pdf"), stdout=out)
    assert "1 letters, 1 pages" in out.getvalue()
    assert (tmp_path / "batch.pdf").read_bytes().startswith(b"%PDF-")
    assert LetterBatch.objects.count() == 1


def test_send_due_messages_command(personas: Personas, fake_notify: object) -> None:
    set_contact(personas.su, personas.clinician)
    queue(personas, personas.su, "a:1")
    out = StringIO()
    call_command("send_due_messages", stdout=out)
    assert "sent 1" in out.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_fake_notify_runs_as_a_program() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tandem.notify.fake_notify", "--port", str(port)],
        stdout=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "TANDEM_NOTIFY_API_KEY": DEFAULT_API_KEY},
    )
    try:
        from notifications_python_client.notifications import NotificationsAPIClient

        for _ in range(50):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_fake/notifications", timeout=1
                ) as response:
                    assert json.load(response) == []
                break
            except OSError:
                time.sleep(0.1)
        client = NotificationsAPIClient(DEFAULT_API_KEY, base_url=f"http://127.0.0.1:{port}")
        sent = client.send_sms_notification(
            phone_number="+447700900123",
            template_id="00000000-0000-4000-8000-000000000001",
            personalisation={"body": "Hello"},
            reference="ref-1",
        )
        found = client.get_all_notifications(reference="ref-1")["notifications"]
        assert [n["id"] for n in found] == [sent["id"]]
        assert client.get_notification_by_id(sent["id"])["status"] == "delivered"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_discretion_is_asked_on_the_contact_form(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("service_user").post(
        "/preferences/change/contact/",
        {
            "channels": ["sms", "email"],
            "preferred_channel": "sms",
            "times_to_avoid": "",
            "messages_may_be_left": "no",
            "discreet_sender": "yes",
        },
    )
    assert response.status_code == 302
    current = ContactPreferences.objects.get(service_user=personas.su, is_current=True)
    assert current.discreet_sender
