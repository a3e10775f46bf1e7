"""What a carer sends themself: their view before an assessment or review, and
how they want to be contacted. Keyword-only, typed, atomic, audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers import screening
from tandem.carers.checks import (
    checked_text,
    locked_link,
)
from tandem.carers.models import (
    MAX_VIEW_TEXT,
    CarerView,
    InviteChannel,
)
from tandem.errors import InvalidInput
from tandem.people.models import (
    Carer,
    CarerLink,
    CaseloadEntry,
    User,
)
from tandem.people.roles import Role
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item

# --- Carers -------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewDetails:
    about: str
    what_noticed: str
    worries: str
    what_helps: str


@transaction.atomic
def give_view(*, actor: User, link: CarerLink, details: ViewDetails) -> CarerView:
    """A carer tells the team what they have noticed before an assessment or review.

    Checked again here: the link must stand, be this carer's, and allow views.
    The view is checked for worrying words, with each team's own phrases
    (``screening``, issue 19); if the check finds any, the team's task says
    to read it sooner and why, and ``view.flag`` keeps why for the record page.
    The caller then shows the carer where to get help now.
    """
    locked = locked_link(link)
    if locked.carer.user_id != actor.pk or not locked.can_give_views:
        raise PermissionDenied("This person has not asked you to give your view.")
    view = CarerView.objects.create(
        link=locked,
        service_user=locked.service_user,
        carer=locked.carer,
        about=checked_text(details.about, N_("What this is for"), limit=200, required=True),
        what_noticed=checked_text(
            details.what_noticed, N_("What you have noticed"), limit=MAX_VIEW_TEXT, required=True
        ),
        worries=checked_text(details.worries, N_("Your worries"), limit=MAX_VIEW_TEXT),
        what_helps=checked_text(details.what_helps, N_("What helps"), limit=MAX_VIEW_TEXT),
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=view,
        what=f"{locked.carer.display_name} gave their view for '{view.about}'",
    )
    # A view can hold something worrying; it should not wait for the next time
    # someone happens to open the record (HAZ-075).
    text = "\n\n".join(
        t for t in (view.about, view.what_noticed, view.worries, view.what_helps) if t
    )
    given = (
        f"{locked.carer.display_name} ({locked.relationship}) gave their view for '{view.about}'."
    )
    entries = CaseloadEntry.objects.filter(
        service_user_id=locked.service_user_id, closed_on__isnull=True
    ).select_related("team")
    flag: list[str] = []
    for entry in entries:
        found = screening.why_read_sooner(text, team_id=entry.team_id)
        flag.extend(line for line in found.why if line not in flag)
        raise_work_item(
            team=entry.team,
            kind=WorkKind.OTHER,
            # The task is in the person's record download and its title in the
            # audit log: never the carer's words (third-party information).
            title=(
                f"Read a carer's view about {locked.service_user.display_name} sooner"
                if found.why
                else f"A carer has given their view about {locked.service_user.display_name}"
            ),
            reason=" ".join(
                [
                    given,
                    *(
                        [f"The worrying-words check brought it to attention: {found.in_brief}."]
                        if found.why
                        else []
                    ),
                    "Read it on the person's record.",
                ]
            ),
            service_user=locked.service_user,
            about_key=f"carer-view:{view.pk}",
        )
    if not entries:
        # Open to no team: nobody would read it, but the carer is still shown
        # where to get help now if it is worrying.
        flag = screening.why_read_sooner(text, team_id=None).why
    if flag:
        view.flag = flag
        view.save(update_fields=["flag"])
    return view


@dataclass(frozen=True)
class ContactChoices:
    email: str
    phone: str
    by_email: bool
    by_sms: bool
    preferred_channel: str


@transaction.atomic
def update_carer_preferences(*, actor: User, choices: ContactChoices) -> bool:
    """A carer's own choices about how Tandem contacts them. Returns whether
    anything changed."""
    carer = Carer.objects.select_for_update().filter(user=actor).first()
    if carer is None or Role.CARER not in actor.roles:
        raise PermissionDenied("Only a carer can change a carer's contact choices.")
    email = checked_text(choices.email, N_("Email address"), limit=254).lower()
    phone = checked_text(choices.phone, N_("Mobile phone number"), limit=20)
    if choices.preferred_channel not in InviteChannel.values:
        raise InvalidInput(f"Unknown channel: {choices.preferred_channel!r}")
    if choices.by_email and not email:
        raise InvalidInput(_("An email address is needed to get emails"))
    if choices.by_sms and not phone:
        raise InvalidInput(_("A mobile phone number is needed to get texts"))
    wanted = {
        "email": email,
        "phone": phone,
        "by_email": choices.by_email,
        "by_sms": choices.by_sms,
        "preferred_channel": choices.preferred_channel,
    }
    changed = [name for name, value in wanted.items() if getattr(carer, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(carer, name, wanted[name])
    carer.save(update_fields=changed)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=carer,
        what="Carer changed how they are contacted: " + ", ".join(changed).replace("_", " "),
    )
    return True
