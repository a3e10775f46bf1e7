"""The demo's directory: a dozen fictional services, one left for checking."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tandem.directory import selectors
from tandem.directory.models import Entry, Need
from tandem.directory.seeding import OVERDUE, seed_directory, seed_tools

pytestmark = pytest.mark.django_db
# Ofcom's drama ranges: numbers that will never reach a real person.
DRAMA = ("+441134960", "+442079460")


def test_the_demo_directory_is_fictional_and_covers_every_need(personas):
    count = seed_directory(
        admin=personas.admin, teams=[personas.team_a, personas.team_b], today=timezone.localdate()
    )
    assert count == Entry.objects.count() == 12
    assert {e.need for e in Entry.objects.all()} == set(Need.values)
    assert all(e.phone.startswith(DRAMA) for e in Entry.objects.all())
    assert all(e.web.endswith(".example.org") for e in Entry.objects.all())
    assert [e.name for e in selectors.needs_checking(personas.admin)] == [OVERDUE]
    assert selectors.public_entries().count() == 11


def test_the_demo_tools_show_each_state(personas):
    assert seed_tools(admin=personas.admin, today=timezone.localdate()) == 3
    assert [t.name for t in selectors.recommendable_tools(personas.clinician)] == [
        "Tidewater Mood Diary"
    ]
