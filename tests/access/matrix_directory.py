"""Access matrix for the directory of local support: every ``directory:...`` URL.

The search and its entries are public: anyone, signed in or not, gets them, as
people not yet known to the service use them. The staff list and entry pages are
for staff; adding is for the service administrator and team managers; changing
and checking an entry for the administrator, or the manager of the team that
keeps it. An entry past its check date is the same 404 as a missing one on the
public page.
"""

from __future__ import annotations

from tandem.directory.tests.helpers import add, assess, make_overdue
from tests.access.matrix_rules import CLINICAL_STAFF, PUBLIC, Rule, only
from tests.personas import Personas

STAFF = only((*CLINICAL_STAFF, "admin"))
KEEPERS = only(("manager", "admin"))


def team_a_entry(p: Personas) -> dict[str, int]:
    return {"pk": add(p.admin, team=p.team_a).pk}


def team_b_entry(p: Personas) -> dict[str, int]:
    return {"pk": add(p.admin, team=p.team_b).pk}


def a_tool(p: Personas) -> dict[str, int]:
    return {"pk": assess(p.admin).pk}


def overdue_entry(p: Personas) -> dict[str, int]:
    entry = add(p.admin, team=p.team_a)
    make_overdue(entry)
    return {"pk": entry.pk}


MATRIX: dict[str, Rule] = {
    "directory:find": PUBLIC,
    "directory:entry": Rule(allowed=PUBLIC.allowed, anonymous=200, kwargs=team_a_entry),
    "directory:manage": Rule(allowed=STAFF),
    "directory:add": Rule(allowed=KEEPERS),
    "directory:staff-entry": Rule(allowed=STAFF, kwargs=team_a_entry),
    "directory:change": Rule(allowed=KEEPERS, kwargs=team_a_entry),
    "directory:check": Rule(allowed=KEEPERS, kwargs=team_a_entry),
    # The library of digital tools: staff read it, the administrator alone keeps it.
    "directory:tools": Rule(allowed=STAFF),
    "directory:tool": Rule(allowed=STAFF, kwargs=a_tool),
    "directory:tool-add": Rule(allowed=only(("admin",))),
    "directory:tool-assess": Rule(allowed=only(("admin",)), kwargs=a_tool),
}
OTHER_OBJECT: dict[str, Rule] = {
    # Out of date: hidden from everyone on the public page until checked.
    "directory:entry#overdue": Rule(allowed={}, anonymous=404, kwargs=overdue_entry),
    "directory:entry#missing": Rule(allowed={}, anonymous=404, kwargs=lambda p: {"pk": 999999}),
    "directory:staff-entry#overdue": Rule(allowed=STAFF, kwargs=overdue_entry),
    "directory:staff-entry#missing": Rule(allowed={}, kwargs=lambda p: {"pk": 999999}),
    "directory:tool#missing": Rule(allowed={}, kwargs=lambda p: {"pk": 999999}),
    "directory:tool-assess#missing": Rule(allowed={}, kwargs=lambda p: {"pk": 999999}),
    # Team B's entry: its manager is not team A's, so only the administrator keeps it.
    "directory:change#team-b": Rule(allowed=only(("admin",)), kwargs=team_b_entry),
    "directory:check#team-b": Rule(allowed=only(("admin",)), kwargs=team_b_entry),
}
