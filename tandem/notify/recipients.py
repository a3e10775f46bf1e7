"""Who a message goes to and how: channels in the order to try them, the
address for each, the sender's name and the team that hears about failures.

A service user is contacted only by the channels they agreed to in their
current ``ContactPreferences``, preferred channel first; phone calls are not
a message channel. Nobody is messaged before they have said how: a person
with no preferences recorded gets no message and staff get a task to ask.
A carer chooses email, texts or both on their own home page, preferred
channel first, to the details on their record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef

from tandem.notify.models import MessageChannel
from tandem.notify.templates import clinical_words_in
from tandem.people.models import Carer, CarerLink, CareTeam, ServiceUser, TeamMembership, User
from tandem.people.roles import PROFILES, roles_from
from tandem.preferences.codes import Channel
from tandem.preferences.communication import Category, current_needs_of
from tandem.preferences.models import AccessNeeds, ContactPreferences
from tandem.preferences.queries import contact_times_for
from tandem.preferences.times import ContactTimes
from tandem.translations.languages import ENGLISH, from_first_language, language_for

Recipient = ServiceUser | Carer
DEFAULT_ORDER = (MessageChannel.EMAIL, MessageChannel.SMS, MessageChannel.LETTER)


@dataclass(frozen=True)
class Route:
    channel: str
    to: str


def contact_preferences(person: ServiceUser) -> ContactPreferences | None:
    return ContactPreferences.objects.filter(service_user=person, is_current=True).first()


def contact_times(person: Recipient | None) -> ContactTimes | None:
    """The times a service user asked us to keep to. Carers record none in
    Tandem, and we do not guess theirs from the person's: None."""
    if not isinstance(person, ServiceUser):
        return None
    return contact_times_for(person)


def language_of(person: Recipient) -> str:
    """The language messages to this person are written in: the language their
    pages use if they have an account; for a service user without one, their
    recorded first language where Tandem ships it; otherwise English. A carer
    without an account has no language recorded anywhere, so English."""
    return languages_of([person])[0]


def languages_of(people: Sequence[Recipient]) -> list[str]:
    """``language_of`` for each of ``people``, in their order, in one query for
    all their accounts (none if nobody has one): a notice to a person and their
    carers used to read each account and then its roles, two queries a recipient
    (issue 18). The same answer as ``language_for`` on each account: the account's
    roles decide whether it reads translated pages at all."""
    account_ids = {person.user_id for person in people if person.user_id is not None}
    accounts: dict[int, User] = {}
    if account_ids:
        in_team_as = {
            kind: Exists(TeamMembership.objects.filter(staff__user=OuterRef("pk"), role=kind))
            for kind in TeamMembership.Role.values
        }
        for account in (
            User.objects.filter(pk__in=account_ids)
            .select_related(*PROFILES)
            .annotate(**{f"in_team_as_{kind}": held for kind, held in in_team_as.items()})
        ):
            # Its roles as read_account would derive them, so language_for asks nothing more.
            kinds = {kind for kind in in_team_as if getattr(account, f"in_team_as_{kind}")}
            account._tandem_roles = roles_from(account, kinds=kinds)  # type: ignore[attr-defined]
            accounts[account.pk] = account
    found = []
    for person in people:
        if person.user_id is not None:
            known = accounts.get(person.user_id)
            found.append(language_for(known) if known is not None else ENGLISH)
        elif isinstance(person, ServiceUser):
            found.append(from_first_language(person.first_language))
        else:
            found.append(ENGLISH)
    return found


def large_print(person: ServiceUser | None) -> bool:
    if person is None:
        return False
    needs = AccessNeeds.objects.filter(service_user=person, is_current=True).first()
    return bool(needs and (needs.large_print or needs.visual_impairment))


def easy_read(person: ServiceUser | None) -> bool:
    """Letters and the support pack in easy read (ADR 0062): the recorded need,
    not the page choice, as paper is what the person was assessed as needing."""
    if person is None:
        return False
    return AccessNeeds.objects.filter(service_user=person, is_current=True, easy_read=True).exists()


def formats_to_make(person: ServiceUser | None, *, made: frozenset[str]) -> list[str]:
    """Formats the person needs that a letter made in the ``made`` formats is not
    (easy read, braille), in words: each such letter is a task (HAZ-264, HAZ-347)."""
    if person is None:
        return []
    return [
        n.format
        for n in current_needs_of(person)
        if n.category == Category.FORMAT and n.code not in made
    ]


def letter_address(person: Recipient) -> list[str]:
    """Address lines for a letter. Tandem holds only a postcode for now, so a
    letter needs one; the service's print room or Notify adds nothing else."""
    postcode = getattr(person, "postcode", "")
    if not postcode:
        return []
    return [person.display_name, postcode]


