"""Notes when each signed-in session was last used, at most every few minutes,
so a busy page does not write to the database on every request; and reads the
verified device of each signed-in request."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.people import fixed_reads
from tandem.signin import services

SEEN_KEY = "_tandem_seen"


class LastSeenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view: a view that signed the person out has already removed it.
        user = getattr(request, "user", None)
        key = request.session.session_key if hasattr(request, "session") else None
        if user is not None and user.is_authenticated and key:
            # The time of the last write rides in the session, which is read
            # anyway, so most requests cost no extra query.
            now = int(time.time())
            if now - int(request.session.get(SEEN_KEY, 0)) >= services.SEEN_EVERY:
                request.session[SEEN_KEY] = now
                services.seen(session_key=key)
        return response


class DeviceMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), reading an
    authenticator app's device row with SQL built once per process rather than
    the ORM building it on every signed-in request (issue 18, ADR 0085).
    django-otp still checks that the device is this person's and confirmed."""

    def _device_from_persistent_id(self, persistent_id: str) -> Device | None:
        label, _, number = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label != TOTPDevice.model_label() or not number.isdigit():
            return super()._device_from_persistent_id(persistent_id)
        found = fixed_reads.rows(_device_sql(fixed_reads.vendor()), [int(number)])
        return fixed_reads.instance(TOTPDevice, found[0]) if found else None


@functools.cache
def _device_sql(vendor: str) -> str:
    del vendor  # the key only
    q = fixed_reads.quoted
    # The model's own names, quoted: nothing a person typed.
    return (
        f"SELECT {fixed_reads.select_list(TOTPDevice, 'device')}"  # noqa: S608
        f" FROM {q(TOTPDevice._meta.db_table)} device"
        f" WHERE device.{q(TOTPDevice._meta.pk.column)} = %s"
    )
