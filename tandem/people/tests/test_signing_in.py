"""Signing in: password rules, lockout, staff two-step verification, sessions."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.audit.models import Action, AuditEvent
from tandem.web.middleware import LAST_SEEN_KEY
from tests.factories import PASSWORD
from tests.personas import TEST_TOTP_SECRET, sign_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def code_for(secret: str, *, step_offset: int = 0) -> str:
    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time() + 30 * step_offset
    return f"{totp.token():06d}"


def post_password(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("signin:sign-in"), {"email": email, "password": password})


@pytest.mark.parametrize(
    ("password", "problem"),
    [("short-pass1", "too short"), ("qwerty123456", "too common")],
)
def test_password_rules_follow_asvs_level_2(password, problem):
    with pytest.raises(ValidationError, match=problem):
        validate_password(password)


def test_long_passphrase_without_symbols_is_fine():
    validate_password("walking by the river at dawn")


def test_service_user_signs_in_with_email_and_password(personas):
    client = Client()
    response = post_password(client, "Service.User@Example.org")
    assert response.status_code == 302 and response["Location"] == "/"
    assert AuditEvent.objects.filter(actor=personas.service_user, action=Action.SIGN_IN).exists()


def test_wrong_password_shows_one_message_for_any_mistake(personas):
    wrong_password = post_password(Client(), "service.user@example.org", "not the password")
    no_such_account = post_password(Client(), "nobody@example.org", "not the password")
    for response in (wrong_password, no_such_account):
        assert response.status_code == 200
        assert "Enter a correct email address and password" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).count() == 2


def test_account_locks_after_five_failures_even_with_right_password(personas):
    client = Client()
    for _ in range(5):
        post_password(client, "service.user@example.org", "wrong password here")
    locked = post_password(client, "SERVICE.USER@example.org")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    # Another account is not affected.
    assert post_password(Client(), "other.user@example.org").status_code == 302


def test_new_session_key_on_sign_in(personas):
    client = Client()
    session = client.session
    session["planted"] = "by an attacker"
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    post_password(client, "service.user@example.org")
    assert client.cookies["sessionid"].value != before


def test_staff_must_enter_a_security_code_before_anything_else(personas):
    client = Client()
    response = post_password(client, "clinician@example.org")
    assert response["Location"] == reverse("signin:verify")
    assert client.get(reverse("people:caseload"))["Location"] == reverse("signin:verify")
    not_the_code = "000000" if code_for(TEST_TOTP_SECRET) != "000000" else "111111"
    wrong = client.post(reverse("signin:verify"), {"code": not_the_code})
    assert "The security code is not right" in wrong.content.decode()
    # A wrong code makes the next attempt wait, so guessing is slow.
    too_soon = client.post(reverse("signin:verify"), {"code": code_for(TEST_TOTP_SECRET)})
    assert "Too many wrong codes. Wait" in too_soon.content.decode()
    TOTPDevice.objects.filter(user=personas.clinician).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )
    right = client.post(reverse("signin:verify"), {"code": code_for(TEST_TOTP_SECRET)})
    assert right.status_code == 302
    assert client.get(reverse("people:caseload")).status_code == 200


def test_staff_without_an_app_set_one_up_first(personas):
    TOTPDevice.objects.filter(user=personas.colleague).delete()
    client = Client()
    assert post_password(client, "colleague@example.org")["Location"] == reverse("signin:set-up")
    page = client.get(reverse("signin:set-up")).content.decode()
    assert "QR code for your authenticator app" in page
    device = TOTPDevice.objects.get(user=personas.colleague, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert client.post(reverse("signin:set-up"), {"code": code_for(secret)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("people:caseload")).status_code == 200
    assert AuditEvent.objects.filter(actor=personas.colleague, action=Action.MFA_ENROL).exists()


def test_service_users_are_not_asked_for_a_code(personas):
    client = Client()
    post_password(client, "service.user@example.org")
    assert client.get(reverse("people:service-user-home")).status_code == 200


def set_idle(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_staff_are_signed_out_after_30_idle_minutes(personas):
    client = sign_in(Client(), personas.clinician)
    set_idle(client, 29 * 60)
    assert client.get(reverse("people:caseload")).status_code == 200
    set_idle(client, 31 * 60)
    response = client.get(reverse("people:caseload"))
    assert response["Location"] == "/sign-in/?timed_out=1"
    assert client.get(reverse("people:caseload"))["Location"].startswith("/sign-in/?next=")


def test_service_users_have_an_hour(personas):
    client = sign_in(Client(), personas.service_user)
    set_idle(client, 31 * 60)
    assert client.get(reverse("people:service-user-home")).status_code == 200


def test_sign_out_ends_the_session(personas):
    client = sign_in(Client(), personas.service_user)
    response = client.post(reverse("signin:sign-out"))
    assert "You have signed out" in response.content.decode()
    assert client.get(reverse("people:service-user-home")).status_code == 302


def test_open_redirect_after_sign_in_is_refused(personas):
    response = Client().post(
        reverse("signin:sign-in") + "?next=https://evil.example.com/",
        {
            "email": "service.user@example.org",
            "password": PASSWORD,
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == "/"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TANDEM_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


PRODUCTION = {
    "TANDEM_SECRET_KEY": "k" * 20 + "synthetic-test-secret-" + "z9" * 20,
    "TANDEM_ALLOWED_HOSTS": "tandem.example.org",
    "DATABASE_URL": "sqlite:////tmp/tandem-deploy-check.sqlite3",
}


def test_production_settings_pass_deploy_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])",
        **PRODUCTION,
    )
    assert shown.stdout.splitlines()[-1].split() == [
        "False",
        "True",
        "True",
        "Argon2PasswordHasher",
    ]


def test_production_refuses_to_start_without_a_secret():
    result = run_manage("check", TANDEM_ALLOWED_HOSTS="tandem.example.org")
    assert result.returncode != 0
    assert "TANDEM_SECRET_KEY" in result.stderr
