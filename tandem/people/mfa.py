"""Staff two-step verification with TOTP devices from django-otp."""

from __future__ import annotations

import base64

from django import forms
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.models import User

DEVICE_NAME = "Authenticator app"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device a member of staff is setting up (made once, then reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def check_code(*, device: TOTPDevice, code: str, form: forms.Form) -> bool:
    """Check a code, telling the person to wait if wrong codes have throttled the device.

    django-otp doubles the wait after each wrong code, which stops guessing.
    """
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = details.get("locked_until") if details else None
        seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 1
        form.add_error("code", f"Too many wrong codes. Wait {seconds} seconds and try again")
        return False
    if device.verify_token(code.strip()):
        return True
    form.add_error("code", "The security code is not right. Check your app and try again")
    return False


@transaction.atomic
def confirm(*, user: User, device: TOTPDevice) -> None:
    """Mark a device whose code has just been checked as the person's own."""
    if device.user_id != user.pk:
        raise PermissionError("That device belongs to someone else.")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=user, action=Action.MFA_ENROL, obj=device, what="Set up an authenticator app")


def install_known_secret(*, user: User, base32_secret: str) -> TOTPDevice:
    """Give a (demo) account a confirmed device with a secret chosen in advance."""
    padded = base32_secret.replace(" ", "").upper()
    padded += "=" * (-len(padded) % 8)
    key_hex = base64.b32decode(padded).hex()
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key_hex, confirmed=True)
