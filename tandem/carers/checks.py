"""Small checks every carers write starts from: which switches were chosen, free
text within its limit, whose record it is, whether staff treat the person, and
the link locked for a change with its history.

Consent belongs to the service user. They invite a carer and choose what the
carer may see, change it, or withdraw it; staff in a team the person is open
to may do the same on the person's say-so (a note is required), or record a
legal basis when the person lacks capacity for the decision or is a young
person. Every change takes effect at once, because the carers' selectors read
the link's switches on every request; the carer is told that something
changed, never what.

The writes, each keyword-only, typed, atomic and audited, are in
``invitations`` (inviting, cancelling, accepting), ``consent`` (the switches
and withdrawal), ``staff_added`` (a carer recorded by staff) and
``from_carers`` (a carer's view and their own contact choices).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.access import scopes
from tandem.carers.models import (
    ConsentChange,
)
from tandem.errors import InvalidInput
from tandem.people.models import (
    CarerLink,
    ServiceUser,
    User,
)
from tandem.people.roles import Role

# --- Small checks --------------------------------------------------------------------


def picked_scopes(chosen: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    unknown = set(chosen) - set(CarerLink.SCOPES)
    if unknown:
        raise InvalidInput(f"Unknown scope: {sorted(unknown)!r}")
    return [name for name in CarerLink.SCOPES if name in chosen]


# The same whole sentences as a ``text_field``'s (tandem.web.forms), for a
# service user or carer reading another language.
EMPTY = N_("Enter your answer to \u2018%(label)s\u2019")
TOO_LONG = N_("Your answer to \u2018%(label)s\u2019 must be %(most)s characters or fewer")


def _said(english: str, sentence: str, **values: object) -> str:
    # English (or a language without this sentence) reads as it always has.
    translated = gettext(sentence)
    return english if translated == sentence else translated % values


def checked_text(value: str, what: str, *, limit: int, required: bool = False) -> str:
    """``what`` is the box's English label; marked with N_ where a service
    user or carer writes it, so a reader of another language sees it in theirs."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_said(f"{what} is required", EMPTY, label=gettext(what)))
    if len(value) > limit:
        raise InvalidInput(
            _said(
                f"{what} is longer than {limit} characters",
                TOO_LONG,
                label=gettext(what),
                most=f"{limit:,}",
            )
        )
    return value


def scope_words(names: list[str]) -> str:
    return ", ".join(CarerLink.SCOPES[n].lower() for n in names) or "nothing"


def own_record(actor: User) -> ServiceUser:
    person = scopes.service_users_visible_to(actor).filter(user=actor).first()
    if person is None or Role.SERVICE_USER not in actor.roles:
        raise PermissionDenied("Only a service user can do this for themself.")
    return person


def require_treating(actor: User, service_user_id: int) -> None:
    """Staff act only for people open to one of their teams."""
    if not actor.roles & {Role.CLINICIAN, Role.MANAGER} or (
        not scopes.caseload_entries_of(actor).filter(service_user_id=service_user_id).exists()
    ):
        raise PermissionDenied("You can only act for people open to your teams.")


def may_change(actor: User, link: CarerLink) -> bool:
    """The person themself, or staff in a team they are open to."""
    own = link.service_user.user_id == actor.pk and Role.SERVICE_USER in actor.roles
    if own:
        return True
    require_treating(actor, link.service_user_id)
    return False


def locked_link(link: CarerLink) -> CarerLink:
    locked = (
        CarerLink.objects.select_for_update()
        .select_related("carer", "service_user")
        .filter(pk=link.pk, withdrawn_at__isnull=True)
        .first()
    )
    if locked is None:
        raise InvalidInput(gettext("This carer's access has already been withdrawn"))
    return locked


def log_change(*, link: CarerLink, actor: User, what: str, note: str = "") -> None:
    ConsentChange.objects.create(link=link, by=actor, what=what[:300], note=note)
