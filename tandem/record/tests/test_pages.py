"""'My record' shows the signed-in person each section of their own record, in
plain English, and never another person's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.record import queries, selectors
from tandem.record.tests.helpers import build_sams_record
from tests.pages import same_page_text

pytestmark = pytest.mark.django_db


def page(client, name: str, **params: str) -> str:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    # Per-request tokens blanked: a random CSP nonce once spelt "Kit", the name
    # these tests look for to prove Kit's rows are left out.
    return same_page_text(response)


def test_the_record_page_shows_every_section_of_sams_own_record(client_for, personas):
    sams = build_sams_record(personas)
    text = page(client_for("service_user"), "record:mine")
    # Appointments with how they are held and what happened, linked to their own pages
    assert "Medication review with Dr Casey Lee. Video call" in text
    assert "You were seen, and it continued by video call" in text
    assert reverse("appointments:my-appointment", args=[sams.upcoming.pk]) in text
    assert "Cancelled by you" in text
    # Shared decisions, carers and what each can see, letters, links
    assert "Sam works days and video saves the journey" in text
    assert "Alex Taylor (Partner)" in text
    assert "See appointments, Join video calls" in text
    assert "The person&#39;s own consent" in text
    assert sams.letter.template_label in text
    assert reverse("people:my-access-log") in text
    assert reverse("preferences:mine") in text
    assert "Download everything we hold about you" in text
    # Kit's appointment and messages are not here; nor are staff notes
    assert "Question about my tablets" in text
    assert "Kit" not in text
    assert "Carer worry" not in text
    assert "Synthetic staff note" not in text


def test_section_pages_show_sams_rows_only(client_for, personas):
    sams = build_sams_record(personas)
    sam = client_for("service_user")
    appointments = page(sam, "record:appointments")
    assert "Medication review" in appointments and "Kit only" not in appointments
    assert "Face to face at Northgate Clinic" in appointments
    decisions = page(sam, "record:decisions")
    assert "Video call on" in decisions
    letters = page(sam, "record:letters")
    # Sam's letter, and not Kit's email with the same label
    assert letters.count(sams.letter.template_label) == 1
    assert "Letter" in letters
    messages = page(sam, "record:messages")
    assert "not read around the clock" in messages
    assert "Question about my tablets" in messages and "2 messages" in messages
    assert reverse("messaging:thread", args=[sams.thread.pk]) in messages
    assert "Carer worry" not in messages and "Kit" not in messages


def test_kit_sees_only_kits_own_record(client_for, personas):
    build_sams_record(personas)
    kit = client_for("other_service_user")
    for name in ("record:mine", "record:appointments", "record:decisions", "record:letters"):
        text = page(kit, name)
        assert "Sam" not in text, name
        assert "Medication review" not in text, name
    assert "Kit only" in page(kit, "record:appointments")


def test_scoped_reads_give_staff_and_carers_nothing(personas):
    build_sams_record(personas)
    for user in (personas.clinician, personas.carer, personas.manager):
        assert not selectors.appointments(user).exists()
        assert not selectors.shared_decisions(user).exists()
        assert not selectors.notices_sent(user).exists()
        assert not selectors.carer_links(user, with_withdrawn=True).exists()
        assert not selectors.accesses(user).exists()
        assert not selectors.exports(user).exists()


def test_the_past_is_paged_so_the_page_stays_small(client_for, personas, monkeypatch):
    build_sams_record(personas)
    monkeypatch.setattr(queries, "PER_PAGE", 1)
    sam = client_for("service_user")
    first = page(sam, "record:appointments")
    assert "Page 2 of 2" in first
    second = page(sam, "record:appointments", page="2")
    assert "Coming up" not in second


def test_withdrawn_carers_leave_the_page_but_stay_in_the_download(personas):
    from django.utils import timezone

    personas.carer_link.withdrawn_at = timezone.now()
    personas.carer_link.save()
    assert queries.overview(personas.service_user).carers == []
    full = queries.full_record(personas.service_user)
    assert [link.pk for link in full.carers] == [personas.carer_link.pk]
