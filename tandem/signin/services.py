"""Every write about sessions and password resets. Keyword-only, typed,
atomic and audited.

Ending a session deletes Django's own session row, so the browser holding it is
signed out on its next request, whatever device it is on (HAZ-175).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import NOT_FOUND, InvalidInput
from tandem.notify import recipients
from tandem.notify.services import queue_message
from tandem.notify.templates import render
from tandem.people.models import Carer, ServiceUser, User
from tandem.signin import devices, nhs_login, scheduling, selectors
from tandem.signin.models import ResetRequest, SignedInSession
from tandem.web.tokens import digest, new_token

logger = logging.getLogger(__name__)

# How often a session's 'last used' time is written (seconds).
SEEN_EVERY = 5 * 60
LINK_LIFETIME = dt.timedelta(minutes=30)
# Requests allowed in an hour, per address typed and per account; more do nothing.
REQUESTS_PER_HOUR = 3

# --- Where you are signed in ------------------------------------------------------


@transaction.atomic
def session_started(*, user: User, session_key: str, user_agent: str) -> SignedInSession:
    now = timezone.now()
    session, _ = SignedInSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "started_at": now,
            "last_seen_at": now,
            "device": devices.describe(user_agent),
        },
    )
    return session


def session_ended(*, session_key: str) -> None:
    """Signing out already audits (tandem.people); this only drops the record."""
    SignedInSession.objects.filter(session_key=session_key).delete()


def seen(*, session_key: str) -> None:
    """Move 'last used' on (the middleware calls this every few minutes at most)."""
    SignedInSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())


def _end(sessions: list[SignedInSession]) -> None:
    keys = [s.session_key for s in sessions]
    Session.objects.filter(session_key__in=keys).delete()
    SignedInSession.objects.filter(session_key__in=keys).delete()


@transaction.atomic
def end_session(*, actor: User, session_id: int, current_key: str | None) -> None:
    """Sign ``actor`` out of one of their own sessions (not the one in use)."""
    session = SignedInSession.objects.filter(pk=session_id, user=actor).first()
    if session is None or session.session_key == current_key:
        raise PermissionDenied(NOT_FOUND)
    _end([session])
    record(
        actor=actor,
        action=Action.SIGN_OUT,
        object_type="signin.SignedInSession",
        what=f"Signed out of {session.device} from another device",
    )


@transaction.atomic
def end_other_sessions(*, actor: User, current_key: str | None) -> int:
    """Sign ``actor`` out everywhere but here. Returns how many were ended."""
    others = list(SignedInSession.objects.filter(user=actor).exclude(session_key=current_key))
    _end(others)
    record(
        actor=actor,
        action=Action.SIGN_OUT,
        object_type="signin.SignedInSession",
        what=f"Signed out of every other device ({len(others)})",
    )
    return len(others)


# --- Forgotten your password? -----------------------------------------------------

_PHONE_CHARS = re.compile(r"[\s()-]")


def normalise_address(address: str) -> tuple[str, str]:
    """('email' or 'sms', the address as stored), or InvalidInput.

    Mobile numbers are kept in E.164 on records, so '07700 900123' is looked
    up as '+447700900123'."""
    typed = address.strip()
    if not typed:
        raise InvalidInput(gettext("Enter your email address or mobile number"), field="address")
    if len(typed) > 254:
        raise InvalidInput(
            gettext("Enter %(limit_value)s characters or fewer") % {"limit_value": 254},
            field="address",
        )
    if "@" in typed:
        local, _, domain = typed.rpartition("@")
        if not local or "." not in domain or " " in typed:
            raise InvalidInput(
                gettext("Enter an email address in the correct format, like name@example.com"),
                field="address",
            )
        return "email", typed.lower()
    number = _PHONE_CHARS.sub("", typed)
    if number.startswith("07"):
        number = "+44" + number[1:]
    elif number.startswith("447"):
        number = "+" + number
    if not re.fullmatch(r"\+447\d{9}", number):
        raise InvalidInput(
            gettext("Enter an email address, or a UK mobile number like %(example)s")
            % {"example": "07700 900 982"},
            field="address",
        )
    return "sms", number


def _address_digest(address: str) -> str:
    return hashlib.sha256(address.encode("utf-8")).hexdigest()


def ask_for_reset(*, address: str) -> None:
    """Queue the look-up and send. The page's answer, and how long it takes,
    must not depend on whether an account exists (HAZ-174), so nothing is
    looked up here: the background task does that."""
    normalise_address(address)  # bad input is told now; it says nothing about accounts
    with transaction.atomic():
        scheduling.queue_reset_link(address)
        record(
            actor=None,
            action=Action.CREATE,
            object_type="signin.ResetRequest",
            what="A password reset link was asked for",
        )


def _account_for(channel: str, address: str) -> User | None:
    if channel == "email":
        return User.objects.filter(email__iexact=address, is_active=True).first()
    # A number shared by more than one account (a household phone) sends nothing.
    holders = [
        *ServiceUser.objects.filter(phone=address, user__is_active=True).values_list(
            "user", flat=True
        ),
        *Carer.objects.filter(phone=address, user__is_active=True).values_list("user", flat=True),
    ]
    holders = [pk for pk in holders if pk is not None]
    if len(set(holders)) != 1:
        return None
    return User.objects.get(pk=holders[0])


def _person(user: User) -> ServiceUser | Carer | None:
    """The record messages go through: service users and carers get them
    through the notify outbox; staff do not have one."""
    su = ServiceUser.objects.filter(user=user).first()
    if su is not None:
        return su
    return Carer.objects.filter(user=user).first()


def _tell(*, user: User, channel: str, template: str, key: str, link: str = "") -> bool:
    """Send ``template`` to the account's owner. Returns False if it could not go."""
    person = _person(user)
    if person is None:
        # Staff have no outbox record: the same words go by plain email, after
        # the transaction commits, so a rolled-back change sends nothing.
        values = {"service_name": settings.TANDEM_SERVICE_NAME} | ({"link": link} if link else {})
        words = render(template, "email", values)
        transaction.on_commit(lambda: send_mail(words.subject, words.body, None, [user.email]))
        return True
    # Never by letter: it would arrive long after the link had expired.
    found, _why = recipients.routes(person, first=channel, exclude=frozenset({"letter"}))
    if not found:
        return False
    queue_message(
        actor=None,
        recipient=person,
        template=template,
        personalisation={"link": link} if link else {},
        about_key=key,
        idempotency_key=key,
        channel=found[0].channel,
    )
    return True


