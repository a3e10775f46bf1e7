"""The directory's pages through Django's test client."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.directory.models import Entry
from tandem.directory.tests.helpers import add, make_overdue

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's HTML, entities decoded and spaces collapsed, to look for words in."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def entry_form(**changes: str) -> dict[str, str]:
    later = timezone.localdate() + dt.timedelta(days=100)
    data = {
        "name": "Willow Peer Group",
        "need": "peer",
        "offers": "A weekly group run by people with lived experience.",
        "for_whom": "Adults",
        "route": "self",
        "phone": "020 7946 0321",
        "web": "https://willow.example.org",
        "address": "",
        "area": "Leeds",
        "languages": "",
        "accessibility": "",
        "cost": "Free",
        "team": "",
        "opens_2": "18:30",
        "closes_2": "20:00",
        "check_by_day": str(later.day),
        "check_by_month": str(later.month),
        "check_by_year": str(later.year),
    }
    data.update(changes)
    return data


def test_anyone_finds_a_service_without_signing_in(personas):
    add(personas.admin)
    hidden = add(personas.admin, name="Closed Door Café")
    make_overdue(hidden)
    page = Client().get(reverse("directory:find"), {"need": "crisis", "area": "leeds"})
    assert page.status_code == 200
    words = text(page)
    assert "Lantern Crisis Café" in words
    assert "Closed Door Café" not in words
    assert "1 service found" in words
    assert "Need help now?" in words


def test_the_public_page_says_nothing_about_who_uses_the_service(personas):
    entry = add(personas.admin, team=personas.team_a)
    page = text(Client().get(reverse("directory:entry", kwargs={"pk": entry.pk})))
    assert "6pm to 2am (Saturday morning)" in page
    for private in (personas.admin.full_name, personas.team_a.name):
        assert private not in page


def test_help_now_links_to_the_directory(personas):
    page = Client().get(reverse("web:help")).content.decode()
    assert reverse("directory:find") in page


def test_the_administrator_adds_an_entry(client_for, personas):
    admin = client_for("admin")
    response = admin.post(reverse("directory:add"), entry_form())
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:staff-entry", kwargs={"pk": entry.pk})
    assert entry.phone == "+442079460321"
    assert entry.hours.get().weekday == 2
    assert "Willow Peer Group added" in text(admin.get(response["Location"]))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "12"}, "Enter a phone number"),
        ({"web": "willow"}, "Enter a web address, like https://www.example.org"),
        ({"closes_2": "17:00"}, "The closing time must be after the opening time"),
        ({"closes_2": ""}, "Enter Wednesday's closing time"),
        ({"opens_2": "half six"}, "Enter Wednesday's opens time like 18:00"),
        ({"check_by_year": "2020"}, "must be in the future"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(client_for, personas, changes, message):
    page = client_for("admin").post(reverse("directory:add"), entry_form(**changes))
    assert page.status_code == 200
    assert "There is a problem" in text(page)
    assert message in text(page)
    assert not Entry.objects.exists()


def test_a_manager_is_told_off_for_a_team_not_theirs(client_for, personas):
    page = client_for("manager").post(
        reverse("directory:add"), entry_form(team=str(personas.team_b.pk))
    )
    assert "Select one of your teams" in text(page)
    assert not Entry.objects.exists()


def test_two_edits_at_once_the_later_one_is_refused(client_for, personas):
    entry = add(personas.admin, team=personas.team_a)
    url = reverse("directory:change", kwargs={"pk": entry.pk})
    form = entry_form(team=str(personas.team_a.pk), version=str(entry.version))
    first = client_for("manager").post(url, {**form, "cost": "Pay what you can"})
    assert first.status_code == 302
    second = client_for("admin").post(url, {**form, "name": "A new name"})
    assert "Someone else changed this entry" in text(second)
    entry.refresh_from_db()
    assert (entry.name, entry.cost) == ("Willow Peer Group", "Pay what you can")


def test_staff_see_what_needs_checking_and_check_it(client_for, personas):
    entry = add(personas.admin, team=personas.team_a)
    make_overdue(entry, days=3)
    manager = client_for("manager")
    listing = text(manager.get(reverse("directory:manage")))
    assert "Needs checking" in listing
    assert "Past its check date" in listing
    clinician_view = text(client_for("clinician").get(reverse("directory:manage")))
    assert "Past its check date" in clinician_view
    assert "Needs checking" not in clinician_view

    later = timezone.localdate() + dt.timedelta(days=60)
    response = manager.post(
        reverse("directory:check", kwargs={"pk": entry.pk}),
        {
            "version": str(entry.version),
            "check_by_day": str(later.day),
            "check_by_month": str(later.month),
            "check_by_year": str(later.year),
        },
    )
    assert response.status_code == 302
    assert "Needs checking" not in text(manager.get(reverse("directory:manage")))
    public = Client().get(reverse("directory:entry", kwargs={"pk": entry.pk}))
    assert public.status_code == 200
