"""Synthetic message threads for the demo: Sam's conversations with their
team (one answered, one waiting), a thread from Sam's carer Alex, and a few
unanswered messages from other people in Sam's team so the managers'
'Unanswered messages' view has something to show.

Written in bulk, bypassing the services, so seeding queues no notices and
raises no tasks. Inserting is all the database allows for messages anyway.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from tandem.messaging.models import AuthorKind, Message, Thread
from tandem.people.models import CarerLink, CareTeam, ServiceUser, StaffMember


def _at(today: dt.date, days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, minute))
    )


def _thread(
    *,
    team: CareTeam,
    person: ServiceUser,
    subject: str,
    messages: list[tuple[int, str, str, dt.datetime]],
    carer_id: int | None = None,
) -> int:
    """One thread with its messages, given as (author user id, kind, body, sent at)."""
    first, last = messages[0], messages[-1]
    awaiting = None
    for _, kind, _, sent in messages:
        if kind == AuthorKind.STAFF:
            awaiting = None
        elif awaiting is None:
            awaiting = sent
    thread = Thread.objects.create(
        team=team,
        service_user=person,
        subject=subject,
        carer_id=carer_id,
        started_by_id=first[0],
        created_at=first[3],
        last_message_at=last[3],
        awaiting_reply_since=awaiting,
    )
    Message.objects.bulk_create(
        Message(thread=thread, author_id=author, author_kind=kind, body=body, sent_at=sent)
        for author, kind, body, sent in messages
    )
    return len(messages)


def seed_messages(
    *,
    team: CareTeam,
    sam_pk: int,
    clinician: StaffMember,
    today: dt.date,
    rng: random.Random,
    others: int = 3,
) -> int:
    """Seed the demo threads; returns how many messages were written."""
    sam = ServiceUser.objects.get(pk=sam_pk)
    if sam.user_id is None:
        return 0
    lee = clinician.user_id
    su, staff, carer = AuthorKind.SERVICE_USER, AuthorKind.STAFF, AuthorKind.CARER
    made = _thread(
        team=team,
        person=sam,
        subject="Could my next check-in be by video?",
        messages=[
            (
                sam.user_id,
                su,
                "Hello, I have started a new job and it is hard to get to the centre in the "
                "day. Could my next check-in be by video instead?\n\nThanks, Sam",
                _at(today, 15, 19, 12),
            ),
            (
                lee,
                staff,
                "Hi Sam, yes, video is fine for check-ins. I have changed your next one to a "
                "video call; the link is on your appointments page. Face to face is always "
                "there if you would rather.\n\nDr Lee",
                _at(today, 14, 10, 5),
            ),
            (sam.user_id, su, "Brilliant, thank you.", _at(today, 14, 12, 40)),
            (lee, staff, "You're welcome. See you on the call.", _at(today, 14, 14, 2)),
        ],
    )
    made += _thread(
        team=team,
        person=sam,
        subject="Question about my letter",
        messages=[
            (
                sam.user_id,
                su,
                "I got the letter from my last review. Could someone explain what the plan "
                "section means before my next appointment?",
                _at(today, 1, 18, 30),
            )
        ],
    )
    alex = (
        CarerLink.objects.filter(service_user=sam, withdrawn_at__isnull=True, can_message_team=True)
        .select_related("carer")
        .first()
    )
    if alex is not None and alex.carer.user_id is not None:
        made += _thread(
            team=team,
            person=sam,
            carer_id=alex.carer_id,
            subject="How can I help at home?",
            messages=[
                (
                    alex.carer.user_id,
                    carer,
                    "Hello, I am Sam's partner. Is there anything I can do at home that would "
                    "help, or any support for carers near us?",
                    _at(today, 9, 20, 45),
                ),
                (
                    lee,
                    staff,
                    "Hello Alex, thank you for getting in touch. The carers' support service "
                    "runs a group on Tuesday evenings; details are on your home page. I am "
                    "happy to talk it through on the phone too.",
                    _at(today, 8, 11, 20),
                ),
            ],
        )
    # A few people in the team still waiting, some past the 2-working-day promise.
    waiting = list(
        ServiceUser.objects.filter(
            user__isnull=False,
            caseload_entries__team=team,
            caseload_entries__closed_on__isnull=True,
        )
        .exclude(pk=sam_pk)
        .order_by("pk")[: others * 4]
    )
    for person in rng.sample(waiting, min(others, len(waiting))):
        days = rng.choice((2, 4, 6, 8))
        made += _thread(
            team=team,
            person=person,
            subject=rng.choice(
                (
                    "Changing my appointment",
                    "Repeat prescription",
                    "Form for my employer",
                    "Can I bring someone with me?",
                )
            ),
            messages=[
                (
                    person.user_id,  # type: ignore[list-item]
                    su,
                    "Hello, could someone get back to me about this when you can? Thank you.",
                    _at(today, days, rng.randint(9, 20), rng.randrange(60)),
                )
            ],
        )
    return made