@transaction.atomic
def send_reset_link(*, address: str) -> bool:
    """The background half of 'Forgotten your password?': find the account,
    check the limits, and send a single-use link. Returns True if one was sent.
    Too many requests, or no account, silently send nothing."""
    try:
        channel, address = normalise_address(address)
    except InvalidInput:
        return False
    now = timezone.now()
    hour_ago = now - dt.timedelta(hours=1)
    address_digest = _address_digest(address)
    by_address = ResetRequest.objects.filter(
        address_digest=address_digest, created_at__gte=hour_ago
    ).count()
    user = _account_for(channel, address)
    request = ResetRequest(address_digest=address_digest, user=user, created_at=now)
    if by_address >= REQUESTS_PER_HOUR or user is None:
        request.save()
        return False
    sent_lately = ResetRequest.objects.filter(
        user=user, created_at__gte=hour_ago, token_digest__gt=""
    ).count()
    if sent_lately >= REQUESTS_PER_HOUR:
        request.save()
        return False
    token = new_token()
    request.token_digest = digest(token)
    request.expires_at = now + LINK_LIFETIME
    request.save()
    link = settings.TANDEM_BASE_URL.rstrip("/") + reverse(
        "account:reset-password", kwargs={"token": token}
    )
    sent = _tell(
        user=user, channel=channel, template="password_reset", key=f"reset-{request.pk}", link=link
    )
    record(
        actor=None,
        action=Action.CREATE,
        obj=request,
        what=(
            "Sent a password reset link to the account's owner"
            if sent
            else "Could not send a password reset link: no way to reach them"
        ),
    )
    return sent


