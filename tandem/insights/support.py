"""Support recommended to people (issue 25, ADR 0043): how many people were
recommended support in the period, which kinds, and by group.

Its own query and section, in the report's usual tables; every count is
suppressed and rounded by ``suppression``. A person counts once per kind and
once per group value however often they were recommended something.
"""

from __future__ import annotations

from collections import Counter

from tandem.directory.models import Need
from tandem.insights import definitions as defs
from tandem.insights import suppression as safe
from tandem.insights.outcome_queries import groups_of
from tandem.insights.queries import Scope, in_scope_people
from tandem.insights.sections import Section, Table
from tandem.support.models import Recommendation

DEFINITION = (
    "Services from the directory and digital tools a clinician recommended in the period to "
    "people open to a chosen team. A person is counted once in each row however many things "
    "they were recommended. 'By group' counts the people recommended anything."
)
TOOL = "Digital tool"


def _made(scope: Scope) -> list[tuple[int, str]]:
    """(person, kind) for every recommendation made in the period."""
    rows = Recommendation.objects.filter(
        service_user_id__in=in_scope_people(scope),
        recommended_at__gte=scope.start,
        recommended_at__lt=scope.end,
    ).values_list("service_user_id", "entry__need", "tool_id")
    return [(person, need or TOOL) for person, need, _tool in rows]


def section(scope: Scope) -> Section:
    made = _made(scope)
    people = sorted({person for person, _kind in made})
    by_kind = Counter(kind for _person, kind in set(made))
    labels = {**dict(Need.choices), TOOL: TOOL}
    kinds: list[list[str | safe.Shown]] = [
        [str(labels[kind]), safe.count(by_kind[kind])] for kind in [*Need.values, TOOL]
    ]
    anything: list[str | safe.Shown] = ["Anything", safe.count(len(people))]
    groups = groups_of(scope, people)
    group_rows: list[list[str | safe.Shown]] = []
    for group in defs.GROUPS:
        counted = Counter(groups[p][group.key] for p in people if p in groups)
        group_rows.extend(
            [group.label, label, safe.count(counted[code])] for code, label in group.values
        )
    return Section(
        "support",
        "Support recommended",
        [DEFINITION],
        tables=[
            Table(
                "support",
                "People recommended support in the period",
                ["Kind of support", "People"],
                [anything, *kinds],
            ),
            Table(
                "support-group",
                "People recommended support, by group",
                ["Group", "Value", "People"],
                group_rows,
                numeric_from=2,
            ),
        ],
    )
