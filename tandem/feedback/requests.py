"""Asking for feedback: after a held contact and at discharge, once per contact,
never more than once a week per person, by the person's agreed email or text,
or a paper form in the letters batch for everyone else (``paper``).

Appointments sits below this app and never imports it, so the asking is
started by Django's ``post_save`` for an appointment whose outcome has just
been recorded as held, and for a caseload entry just closed (connected in
``FeedbackConfig.ready``). It runs in the same transaction as the outcome or
the discharge, so a request exists only if they commit. The link is a random
token of which only the SHA-256 is kept (``tandem.web.tokens``), as for
appointment links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.feedback import paper
from tandem.feedback.models import FeedbackRequest, Occasion
from tandem.notify import recipients
from tandem.notify import services as notify
from tandem.notify.models import MessageChannel
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser
from tandem.web import tokens
from tandem.web.links import full_url

LIFETIME = dt.timedelta(days=28)
AT_MOST_EVERY = dt.timedelta(days=7)
TEMPLATE = "feedback_request"


@dataclass(frozen=True)
class Asked:
    request: FeedbackRequest
    # The link's path; the token in it is not kept anywhere.
    path: str


def _asked_this_week(service_user: ServiceUser, now: dt.datetime) -> bool:
    return FeedbackRequest.objects.filter(
        service_user=service_user, created_at__gt=now - AT_MOST_EVERY
    ).exists()


@transaction.atomic
def ask(
    *,
    service_user: ServiceUser,
    team: CareTeam,
    occasion: str,
    about_key: str,
    modality: str = "",
    appointment: Appointment | None = None,
) -> Asked | None:
    """Ask ``service_user`` for feedback, unless they were asked about this contact
    already or anyone asked them in the last week (HAZ-237): by their agreed
    email or text, or a paper form in the letters batch when they have neither or
    cannot open a link (``paper.needs_paper``). None when not asked."""
    now = timezone.now()
    if FeedbackRequest.objects.filter(about_key=about_key).exists():
        return None
    if _asked_this_week(service_user, now):
        return None
    channels, _ = recipients.agreed_channels(service_user)
    post_it = paper.needs_paper(service_user, channels=channels)
    address = recipients.address_for(service_user, MessageChannel.LETTER) if post_it else ""
    if post_it and not address:
        # No postcode to post the form to: the one gap left (HAZ-239).
        return None
    token = tokens.new_token()
    request = FeedbackRequest.objects.create(
        service_user=service_user,
        team=team,
        appointment=appointment,
        occasion=occasion,
        modality=modality,
        about_key=about_key,
        token_hash=tokens.digest(token),
        paper_reference=paper.new_reference(),
        created_at=now,
        expires_at=now + LIFETIME,
    )
    how = " by a paper form in the letters batch" if post_it else ""
    record(
        actor=None,
        action=Action.CREATE,
        obj=request,
        what="Asked for feedback "
        + ("after a contact" if occasion == Occasion.CONTACT else "at discharge")
        + how,
    )
    path = reverse("feedback:give", kwargs={"token": token})
    assert request.paper_reference is not None
    notify.queue_message(
        actor=None,
        recipient=service_user,
        template=TEMPLATE,
        # The reference is printed only on a letter, for the form posted back.
        personalisation={"link": full_url(path), "reference": paper.shown(request.paper_reference)},
        about_key=f"feedback:{request.pk}",
        idempotency_key=f"feedback:{request.pk}",
        team=team,
        # People without email or texts, or who cannot open a link, get the
        # paper form even if they never agreed to letters: being left out hides
        # the worst experiences (HAZ-239). The letter says nothing clinical.
        to=recipients.Route(channel=MessageChannel.LETTER, to=address) if post_it else None,
    )
    return Asked(request=request, path=path)


def after_appointment_saved(
    sender: type[Appointment], instance: Appointment, update_fields: Any = None, **kwargs: Any
) -> None:
    """``post_save`` for appointments: ask once an outcome of 'held' is recorded.

    Only a save that names ``attendance`` counts (``record_outcome`` does); the
    demo and tests that make history directly do not ask anyone anything.
    """
    if not update_fields or "attendance" not in update_fields or not instance.was_held:
        return
    ask(
        service_user=instance.service_user,
        team=instance.team,
        occasion=Occasion.CONTACT,
        about_key=instance.about_key,
        modality=instance.switched_to or instance.modality,
        appointment=instance,
    )


def after_caseload_entry_saved(
    sender: type[CaseloadEntry], instance: CaseloadEntry, update_fields: Any = None, **kwargs: Any
) -> None:
    """``post_save`` for caseload entries: ask at discharge (``closed_on`` set)."""
    if not update_fields or "closed_on" not in update_fields or instance.closed_on is None:
        return
    ask(
        service_user=instance.service_user,
        team=instance.team,
        occasion=Occasion.DISCHARGE,
        about_key=f"discharge:{instance.pk}",
    )