def reset_for(token: str) -> ResetRequest | None:
    """The live reset a link stands for, or None (used, expired or never made)."""
    wanted = digest(token)
    found = (
        ResetRequest.objects.filter(
            token_digest=wanted, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("user")
        .first()
    )
    # The look-up is by digest; compare again in constant time, as the rule says.
    if found is None or not hmac.compare_digest(found.token_digest, wanted):
        return None
    return found


@transaction.atomic
def set_new_password(*, token: str, password: str, password_again: str) -> User:
    """Set the password a reset link was for; the link and every other reset
    link for the account stop working, and every session is signed out. The
    person is not signed in: they sign in again (staff with their authenticator)."""
    found = reset_for(token)
    # Locked and read again: of two forms sent at once with one link, the
    # second waits here and then finds the link used.
    reset = (
        ResetRequest.objects.select_for_update().filter(pk=found.pk, used_at__isnull=True).first()
        if found is not None
        else None
    )
    if reset is None or reset.user is None:
        raise InvalidInput(gettext("This link has expired or has already been used"))
    user = reset.user
    if password != password_again:
        raise InvalidInput(gettext("The passwords do not match"), field="password_again")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    now = timezone.now()
    ResetRequest.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    ended = list(SignedInSession.objects.filter(user=user))
    _end(ended)
    record(
        actor=user,
        action=Action.UPDATE,
        obj=user,
        what=f"Password reset with a link; signed out of {len(ended)} session(s)",
    )
    _tell(
        user=user,
        channel="email",
        template="password_changed",
        key=f"reset-done-{reset.pk}",
    )
    return user


# --- NHS login ----------------------------------------------------------------------


class NhsLoginRefusal(StrEnum):
    """Why NHS login signed nobody in: written to the audit trail. The person
    is shown one page for all of them, which names none (ADR 0031)."""

    PROVIDER = "NHS login did not confirm who they are"
    NOT_CHECKED = "identity not checked to P9"
    NO_CLAIMS = "no NHS number or date of birth from NHS login"
    NO_MATCH = "no record has that NHS number"
    BIRTHDATE = "the record's date of birth differs"
    MANY = "more than one record matches"
    NO_ACCOUNT = "the record has no account yet"
    CLOSED = "the account is closed"
    STAFF = "the account is a staff account"


@transaction.atomic
def sign_in_with_nhs_login(
    *, claims: nhs_login.Claims | None, failure: str = ""
) -> User | NhsLoginRefusal:
    """The account NHS login's verified claims belong to, or why there is none.

    People are matched by NHS number and date of birth together, never by name.
    Staff accounts never sign in this way: they need their authenticator. Every
    attempt is audited, with the reason when nobody is signed in."""
    refusal, person = _nhs_login_match(claims) if claims else (NhsLoginRefusal.PROVIDER, None)
    if refusal is None and person is not None and person.user is not None:
        record(
            actor=person.user,
            action=Action.SIGN_IN,
            object_type="people.User",
            subject_id=person.pk,
            what="Signed in with NHS login",
        )
        return person.user
    reason = refusal or NhsLoginRefusal.NO_ACCOUNT
    record(
        actor=None,
        action=Action.SIGN_IN_FAILED,
        object_type="people.ServiceUser",
        subject_id=person.pk if person is not None else None,
        what=f"NHS login refused: {reason.value}" + (f" ({failure[:120]})" if failure else ""),
    )
    return reason


def _nhs_login_match(
    claims: nhs_login.Claims,
) -> tuple[NhsLoginRefusal | None, ServiceUser | None]:
    if claims.proofing_level != nhs_login.CHECKED_LEVEL:
        return NhsLoginRefusal.NOT_CHECKED, None
    if not claims.nhs_number or claims.birthdate is None:
        return NhsLoginRefusal.NO_CLAIMS, None
    people = selectors.people_with_nhs_number(claims.nhs_number)
    if not people:
        return NhsLoginRefusal.NO_MATCH, None
    return nhs_login_refusal_for(people, birthdate=claims.birthdate)


def nhs_login_refusal_for(
    people: list[ServiceUser], *, birthdate: dt.date
) -> tuple[NhsLoginRefusal | None, ServiceUser | None]:
    """Of the records with the claimed NHS number, the one to sign in, or why not."""
    if len(people) > 1:
        # The NHS number is unique on records today; if that ever stops being
        # so (records merged by mistake, HAZ-180), guessing would be unsafe.
        return NhsLoginRefusal.MANY, None
    person = people[0]
    if person.date_of_birth != birthdate:
        return NhsLoginRefusal.BIRTHDATE, person
    user = person.user
    if user is None:
        return NhsLoginRefusal.NO_ACCOUNT, person
    if not user.is_active:
        return NhsLoginRefusal.CLOSED, person
    if user.is_staff_member:
        return NhsLoginRefusal.STAFF, person
    return None, person