def address_for(person: Recipient, channel: str) -> str:
    if channel == MessageChannel.EMAIL:
        return person.email
    if channel == MessageChannel.SMS:
        return person.phone
    if channel == MessageChannel.LETTER:
        return " / ".join(letter_address(person))
    return ""


def _in_order(agreed: dict[str, bool], preferred: str) -> list[str]:
    """Agreed channels in the default order, the preferred one first."""
    order = [str(c) for c in DEFAULT_ORDER if agreed.get(c)]
    if preferred in order:
        order.remove(preferred)
        order.insert(0, preferred)
    return order


def agreed_channels(person: Recipient) -> tuple[list[str], str]:
    """Channels the person agreed to, in the order to try them, and why there are none."""
    if isinstance(person, Carer):
        carer_order = _in_order(
            {MessageChannel.EMAIL: person.by_email, MessageChannel.SMS: person.by_sms},
            person.preferred_channel,
        )
        return carer_order, "" if carer_order else "the carer has turned off email and texts"
    prefs = contact_preferences(person)
    if prefs is None:
        return [], "no contact preferences are recorded"
    order = _in_order(
        {
            MessageChannel.EMAIL: prefs.by_email,
            MessageChannel.SMS: prefs.by_sms,
            MessageChannel.LETTER: prefs.by_letter,
        },
        prefs.preferred_channel,
    )
    if not order:
        only_phone = prefs.by_phone and prefs.preferred_channel == Channel.PHONE
        return [], "they only want phone calls" if only_phone else "no message channel is agreed"
    return order, ""


def routes(
    person: Recipient, *, first: str | None = None, exclude: frozenset[str] = frozenset()
) -> tuple[list[Route], str]:
    """Usable routes in order (``first`` moved to the front if agreed) and, if
    there are none, the reason in plain English."""
    order, why = agreed_channels(person)
    if first in order:
        order.remove(first)
        order.insert(0, first)
    found = []
    missing = []
    for channel in order:
        if channel in exclude:
            continue
        to = address_for(person, channel)
        if to:
            found.append(Route(channel=channel, to=to))
        else:
            missing.append(MessageChannel(channel).label.lower())
    if found:
        return found, ""
    if why:
        return [], why
    if missing:
        return [], "there is no " + " or ".join(missing) + " address on their record"
    return [], "every agreed channel has been tried"


def team_for(person: ServiceUser | None) -> CareTeam | None:
    """The team to tell when messages fail: the first team the person is open to."""
    if person is None:
        return None
    entry = (
        person.caseload_entries.filter(closed_on__isnull=True)
        .select_related("team")
        .order_by("opened_on", "pk")
        .first()
    )
    return entry.team if entry else None


def sender_name(*, service_user: ServiceUser | None, team: CareTeam | None) -> str:
    """The team's name, or the neutral name when the person asked for discretion,
    there is no team, or the team's own name would say something clinical."""
    neutral: str = settings.TANDEM_NOTIFY_NEUTRAL_SENDER
    if team is None or clinical_words_in(team.name):
        return neutral
    if service_user is not None:
        prefs = contact_preferences(service_user)
        if prefs is not None and prefs.discreet_sender:
            return neutral
    return team.name


# Which of a carer's switches let each kind of message reach them. A message
# to a carer whose template is listed goes only while the link stands and one
# of its switches is on; others (the invitation, 'what is shared has changed')
# are about the link itself and go regardless.
CARER_SCOPES_FOR_TEMPLATE: dict[str, tuple[str, ...]] = {
    "appointment_booked": ("can_get_reminders",),
    "appointment_moved": ("can_get_reminders",),
    "appointment_cancelled": ("can_get_reminders",),
    "appointment_reminder": ("can_get_reminders",),
    "carer_appointment_booked": ("can_get_reminders",),
    "carer_appointment_moved": ("can_get_reminders",),
    "carer_appointment_cancelled": ("can_get_reminders",),
    "carer_appointment_reminder": ("can_get_reminders",),
    "new_message_notice": ("can_message_team", "can_see_messages"),
    "video_invite": ("can_join_video",),
}


def carer_still_consented(*, carer_id: int, service_user_id: int | None, template: str) -> bool:
    """Whether the person still shares this kind of message with their carer.

    Checked again just before sending, because reminders are queued days ahead
    and consent can be withdrawn in between (HAZ-072).
    """
    needed = CARER_SCOPES_FOR_TEMPLATE.get(template)
    if needed is None:
        return True
    if service_user_id is None:
        return False
    link = CarerLink.objects.filter(
        carer_id=carer_id, service_user_id=service_user_id, withdrawn_at__isnull=True
    ).first()
    return link is not None and any(getattr(link, scope) for scope in needed)
