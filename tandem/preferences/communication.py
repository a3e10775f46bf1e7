"""A person's communication needs under the Accessible Information Standard
(DCB1605): each with a code, words staff read, the Standard's category, and
what a contact must do about it (ADR 0047).

The needs are kept on ``AccessNeeds`` (with the person's older
``interpreter_needed`` and ``first_language`` on ``ServiceUser``, which count
too), so there is one place to record them. This module turns them into the
list every contact page flags, the letters batch prints beside each letter,
the carer's view and the FHIR Patient share.

The codes are Tandem's own (``CODE_SYSTEM``): the Standard's SNOMED CT subsets
hold the national codes, and none is written here until a terminologist has
checked it, because a wrong code shared with another service is worse than a
local one that says what it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch, QuerySet

from tandem.people.models import ServiceUser, User
from tandem.preferences.models import AccessNeeds, CommunicationProfessional

CODE_SYSTEM = "urn:tandem:codesystem:communication-need"


class Category(models.TextChoices):
    """The Standard's four kinds of need (its SNOMED CT subsets)."""

    FORMAT = "format", "Information format"
    PROFESSIONAL = "professional", "Communication professional"
    SUPPORT = "support", "Communication support"
    CONTACT = "contact", "Contact method"


@dataclass(frozen=True)
class Need:
    code: str
    words: str
    category: str
    # Someone must be booked to be there for every contact (an interpreter,
    # a communication professional): booking raises a task to arrange them.
    needs_someone_there: bool = False
    # For an interpreter: the language, as words ('British Sign Language').
    language: str = ""
    # Who must be arranged, as words ('a Polish interpreter', 'a lipspeaker').
    who: str = ""
    # For an information format: its name in lower case ('easy read').
    format: str = ""


def _interpreter(language: str) -> Need:
    return Need(
        code="interpreter",
        words=f"Needs an interpreter ({language})" if language else "Needs an interpreter",
        category=Category.PROFESSIONAL,
        needs_someone_there=True,
        language=language,
        who=f"a {language} interpreter" if language else "an interpreter",
    )


def needs_from(access: AccessNeeds | None, person: ServiceUser) -> list[Need]:
    """The person's communication needs, most pressing first (someone to book, then formats).

    Reads nothing: the caller has fetched ``access`` (the current version)
    through its own scoped query."""
    found: list[Need] = []
    if access and access.bsl_interpreter:
        found.append(
            Need(
                code="bsl-interpreter",
                words="Needs a British Sign Language interpreter",
                category=Category.PROFESSIONAL,
                needs_someone_there=True,
                language="British Sign Language",
                who="a British Sign Language interpreter",
            )
        )
    if access and access.spoken_interpreter:
        found.append(_interpreter(access.interpreter_language or person.first_language))
    elif person.interpreter_needed:
        # Recorded with the person's details before access needs existed: still met.
        found.append(_interpreter(person.first_language))
    if access and access.communication_professional:
        label = CommunicationProfessional(access.communication_professional).label
        found.append(
            Need(
                code=f"professional-{access.communication_professional}",
                words=f"Needs a {label.lower()}",
                category=Category.PROFESSIONAL,
                needs_someone_there=True,
                who=f"a {label.lower()}",
            )
        )
    if access is None:
        return found
    for flag, code, name in (
        ("large_print", "large-print", "large print"),
        ("easy_read", "easy-read", "easy read"),
        ("braille", "braille", "braille"),
    ):
        if getattr(access, flag):
            found.append(
                Need(code=code, words=f"Letters in {name}", category=Category.FORMAT, format=name)
            )
    if access.copy_to_someone:
        who = f" ({access.copy_to_name})" if access.copy_to_name else ""
        found.append(
            Need(
                code="copy-to-carer-or-advocate",
                words=f"Copy letters to their carer or advocate{who}",
                category=Category.SUPPORT,
            )
        )
    return found


def someone_to_arrange(needs: list[Need]) -> list[Need]:
    """The needs that mean someone must be booked to be there."""
    return [n for n in needs if n.needs_someone_there]


# Where ``with_current_needs`` puts each person's current AccessNeeds (a list of
# none or one).
FETCHED = "current_access_needs"


def with_current_needs(people: QuerySet[ServiceUser]) -> QuerySet[ServiceUser]:
    """``people``, each page of which fetches their current needs in one more
    query rather than one a person (the FHIR API's searches and exports)."""
    return people.prefetch_related(
        Prefetch(
            "access_needs_versions",
            queryset=AccessNeeds.objects.filter(is_current=True),
            to_attr=FETCHED,
        )
    )


def current_needs_of(person: ServiceUser) -> list[Need]:
    """Not scoped: for services and mappings acting for a person whose access
    the caller has checked already (booking, the letters batch, the FHIR API).
    Reads nothing when ``with_current_needs`` fetched them already."""
    fetched: list[AccessNeeds] | None = getattr(person, FETCHED, None)
    if fetched is not None:
        return needs_from(fetched[0] if fetched else None, person)
    access = AccessNeeds.objects.filter(service_user=person, is_current=True).first()
    return needs_from(access, person)


# Who hears when a person's needs change (ADR 0062). Appointments registers
# here in its AppConfig.ready(): it sits above preferences, so preferences
# calls it through this list rather than importing it.
NeedsChanged = Callable[..., None]

_on_change: list[NeedsChanged] = []


def register_on_change(listener: NeedsChanged) -> NeedsChanged:
    """Call ``listener(person=..., actor=..., needs=...)`` after a person's needs
    change, in the change's transaction. Registering twice adds it once, as
    ready() may run more than once in tests."""
    if listener not in _on_change:
        _on_change.append(listener)
    return listener


def changed(*, person: ServiceUser, actor: User | None, before: list[Need]) -> None:
    """Tell the listeners when who must be there has changed (HAZ-346): ``before``
    is the needs as they stood before the change."""
    needs = current_needs_of(person)
    if [n.who for n in someone_to_arrange(needs)] == [n.who for n in someone_to_arrange(before)]:
        return
    for listener in _on_change:
        listener(person=person, actor=actor, needs=needs)
