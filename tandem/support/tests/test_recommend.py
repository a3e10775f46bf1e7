"""Recommending support to a person, their support pack, and who sees it (issue 25)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.directory.models import Tool
from tandem.directory.tests.helpers import add, assess, make_overdue
from tandem.errors import InvalidInput
from tandem.notify.letters import letter_for, render_batch
from tandem.notify.models import Message
from tandem.notify.templates import clinical_words_in
from tandem.preferences.models import AccessNeeds, ContactPreferences
from tandem.record import export_pdf, queries
from tandem.record import selectors as record_selectors
from tandem.support import pack, services
from tandem.support.models import Recommendation
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam_by_email(personas: Personas) -> Personas:
    """Sam agreed to hear from us by email, and has a postcode for letters."""
    p = personas
    p.su.email, p.su.postcode = "sam@example.org", "LS1 4AP"
    p.su.save()
    ContactPreferences.objects.create(
        service_user=p.su,
        recorded_by=p.clinician,
        by_email=True,
        by_letter=True,
        preferred_channel="email",
    )
    return p


def test_a_recommended_tool_reaches_the_person_by_their_channel_saying_nothing_clinical(
    sam_by_email: Personas,
) -> None:
    p = sam_by_email
    tool = assess(p.admin)
    made = services.recommend(actor=p.clinician, person=p.su, tool=tool, note="For sleep")
    assert made.tool == tool and made.note == "For sleep"
    message = Message.objects.get(template="support_recommended")
    assert message.channel == "email" and message.service_user == p.su
    assert list(message.personalisation) == ["link"]
    assert message.personalisation["link"].endswith("/support/")
    # What was recommended and the note stay behind sign-in.
    assert "Tidewater" not in str(message.personalisation)
    assert "sleep" not in str(message.personalisation)
    assert AuditEvent.objects.filter(what="Recommended 'Tidewater Mood Diary'").exists()


@pytest.mark.parametrize(
    ("changes", "review_in_days", "why"),
    [
        ({"usability": "not_assessed"}, 180, "usability and accessibility: not assessed yet"),
        ({"tier": ""}, 180, "no nice evidence standards tier"),
    ],
)
def test_a_tool_not_assessed_is_refused_and_nothing_is_saved(
    sam_by_email: Personas, changes: dict[str, str], review_in_days: int, why: str
) -> None:
    p = sam_by_email
    tool = assess(p.admin, review_in_days=review_in_days, **changes)
    with pytest.raises(InvalidInput, match=why):
        services.recommend(actor=p.clinician, person=p.su, tool=tool, note="")
    assert not Recommendation.objects.exists()
    assert not Message.objects.exists()


def test_a_tool_past_its_review_and_an_entry_past_its_check_are_refused(
    sam_by_email: Personas,
) -> None:
    p = sam_by_email
    tool = assess(p.admin)
    Tool.objects.filter(pk=tool.pk).update(review_by=tool.assessed_on.replace(year=2020))
    with pytest.raises(InvalidInput, match="past its review date"):
        services.recommend(actor=p.clinician, person=p.su, tool=tool, note="")
    entry = add(p.admin, team=p.team_a)
    make_overdue(entry)
    with pytest.raises(InvalidInput, match="past its check date"):
        services.recommend(actor=p.clinician, person=p.su, entry=entry, note="")
    assert not Recommendation.objects.exists()


def test_only_staff_in_the_persons_team_may_recommend(sam_by_email: Personas) -> None:
    p = sam_by_email
    with pytest.raises(PermissionDenied):
        services.recommend(actor=p.outsider, person=p.su, tool=assess(p.admin), note="")


def test_a_tool_withdrawn_while_the_clinician_was_choosing_is_refused_on_the_page(
    sam_by_email: Personas, client_for
) -> None:
    p = sam_by_email
    tool = assess(p.admin)
    client = client_for("clinician")
    url = reverse("support:staff-person", args=[p.su.pk])
    assert tool.name in client.get(url).content.decode()
    # Meanwhile the administrator records that it no longer meets data protection.
    Tool.objects.filter(pk=tool.pk).update(data_protection="not_met")
    page = client.post(url, {"item": f"tool:{tool.pk}", "note": "Try this"})
    assert page.status_code == 200
    assert "can no longer be recommended" in page.content.decode()
    assert not Recommendation.objects.exists()


def test_the_person_builds_a_pack_downloads_it_and_asks_for_it_by_post(
    sam_by_email: Personas, client_for
) -> None:
    p = sam_by_email
    cafe = add(p.admin, team=p.team_a)
    services.recommend(actor=p.clinician, person=p.su, entry=cafe, note="Open late on Fridays")
    tool_rec = services.recommend(actor=p.clinician, person=p.su, tool=assess(p.admin), note="")
    AccessNeeds.objects.create(service_user=p.su, recorded_by=p.clinician, large_print=True)
    client = client_for("service_user")
    home = client.get(reverse("people:service-user-home")).content.decode()
    assert reverse("support:mine") in home  # one step from home
    mine = client.get(reverse("support:mine")).content.decode()
    assert "Lantern Crisis Café" in mine and "Open late on Fridays" in mine

    client.post(reverse("support:mine"), {"chosen": [str(tool_rec.pk - 1)]})
    assert list(Recommendation.objects.filter(in_pack=True).values_list("entry", flat=True)) == [
        cafe.pk
    ]
    built = pack.pack_of(p.su)
    html = pack.enclosure_html(built)
    assert built.large_print
    assert "Lantern Crisis Café" in html and "Tidewater" not in html
    # The safety plan's crisis section, read at printing, with the day printed.
    assert "call 999" in html and "Printed on" in html
    download = client.get(reverse("support:pack-pdf"))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")

    # Time passes: the café's check lapses, and the pack says so.
    make_overdue(cafe)
    assert "Check the service is still running" in pack.enclosure_html(pack.pack_of(p.su))

    client.post(reverse("support:post-pack"))
    client.post(reverse("support:post-pack"))  # a double click posts it once
    letter = Message.objects.get(template="support_pack")
    assert letter.channel == "letter"
    assert "Lantern Crisis Café" in letter_for(letter).enclosure
    assert letter_for(letter).large_print
    _pdf, pages = render_batch([letter])
    assert pages == 2  # the covering letter, then the pack on a page of its own
    assert not clinical_words_in(letter.personalisation.get("link", ""))


def test_a_pack_cannot_hold_another_persons_recommendation(sam_by_email: Personas) -> None:
    p = sam_by_email
    theirs = Recommendation.objects.create(
        service_user=p.other_su, tool=assess(p.admin), recommended_by=p.outsider
    )
    with pytest.raises(InvalidInput):
        services.choose_pack(actor=p.service_user, person=p.su, chosen={theirs.pk})
    with pytest.raises(PermissionDenied):
        services.choose_pack(actor=p.other_service_user, person=p.su, chosen=set())
    assert not Recommendation.objects.filter(in_pack=True).exists()


def test_a_carer_with_the_switch_sees_what_was_recommended_but_not_the_note(
    sam_by_email: Personas, client_for
) -> None:
    p = sam_by_email
    services.recommend(
        actor=p.clinician, person=p.su, tool=assess(p.admin), note="Private words for Sam"
    )
    url = reverse("support:carer", args=[p.su.pk])
    assert client_for("carer").get(url).status_code == 404
    p.carer_link.can_see_support = True
    p.carer_link.save()
    page = client_for("carer").get(url).content.decode()
    assert "Tidewater Mood Diary" in page
    assert "Private words for Sam" not in page
    person_page = client_for("carer").get(reverse("people:carer-person", args=[p.su.pk]))
    assert url in person_page.content.decode()


def test_recommendations_are_in_the_persons_record_download(sam_by_email: Personas) -> None:
    p = sam_by_email
    services.recommend(actor=p.clinician, person=p.su, tool=assess(p.admin), note="For sleep")
    held = list(record_selectors.recommendations(p.service_user))
    assert [(r.name, r.note) for r in held] == [("Tidewater Mood Diary", "For sleep")]
    assert not record_selectors.recommendations(p.other_service_user).exists()
    page = export_pdf.html(queries.full_record(p.service_user))
    assert "Support recommended to you" in page and "Tidewater Mood Diary (Digital tool)" in page


def test_an_easy_read_pack_keeps_the_crisis_section_first(sam_by_email: Personas) -> None:
    p = sam_by_email
    cafe = add(p.admin, team=p.team_a)
    chosen = services.recommend(actor=p.clinician, person=p.su, entry=cafe, note="")
    Recommendation.objects.filter(pk=chosen.pk).update(in_pack=True)
    AccessNeeds.objects.create(service_user=p.su, recorded_by=p.clinician, easy_read=True)
    built = pack.pack_of(p.su)
    html = pack.enclosure_html(built)
    assert built.easy_read and "Help I chose" in html
    assert html.index("call 999") < html.index("Help I chose") < html.index("Lantern Crisis Café")


def test_a_welsh_readers_pack_reads_welsh_around_what_was_recommended(
    sam_by_email: Personas,
) -> None:
    from django.utils import translation

    p = sam_by_email
    chosen = services.recommend(actor=p.clinician, person=p.su, tool=assess(p.admin), note="Nos")
    Recommendation.objects.filter(pk=chosen.pk).update(in_pack=True)
    with translation.override("cy"):
        html = pack.enclosure_html(pack.pack_of(p.su))
    for welsh in (
        "Argraffwyd ar",  # 'Printed on …'
        "Gall rhifau ffôn ac amseroedd agor newid",  # 'Phone numbers … can change'
        "Yn gweithio ar:",  # 'Works on:'
        f"Nodyn gan {p.clinician.full_name}: Nos",  # 'Note from …:', the note as written
        "Dewch o hyd i ragor o gymorth lleol yn",  # 'Find more local support at'
    ):
        assert welsh in html, welsh
    for english in ("Printed on", "Works on", "Note from", "Find more local support"):
        assert english not in html, english
