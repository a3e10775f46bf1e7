"""Access matrix for the task list: every URL named ``worklist:...`` must be here.

Items for managers only are checked with a team-A manager item; ordinary items
are for every member of the team.
"""

from __future__ import annotations

from collections.abc import Callable

from tandem.people.models import CareTeam
from tandem.worklist.models import WorkItem
from tests.access.matrix_rules import CLINICAL_STAFF, Rule, only
from tests.personas import Personas


def item_for(
    *, other: bool = False, managers: bool = False
) -> Callable[[Personas], dict[str, int]]:
    def kwargs(p: Personas) -> dict[str, int]:
        team: CareTeam = p.team_b if other else p.team_a
        item = WorkItem.objects.create(
            team=team,
            kind="other",
            title="Synthetic task",
            reason="For the access matrix",
            service_user=p.other_su if other else p.su,
            about_key=f"matrix:{other}:{managers}",
            for_managers=managers,
        )
        return {"pk": item.pk}

    return kwargs


MATRIX: dict[str, Rule] = {
    "worklist:index": Rule(allowed=only(CLINICAL_STAFF)),
    "worklist:item": Rule(allowed=only(("clinician", "colleague", "manager")), kwargs=item_for()),
}

OTHER_OBJECT: dict[str, Rule] = {
    "worklist:item": Rule(allowed=only(("outsider",)), kwargs=item_for(other=True)),
    # Items for managers reach the team's managers and nobody else.
    "worklist:item#managers": Rule(allowed=only(("manager",)), kwargs=item_for(managers=True)),
}
