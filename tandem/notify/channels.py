"""Handing one rendered message to whoever delivers it: GOV.UK Notify (through
``notifications-python-client``) or Django's email backend.

Each call ends one of three ways: the provider took the message (its id is
returned), ``TemporaryFailure`` (try again later: Notify or the mail server is
down, rate-limited or not configured yet), or ``PermanentFailure`` (it will
never work: an invalid number or a refused address).
"""

from __future__ import annotations

import hashlib
import smtplib
import threading
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from tandem.notify.models import MessageChannel, Provider


class TemporaryFailure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RateLimited(TemporaryFailure):
    """Notify answered 429: the service is over its rate limit (3,000 a minute)
    or its daily limit. Nothing was created, so sending again later is safe, and
    it says nothing about the message itself: no attempt is used up."""


class PermanentFailure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outgoing:
    channel: str
    to: str
    subject: str
    body: str
    reference: str
    address: list[str] = field(default_factory=list)
    calendar: bytes | None = None


@dataclass(frozen=True)
class Accepted:
    provider: str
    provider_id: str


# The client keeps a requests.Session and is not thread-safe, so one per thread.
_local = threading.local()


def notify_client() -> NotificationsAPIClient:
    key, base = settings.TANDEM_NOTIFY_API_KEY, settings.TANDEM_NOTIFY_BASE_URL
    if not key:
        raise TemporaryFailure("GOV.UK Notify is not configured (TANDEM_NOTIFY_API_KEY)")
    cached = getattr(_local, "client", None)
    if cached is None or _local.config != (key, base):
        cached = NotificationsAPIClient(key, base_url=base, timeout=20)
        _local.client, _local.config = cached, (key, base)
    return cached


def _api_failure(error: APIError, doing: str) -> Exception:
    status = error.status_code
    reason = f"{doing}: GOV.UK Notify answered {status} {error.message}"[:300]
    # 400 means Notify will never accept this message (bad number, bad address).
    # Anything else (auth, rate limit, server error, no connection) may pass later.
    if status == 400:
        return PermanentFailure(reason)
    if status == 429:
        return RateLimited(reason)
    return TemporaryFailure(reason)


def uses_notify(channel: str) -> bool:
    if channel == MessageChannel.EMAIL:
        return settings.TANDEM_NOTIFY_EMAIL_VIA == "notify"
    return True


def send(outgoing: Outgoing) -> Accepted:
    if not uses_notify(outgoing.channel):
        return _send_email(outgoing)
    client = notify_client()
    template_id = settings.TANDEM_NOTIFY_TEMPLATE_IDS[outgoing.channel]
    personalisation: dict[str, Any] = {"subject": outgoing.subject, "body": outgoing.body}
    try:
        if outgoing.channel == MessageChannel.SMS:
            response = client.send_sms_notification(
                phone_number=outgoing.to,
                template_id=template_id,
                personalisation={"body": outgoing.body},
                reference=outgoing.reference,
            )
        elif outgoing.channel == MessageChannel.EMAIL:
            response = client.send_email_notification(
                email_address=outgoing.to,
                template_id=template_id,
                personalisation=personalisation,
                reference=outgoing.reference,
            )
        else:
            for number, line in enumerate(outgoing.address[:7], start=1):
                personalisation[f"address_line_{number}"] = line
            response = client.send_letter_notification(
                template_id=template_id,
                personalisation=personalisation,
                reference=outgoing.reference,
            )
    except APIError as error:
        raise _api_failure(error, "Sending") from error
    return Accepted(provider=Provider.NOTIFY, provider_id=str(response["id"]))


def find_by_reference(reference: str) -> str | None:
    """Notify's id for a message it already has with this reference, or None."""
    try:
        found = notify_client().get_all_notifications(reference=reference)
    except APIError as error:
        raise _api_failure(error, "Looking up") from error
    for item in found.get("notifications") or []:
        if item.get("reference") == reference:
            return str(item["id"])
    return None


def delivery_status(provider_id: str) -> str:
    """Notify's status for one notification, for example ``delivered``."""
    try:
        return str(notify_client().get_notification_by_id(provider_id)["status"])
    except APIError as error:
        raise _api_failure(error, "Checking") from error


def message_id_for(reference: str) -> str:
    """A Message-ID that is the same every time this message is sent, so a
    resend after a crash can be recognised as the same email (ADR 0008)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "tandem.invalid"
    digest = hashlib.sha256(reference.encode()).hexdigest()[:40]
    return f"<{digest}@{domain}>"


def _send_email(outgoing: Outgoing) -> Accepted:
    message_id = message_id_for(outgoing.reference)
    email = EmailMessage(
        subject=outgoing.subject,
        body=outgoing.body,
        to=[outgoing.to],
        headers={"Message-ID": message_id, "X-Tandem-Reference": outgoing.reference},
    )
    if outgoing.calendar:
        email.attach("appointment.ics", outgoing.calendar, "text/calendar")
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentFailure(f"The email server refused the address: {error}"[:300]) from error
    except smtplib.SMTPResponseException as error:
        reason = f"The email server answered {error.smtp_code}"
        if 500 <= error.smtp_code < 600:
            raise PermanentFailure(reason) from error
        raise TemporaryFailure(reason) from error
    except (smtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(f"Could not reach the email server: {error}"[:300]) from error
    return Accepted(provider=Provider.EMAIL, provider_id=message_id)
