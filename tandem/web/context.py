"""What every page needs to know about who is looking, computed once per render."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.people.models import User
from tandem.people.roles import HOME_ORDER, STAFF_ROLES, Role, primary_role


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str


@dataclass(frozen=True)
class Viewer:
    signed_in: bool
    name: str = ""
    role: Role | None = None
    roles: frozenset[Role] = frozenset()
    nav: list[NavItem] = field(default_factory=list)

    @property
    def shows_crisis_link(self) -> bool:
        # Anyone not signed in, and anyone who is a service user or carer in any
        # of their roles (a nurse may also be a patient), sees 'Need help now?'.
        return not self.signed_in or bool(self.roles & {Role.SERVICE_USER, Role.CARER})

    @property
    def reads_translated_pages(self) -> bool:
        # As tandem.translations.languages decides: staff pages stay English (ADR 0061).
        return bool(self.roles & {Role.SERVICE_USER, Role.CARER}) and not self.roles & STAFF_ROLES


# Service users' and carers' menus are marked for translation; staff menus stay
# English (ADR 0061).
NAV: dict[Role, list[tuple[str | Promise, str]]] = {
    Role.SERVICE_USER: [
        (_("Home"), "people:service-user-home"),
        (_("Appointments"), "appointments:mine"),
        (_("Messages"), "messaging:mine"),
        (_("My diary"), "diary:mine"),
        (_("My record"), "record:mine"),
        (_("My choices"), "preferences:mine"),
        (_("Carers and family"), "carers:mine"),
    ],
    Role.CARER: [
        (_("Home"), "people:carer-home"),
        (_("Appointments"), "appointments:carer"),
        (_("Messages"), "messaging:carer-index"),
        (_("How we contact you"), "carers:preferences"),
    ],
    Role.CLINICIAN: [
        ("Caseload", "people:caseload"),
        ("Add a person", "people:register"),
        ("Diary", "appointments:diary"),
        ("Availability", "appointments:availability"),
        ("Inbox", "messaging:inbox"),
        ("Alerts", "alerts:queue"),
        ("Waiting room", "consult:waiting-room"),
        ("Help requests", "inclusion:queue"),
        ("Tasks", "worklist:index"),
        ("Guidance", "guidance:index"),
        ("Local support", "directory:manage"),
    ],
    Role.MANAGER: [
        ("Overview", "people:manager-home"),
        ("Caseload", "people:caseload"),
        ("Diary", "appointments:diary"),
        ("Availability", "appointments:availability"),
        ("Add a person", "people:register"),
        ("Tasks", "worklist:index"),
        ("Inclusion", "inclusion:manager"),
        ("Continuity", "appointments:continuity"),
        ("Inbox", "messaging:inbox"),
        ("Alerts", "alerts:queue"),
        ("Waiting room", "consult:waiting-room"),
        ("Crisis contacts", "safety:crisis-teams"),
        ("Worrying words", "warnings:phrases"),
        ("Workload", "appointments:workload"),
        ("Insights", "insights:overview"),
        ("Guidance reading", "guidance:reading"),
        ("Local support", "directory:manage"),
    ],
    Role.ADMIN: [
        ("Service settings", "people:admin-home"),
        ("Staff", "staffing:index"),
        ("Crisis contacts", "people:crisis-contacts"),
        ("Worrying words", "warnings:phrases"),
        ("Questionnaires", "measures:instruments"),
        ("Local support", "directory:manage"),
        ("Translations", "translations:index"),
    ],
}


def viewer_for(request: HttpRequest) -> Viewer:
    # Error pages can render before the authentication middleware has run.
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return Viewer(signed_in=False)
    role = primary_role(user)
    held_roles = user.roles
    items = _menu_for(
        held_roles,
        translation.get_language() or "",
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    return Viewer(signed_in=True, name=str(user), role=role, roles=held_roles, nav=list(items))


# The menu for a set of roles is the same for everyone who holds them and reads
# the same language, so it is built once per process (issue 18). The prefix and
# URLconf are in the key because the addresses depend on them.
@functools.lru_cache(maxsize=256)
def _menu_for(
    held_roles: frozenset[Role], language: str, prefix: str, urlconf: str
) -> tuple[NavItem, ...]:
    del language, prefix  # the key only: gettext and reverse read the active ones
    items: list[NavItem] = []
    seen: set[str] = set()
    for held in (r for r in HOME_ORDER if r in held_roles):
        for text, name in NAV.get(held, []):
            if name not in seen:
                seen.add(name)
                items.append(NavItem(str(text), reverse(name, urlconf=urlconf)))
    return tuple(items)


def page_context(request: HttpRequest) -> dict[str, object]:
    return {"viewer": viewer_for(request)}
