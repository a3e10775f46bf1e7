"""Times to avoid, as the person (or staff with them) records them: days of
the week and the hours contact is welcome, with the person's own words kept
as a note for staff (issue 16, item 4)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tandem.preferences.models import ContactPreferences
from tandem.preferences.times import ContactTimes

pytestmark = pytest.mark.django_db

CONTACT = {
    "channels": ["sms", "email"],
    "preferred_channel": "sms",
    "messages_may_be_left": "no",
    "avoid_days": ["4"],
    "not_before": "10:00",
    "times_to_avoid": "Not before 10am, not on Fridays",
}


def test_the_person_records_days_and_hours_and_sees_them_in_words(client_for, personas):
    client = client_for("service_user")
    response = client.post(reverse("preferences:change", args=["contact"]), CONTACT)
    assert response.status_code == 302
    saved = ContactPreferences.objects.get(service_user=personas.su, is_current=True)
    assert saved.avoid_days == [4]
    assert saved.not_before == dt.time(10)
    assert saved.not_after is None
    page = client.get(reverse("preferences:mine")).content.decode()
    assert "Not before 10:00. Not on Fridays" in page
    # Their own words stay, as a note.
    assert "Not before 10am, not on Fridays" in page
    form = client.get(reverse("preferences:change", args=["contact"])).content.decode()
    assert 'value="10:00" selected' in form


def test_staff_record_times_with_the_person(client_for, personas):
    client = client_for("clinician")
    url = reverse("preferences:person-change", args=[personas.su.pk, "contact"])
    data = {**CONTACT, "avoid_days": ["5", "6"], "not_before": "09:00", "not_after": "17:30"}
    assert client.post(url, data).status_code == 302
    saved = ContactPreferences.objects.get(service_user=personas.su, is_current=True)
    assert saved.recorded_by == personas.clinician
    assert saved.contact_times.describe() == (
        "Only between 09:00 and 17:30. Not on Saturdays or Sundays"
    )
    page = client.get(reverse("preferences:person", args=[personas.su.pk])).content.decode()
    assert "Only between 09:00 and 17:30" in page


def test_every_day_cannot_be_avoided(client_for, personas):
    response = client_for("service_user").post(
        reverse("preferences:change", args=["contact"]),
        {**CONTACT, "avoid_days": [str(d) for d in range(7)]},
    )
    assert "Leave at least one day we can contact you" in response.content.decode()
    assert not ContactPreferences.objects.exists()


def test_the_hours_must_leave_a_window(client_for, personas):
    response = client_for("service_user").post(
        reverse("preferences:change", args=["contact"]),
        {**CONTACT, "not_before": "18:00", "not_after": "09:00"},
    )
    assert "Choose a time after 18:00" in response.content.decode()
    assert not ContactPreferences.objects.exists()


def test_a_time_not_on_the_list_is_refused(client_for, personas):
    response = client_for("service_user").post(
        reverse("preferences:change", args=["contact"]), {**CONTACT, "not_before": "03:17"}
    )
    assert "Select a time from the list" in response.content.decode()


LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    # December 2026: the 7th is a Monday, the 11th a Friday.
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


def test_which_times_to_avoid_an_appointment_falls_in():
    sam = ContactTimes(frozenset({4}), dt.time(10), dt.time(20))
    assert sam.clash_reasons(at(7, 10), at(7, 10, 30), LONDON) == []
    assert sam.clash_reasons(at(11, 9, 30), at(11, 10), LONDON) == ["Fridays", "before 10:00"]
    # Ending after 20:00 counts; ending at 20:00 does not.
    assert sam.clash_reasons(at(7, 19, 30), at(7, 20), LONDON) == []
    assert sam.clash_reasons(at(7, 19, 45), at(7, 20, 15), LONDON) == ["after 20:00"]
    # Running past midnight into an avoided day.
    assert sam.clash_reasons(at(10, 23, 30), at(11, 0, 30), LONDON) == ["Fridays", "after 20:00"]
    assert not ContactTimes().clashes(at(11, 3), at(11, 4), LONDON)
