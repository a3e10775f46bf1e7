"""People with contact preferences that allow messages, and values for every
placeholder a message may take, for the notify tests."""

from __future__ import annotations

from tandem.people.models import ServiceUser, User
from tandem.preferences.models import AccessNeeds, ContactPreferences

# One value for every placeholder, as a caller writes them, in any language
# (day and month names are Django's).
VALUES = {
    "date": "Tuesday 1 December",
    "time": "10:30am",
    "how_to_join": "Join at example.org/v/1",
    "link": "https://tandem.example.org/x/1",
    "how_to_come_back": "Call us to come back.",
    "person_name": "Sam Taylor",
    "reference": "PQRS-TUVW",
    "service_name": "Riverside",
}


def set_contact(
    person: ServiceUser,
    by: User,
    *,
    channels: tuple[str, ...] = ("sms", "email"),
    preferred: str = "sms",
    discreet: bool = False,
) -> ContactPreferences:
    ContactPreferences.objects.filter(service_user=person, is_current=True).update(is_current=False)
    return ContactPreferences.objects.create(
        service_user=person,
        recorded_by=by,
        by_email="email" in channels,
        by_sms="sms" in channels,
        by_phone="phone" in channels,
        by_letter="letter" in channels,
        preferred_channel=preferred,
        discreet_sender=discreet,
    )


def set_large_print(person: ServiceUser, by: User) -> AccessNeeds:
    return AccessNeeds.objects.create(service_user=person, recorded_by=by, large_print=True)
