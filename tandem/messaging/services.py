"""Every write for secure messaging. Keyword-only, typed, atomic, audited.

A message and its attachments are saved in one transaction with the thread's
new state, the audit rows and any notice, so nothing is kept half-way: a file
refused after the first was accepted leaves no message at all. Forms check
first and give the person a message; these functions check again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.messaging import queries, selectors
from tandem.messaging.attachments import CheckedFile
from tandem.messaging.models import (
    BODY_MAX,
    MAX_RESPONSE_DAYS,
    NOTE_MAX,
    SUBJECT_MAX,
    Attachment,
    AuthorKind,
    EventKind,
    InboxSettings,
    Message,
    Thread,
    ThreadEvent,
)
from tandem.notify.services import queue_message
from tandem.people.models import Carer, CareTeam, ServiceUser, StaffMember, User
from tandem.people.roles import Role
from tandem.warnings.detector import Decision
from tandem.warnings.services import check_message, flag_message
from tandem.web.forms import normalise_free_text
from tandem.web.links import full_url_for


def _text(
    value: str,
    what: str,
    limit: int,
    *,
    required: bool = True,
    empty: str = "",
    too_long: str = "",
) -> str:
    # ``empty`` and ``too_long`` are whole sentences in the reader's language,
    # for the text a service user or carer writes; staff read the English
    # built from ``what``.
    value = value.strip()
    if required and not value:
        raise InvalidInput(empty or f"Enter {what}")
    if len(value) > limit:
        raise InvalidInput(too_long or f"{what.capitalize()} must be {limit:,} characters or fewer")
    return value


def _body(value: str) -> str:
    # Trailing spaces and a browser's carriage returns are not the person's
    # words: the same clean-up every form's free text gets (FreeTextField), so
    # a message sent by any route is stored alike. Only new messages pass here;
    # stored ones are never rewritten.
    return _text(
        normalise_free_text(value),
        "your message",
        BODY_MAX,
        empty=gettext("Enter your message"),
        too_long=gettext("Your message must be %(most)s characters or fewer")
        % {"most": f"{BODY_MAX:,}"},
    )


def _author_kind(actor: User, thread: Thread) -> str:
    roles = actor.roles
    carer = thread.carer
    if carer is not None and carer.user_id == actor.pk and Role.CARER in roles:
        return AuthorKind.CARER
    if carer is None and thread.service_user.user_id == actor.pk and Role.SERVICE_USER in roles:
        return AuthorKind.SERVICE_USER
    if scopes.teams_of(actor).filter(pk=thread.team_id).exists():
        return AuthorKind.STAFF
    raise PermissionDenied("You cannot write in this thread.")


def thread_link(thread: Thread) -> str:
    return full_url_for("messaging:thread", thread.pk)


def _notify(actor: User, thread: Thread, message: Message) -> None:
    """Tell the person (or the carer, for a carer's thread) there is a new message.

    The notice says only that: no subject, no words from the message, and the
    notify service uses the neutral sender when the person asked for discretion.
    """
    recipient: ServiceUser | Carer | None = thread.carer or thread.service_user
    if recipient is None or recipient.user_id is None:
        return  # nobody with an account to read it
    queue_message(
        actor=actor,
        recipient=recipient,
        template="new_message_notice",
        personalisation={"link": thread_link(thread)},
        about_key=f"message-thread:{thread.pk}",
        idempotency_key=f"message:{message.pk}:notice",
        team=thread.team,
        about_person=thread.service_user if thread.carer_id is not None else None,
    )


def _checked_first(actor: User, body: str, *, team_id: int) -> Decision | None:
    """The worrying-words check of a message from a service user or carer,
    run before the send's transaction opens, so its cost (tens of
    milliseconds; a long message more) holds no lock. Staff messages are not
    checked. The body is cleaned as ``_body`` will clean it."""
    if not actor.roles & {Role.SERVICE_USER, Role.CARER}:
        return None
    try:
        return check_message(_body(body), team_id=team_id)
    except InvalidInput:
        return None  # the send refuses it, with its own message


def _add(
    *,
    actor: User,
    thread: Thread,
    kind: str,
    body: str,
    files: list[CheckedFile],
    checked: Decision | None = None,
) -> Message:
    now = timezone.now()
    message = Message.objects.create(
        thread=thread, author=actor, author_kind=kind, body=body, sent_at=now
    )
    Attachment.objects.bulk_create(
        Attachment(
            message=message,
            filename=f.filename,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
            data=f.data,
        )
        for f in files
    )
    updates: dict[str, object] = {"last_message_at": now}
    if kind == AuthorKind.STAFF:
        updates["awaiting_reply_since"] = None
    elif thread.awaiting_reply_since is None:
        updates["awaiting_reply_since"] = now
    Thread.objects.filter(pk=thread.pk).update(**updates)
    for name, value in updates.items():
        setattr(thread, name, value)
    with_files = f" with {len(files)} file{'s' if len(files) != 1 else ''}" if files else ""
    record(
        actor=actor,
        action=Action.CREATE,
        obj=message,
        subject_id=thread.service_user_id,
        what=f"Sent a message{with_files}",
    )
    if kind == AuthorKind.STAFF:
        _notify(actor, thread, message)
    else:
        # Worrying words move the thread to the top of the team's inbox, in
        # this transaction; a human reads it and records what they did (ADR 0014).
        flag_message(
            message_id=message.pk,
            body=message.body,
            sent_at=message.sent_at,
            thread_id=thread.pk,
            team_id=thread.team_id,
            service_user_id=thread.service_user_id,
            decision=checked,
        )
    return message


def start_thread(
    *,
    actor: User,
    service_user: ServiceUser,
    team: CareTeam,
    subject: str,
    body: str,
    files: list[CheckedFile],
    as_carer: bool = False,
) -> Thread:
    """Start a thread in ``team``'s inbox about ``service_user``.

    The person writes to a team they are open to; a carer (``as_carer``)
    writes about someone whose link lets them message the team; staff write
    to someone open to one of their teams who has an account to read it.
    """
    checked = _checked_first(actor, body, team_id=team.pk)
    with transaction.atomic():
        return _start_thread(
            actor=actor,
            service_user=service_user,
            team=team,
            subject=subject,
            body=body,
            files=files,
            as_carer=as_carer,
            checked=checked,
        )


def _start_thread(
    *,
    actor: User,
    service_user: ServiceUser,
    team: CareTeam,
    subject: str,
    body: str,
    files: list[CheckedFile],
    as_carer: bool,
    checked: Decision | None,
) -> Thread:
    subject = _text(
        subject,
        "a subject",
        SUBJECT_MAX,
        empty=gettext("Enter a subject"),
        too_long=gettext("The subject must be %(most)s characters or fewer")
        % {"most": SUBJECT_MAX},
    )
    body = _body(body)
    open_here = team in queries.open_teams_of(service_user)
    carer: Carer | None = None
    if as_carer:
        link = selectors.carer_links_that_message(actor).filter(service_user=service_user).first()
        if link is None:
            raise PermissionDenied("You cannot message this person's team.")
        carer = link.carer
        kind = AuthorKind.CARER
    elif service_user.user_id == actor.pk and Role.SERVICE_USER in actor.roles:
        kind = AuthorKind.SERVICE_USER
    elif scopes.teams_of(actor).filter(pk=team.pk).exists():
        if service_user.user_id is None:
            raise InvalidInput(
                f"{service_user.display_name} has no account, so could not read a message. "
                "Contact them another way"
            )
        kind = AuthorKind.STAFF
    else:
        raise PermissionDenied("You cannot write to this team.")
    if not open_here:
        raise InvalidInput(
            gettext("%(name)s is not open to %(team)s")
            % {"name": service_user.display_name, "team": team.name}
        )
    now = timezone.now()
    thread = Thread.objects.create(
        team=team,
        service_user=service_user,
        subject=subject,
        carer=carer,
        started_by=actor,
        created_at=now,
        last_message_at=now,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=thread,
        what=f"Started a message thread with {team.name}",
    )
    _add(actor=actor, thread=thread, kind=kind, body=body, files=files, checked=checked)
    return thread


def reply(*, actor: User, thread: Thread, body: str, files: list[CheckedFile]) -> Message:
    """Add a message to a thread the actor may write in."""
    checked = _checked_first(actor, body, team_id=thread.team_id)
    with transaction.atomic():
        return _reply(actor=actor, thread=thread, body=body, files=files, checked=checked)


def _reply(
    *,
    actor: User,
    thread: Thread,
    body: str,
    files: list[CheckedFile],
    checked: Decision | None,
) -> Message:
    body = _body(body)
    locked = (
        selectors.threads_writable_by(actor)
        .select_for_update(of=("self",))
        .select_related("service_user", "carer", "team")
        .filter(pk=thread.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied("You cannot write in this thread.")
    kind = _author_kind(actor, locked)
    if kind != AuthorKind.STAFF and locked.team not in queries.open_teams_of(locked.service_user):
        if kind == AuthorKind.SERVICE_USER:
            closed = gettext(
                "%(team)s is no longer looking after you, so messages here would not be "
                "read. Call the team or your GP instead"
            )
        else:
            closed = gettext(
                "%(team)s is no longer looking after %(name)s, so messages here would not "
                "be read. Call the team or your GP instead"
            )
        raise InvalidInput(
            closed % {"team": locked.team.name, "name": locked.service_user.display_name}
        )
    message = _add(actor=actor, thread=locked, kind=kind, body=body, files=files, checked=checked)
    thread.awaiting_reply_since = locked.awaiting_reply_since
    thread.last_message_at = locked.last_message_at
    return message


def _staff_thread(actor: User, thread: Thread) -> Thread:
    locked = (
        Thread.objects.select_for_update()
        .filter(pk=thread.pk, team__in=scopes.teams_of(actor))
        .first()
    )
    if locked is None:
        raise PermissionDenied("This thread is not in your team's inbox.")
    return locked


@transaction.atomic
def set_follow_up(*, actor: User, thread: Thread, needed: bool, note: str) -> Thread:
    """Mark a thread as needing clinical follow-up (with why), or clear the mark."""
    locked = _staff_thread(actor, thread)
    note = _text(note, "what needs following up", NOTE_MAX, required=needed)
    locked.needs_follow_up = needed
    locked.follow_up_note = note if needed else ""
    locked.save(update_fields=["needs_follow_up", "follow_up_note"])
    ThreadEvent.objects.create(
        thread=locked,
        kind=EventKind.FOLLOW_UP if needed else EventKind.FOLLOW_UP_DONE,
        by=actor,
        note=note,
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=(
            "Marked messages as needing clinical follow-up"
            if needed
            else "Marked messages as no longer needing follow-up"
        ),
    )
    return locked


@transaction.atomic
def hand_over(*, actor: User, thread: Thread, to: StaffMember, note: str) -> Thread:
    """Hand a thread to a colleague in the same team; they see it as theirs."""
    locked = _staff_thread(actor, thread)
    if not locked.team.memberships.filter(staff=to).exists():
        raise InvalidInput(f"{to} is not in {locked.team.name}")
    note = _text(note, "a note for your colleague", NOTE_MAX, required=False)
    locked.assigned_to = to
    locked.assigned_note = note
    locked.save(update_fields=["assigned_to", "assigned_note"])
    ThreadEvent.objects.create(
        thread=locked, kind=EventKind.HANDED_OVER, by=actor, to=to, note=note
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Handed messages to {to}",
    )
    return locked


@transaction.atomic
def save_inbox_settings(
    *, actor: User, team: CareTeam, answered_when: str, response_working_days: int
) -> InboxSettings:
    """A team manager says when the inbox is read and how quickly it replies."""
    if not scopes.managed_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied("Only the team's managers can change this.")
    answered_when = _text(answered_when, "when messages are read", 200)
    if not 1 <= response_working_days <= MAX_RESPONSE_DAYS:
        raise InvalidInput(f"The reply time must be 1 to {MAX_RESPONSE_DAYS} working days")
    found, _ = InboxSettings.objects.select_for_update().get_or_create(team=team)
    found.answered_when = answered_when
    found.response_working_days = response_working_days
    found.updated_at = timezone.now()
    found.updated_by = actor
    found.save()
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=found,
        what=(
            f"Set {team.name}'s inbox: read {answered_when}; reply within "
            f"{response_working_days} working days"
        ),
    )
    return found
