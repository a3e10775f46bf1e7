"""'Forgotten your password?': the same answer for everyone, a single-use link
that lasts 30 minutes, limits per address and per account, and every session
signed out once the password is changed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
from tandem.notify.models import Message
from tandem.notify.tests.helpers import set_contact
from tandem.signin import services
from tandem.signin.models import ResetRequest, SignedInSession
from tests.factories import PASSWORD
from tests.pages import same_page_text
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long new passphrase 42"


def link_in(text: str) -> str:
    found = re.search(r"https?://\S+/account/reset-password/([0-9a-f]{64})/", text)
    assert found, text
    return found.group(0)


def token_in(text: str) -> str:
    return link_in(text).rstrip("/").rsplit("/", 1)[1]


def staff_link(personas: Personas, django_capture_on_commit_callbacks) -> str:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reset_link(address=personas.clinician.email.upper())
    assert mail.outbox[-1].to == [personas.clinician.email]
    return token_in(mail.outbox[-1].body)


# --- The request page ----------------------------------------------------------


def test_the_answer_is_the_same_whether_or_not_an_account_exists(personas: Personas) -> None:
    client = Client()
    url = reverse("account:forgotten-password")
    known = client.post(url, {"address": personas.clinician.email}, follow=True)
    unknown = client.post(url, {"address": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("account:reset-sent"), 302)]
    assert same_page_text(known) == same_page_text(unknown)
    # Nothing was looked up or sent yet: both only queued the same task.
    tasks = DBTaskResult.objects.filter(task_path="tandem.signin.tasks.send_reset_link")
    assert tasks.count() == 2
    assert not ResetRequest.objects.exists()
    assert mail.outbox == []


def test_bad_input_is_told_and_nothing_is_queued(personas: Personas) -> None:
    response = Client().post(reverse("account:forgotten-password"), {"address": "not an address"})
    assert response.status_code == 200
    assert "Enter an email address, or a UK mobile number" in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_the_sign_in_page_links_to_it(personas: Personas) -> None:
    page = Client().get(reverse("signin:sign-in")).content.decode()
    assert reverse("account:forgotten-password") in page
    assert "Forgotten your password?" in page


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Sam@Example.org ", ("email", "sam@example.org")),
        ("07700 900 123", ("sms", "+447700900123")),
        ("+44 7700 900123", ("sms", "+447700900123")),
    ],
)
def test_addresses_are_read_as_they_are_stored(typed: str, expected: tuple[str, str]) -> None:
    assert services.normalise_address(typed) == expected


@pytest.mark.parametrize("typed", ["", "sam@", "0207 946 0123", "x" * 300])
def test_unusable_addresses_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        services.normalise_address(typed)


# --- The background task -------------------------------------------------------


def test_staff_get_a_link_by_email(personas: Personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    token = staff_link(personas, django_capture_on_commit_callbacks)
    reset = ResetRequest.objects.get(user=personas.clinician)
    assert reset.token_digest and token not in reset.token_digest  # only the hash is kept
    assert reset.expires_at is not None
    assert reset.expires_at - reset.created_at == dt.timedelta(minutes=30)


def test_service_users_get_their_link_through_the_outbox(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician, channels=("sms", "email"), preferred="email")
    personas.su.phone = "+447700900123"
    personas.su.save()
    assert services.send_reset_link(address="07700 900123")
    message = Message.objects.get(template="password_reset")
    assert message.channel == "sms"  # asked by phone, so sent to the phone
    assert message.service_user == personas.su
    assert services.reset_for(token_in(message.personalisation["link"])) is not None


def test_no_account_sends_nothing(personas: Personas) -> None:
    assert not services.send_reset_link(address="nobody@example.org")
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_extra_requests_in_an_hour_silently_do_nothing(
    personas: Personas,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sent = [services.send_reset_link(address=personas.clinician.email) for _ in range(5)]
    assert sent == [True, True, True, False, False]
    assert len(mail.outbox) == 3


# The worker closes the database connection when it is done: a test that runs
# it cannot sit inside a transaction that is rolled back.
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_queued_request(personas: Personas) -> None:
    Client().post(reverse("account:forgotten-password"), {"address": personas.manager.email})
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    task = DBTaskResult.objects.get(task_path="tandem.signin.tasks.send_reset_link")
    assert task.return_value is None  # the stored result says nothing about the account
    assert ResetRequest.objects.filter(user=personas.manager).exclude(token_digest="").exists()


# --- Setting the new password --------------------------------------------------


def test_a_new_password_signs_out_every_session_and_kills_other_links(
    personas: Personas,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    phone = sign_in(Client(), personas.clinician)
    laptop = sign_in(Client(), personas.clinician)
    older = staff_link(personas, django_capture_on_commit_callbacks)
    token = staff_link(personas, django_capture_on_commit_callbacks)
    url = reverse("account:reset-password", kwargs={"token": token})
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, follow=True
        )
    assert response.redirect_chain[-1][0].startswith(reverse("signin:sign-in"))
    assert "Sign in with your new password" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated  # not signed in automatically
    personas.clinician.refresh_from_db()
    assert personas.clinician.check_password(NEW_PASSWORD)
    assert not SignedInSession.objects.filter(user=personas.clinician).exists()
    for client in (phone, laptop):
        assert not Session.objects.filter(session_key=client.session.session_key).exists()
    # The link is single use, and the older one died with it.
    for used in (token, older):
        page = Client().get(reverse("account:reset-password", kwargs={"token": used}))
        assert "This link has expired" in page.content.decode()
    assert mail.outbox[-1].subject == "Your password has been changed"
    assert AuditEvent.objects.filter(what__startswith="Password reset with a link").exists()


def test_the_project_password_rules_apply(
    personas: Personas,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    token = staff_link(personas, django_capture_on_commit_callbacks)
    url = reverse("account:reset-password", kwargs={"token": token})
    short = Client().post(url, {"password": "short", "password_again": "short"})
    assert short.status_code == 200
    assert "at least 12 characters" in short.content.decode()
    different = Client().post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"})
    assert "The passwords do not match" in different.content.decode()
    personas.clinician.refresh_from_db()
    assert personas.clinician.check_password(PASSWORD)  # nothing saved half-way
    assert services.reset_for(token) is not None


def test_a_link_lasts_thirty_minutes(
    personas: Personas,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    token = staff_link(personas, django_capture_on_commit_callbacks)
    ResetRequest.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.reset_for(token) is None
    response = Client().post(
        reverse("account:reset-password", kwargs={"token": token}),
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert "This link has expired" in response.content.decode()
    personas.clinician.refresh_from_db()
    assert personas.clinician.check_password(PASSWORD)


def test_a_made_up_token_gets_the_expired_page() -> None:
    response = Client().get(reverse("account:reset-password", kwargs={"token": "0" * 64}))
    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()
