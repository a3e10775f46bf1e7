"""What every page needs to know about who is looking, computed once per render."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

from tandem.people.models import User
from tandem.people.roles import HOME_ORDER, Role, primary_role


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


NAV = {
    Role.SERVICE_USER: [
        ("Home", "people:service-user-home"),
        ("Appointments", "appointments:mine"),
        ("Messages", "messaging:mine"),
        ("My diary", "diary:mine"),
        ("My record", "record:mine"),
        ("My choices", "preferences:mine"),
        ("Carers and family", "carers:mine"),
    ],
    Role.CARER: [
        ("Home", "people:carer-home"),
        ("Appointments", "appointments:carer"),
        ("Messages", "messaging:carer-index"),
        ("How we contact you", "carers:preferences"),
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
    ],
}


def viewer_for(request: HttpRequest) -> Viewer:
    # Error pages can render before the authentication middleware has run.
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return Viewer(signed_in=False)
    role = primary_role(user)
    items: list[NavItem] = []
    seen: set[str] = set()
    held_roles = user.roles
    for held in (r for r in HOME_ORDER if r in held_roles):
        for text, name in NAV.get(held, []):
            if name not in seen:
                seen.add(name)
                items.append(NavItem(text, reverse(name)))
    return Viewer(signed_in=True, name=str(user), role=role, roles=held_roles, nav=items)


def page_context(request: HttpRequest) -> dict[str, object]:
    return {"viewer": viewer_for(request)}
