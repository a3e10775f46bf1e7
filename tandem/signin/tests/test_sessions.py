"""'Where you are signed in': a record per session, listed, and ended from elsewhere."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tandem.audit.models import Action, AuditEvent
from tandem.people.models import User
from tandem.signin import devices, services
from tandem.signin.models import SignedInSession
from tests.factories import PASSWORD
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def signed_in_with(user_agent: str, user: User) -> Client:
    """A client that signed in through the page, as a browser does, so its
    User-Agent reaches the sign-in signal (force_login sends none)."""
    client = Client(headers={"user-agent": user_agent})
    response = client.post(reverse("signin:sign-in"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_devices_are_described_in_plain_words() -> None:
    assert devices.describe(ANDROID_CHROME) == "Chrome on Android"
    assert devices.describe(IPHONE) == "Safari on iOS"
    assert devices.describe("") == "Unknown device"


def test_signing_in_records_the_session_and_signing_out_removes_it(personas: Personas) -> None:
    client = signed_in_with(ANDROID_CHROME, personas.service_user)
    session = SignedInSession.objects.get(user=personas.service_user)
    assert session.session_key == client.session.session_key
    assert session.device == "Chrome on Android"
    client.post(reverse("signin:sign-out"))
    assert not SignedInSession.objects.filter(user=personas.service_user).exists()


def test_the_page_lists_sessions_and_marks_this_device(personas: Personas) -> None:
    phone = signed_in_with(IPHONE, personas.carer)
    laptop = signed_in_with(ANDROID_CHROME, personas.carer)
    page = laptop.get(reverse("account:sessions")).content.decode()
    assert "Safari on iOS" in page and "Chrome on Android" in page
    assert page.count("This device") == 1
    assert page.count("Sign out on this device") == 1
    assert phone.get(reverse("account:sessions")).status_code == 200


def test_signing_out_another_device_ends_its_session(personas: Personas) -> None:
    phone = signed_in_with(IPHONE, personas.service_user)
    laptop = sign_in(Client(), personas.service_user)
    other = SignedInSession.objects.get(session_key=phone.session.session_key)
    response = laptop.post(reverse("account:end-session", kwargs={"pk": other.pk}))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=other.session_key).exists()
    # The phone is signed out on its next request.
    assert phone.get(reverse("account:sessions")).status_code == 302
    assert laptop.get(reverse("account:sessions")).status_code == 200
    assert AuditEvent.objects.filter(
        action=Action.SIGN_OUT, what__contains="from another device"
    ).exists()


def test_sign_out_every_other_device_keeps_this_one(personas: Personas) -> None:
    first = sign_in(Client(), personas.clinician)
    second = sign_in(Client(), personas.clinician)
    here = sign_in(Client(), personas.clinician)
    here.post(reverse("account:end-others"))
    assert list(SignedInSession.objects.filter(user=personas.clinician)) == [
        SignedInSession.objects.get(session_key=here.session.session_key)
    ]
    for gone in (first, second):
        assert gone.get(reverse("account:sessions")).status_code == 302
    assert here.get(reverse("account:sessions")).status_code == 200


def test_someone_elses_session_gets_the_same_404(personas: Personas) -> None:
    theirs = sign_in(Client(), personas.other_service_user)
    mine = sign_in(Client(), personas.service_user)
    other = SignedInSession.objects.get(session_key=theirs.session.session_key)
    response = mine.post(reverse("account:end-session", kwargs={"pk": other.pk}))
    assert response.status_code == 404
    missing = mine.post(reverse("account:end-session", kwargs={"pk": 999999}))
    assert missing.status_code == 404
    assert Session.objects.filter(session_key=other.session_key).exists()


def test_this_session_cannot_be_ended_as_another_device(personas: Personas) -> None:
    client = sign_in(Client(), personas.service_user)
    mine = SignedInSession.objects.get(session_key=client.session.session_key)
    with pytest.raises(PermissionDenied):
        services.end_session(
            actor=personas.service_user, session_id=mine.pk, current_key=mine.session_key
        )


def test_last_used_moves_on_at_most_every_few_minutes(personas: Personas) -> None:
    client = sign_in(Client(), personas.service_user)
    record = SignedInSession.objects.get(user=personas.service_user)
    long_ago = record.last_seen_at.replace(year=2020)
    SignedInSession.objects.filter(pk=record.pk).update(last_seen_at=long_ago)
    client.get(reverse("account:sessions"))
    record.refresh_from_db()
    moved = record.last_seen_at
    assert moved > long_ago
    SignedInSession.objects.filter(pk=record.pk).update(last_seen_at=long_ago)
    client.get(reverse("account:sessions"))
    record.refresh_from_db()
    assert record.last_seen_at == long_ago  # not written again so soon
