"""Access matrix for the FHIR API and its client pages (tandem/fhir/urls.py).

The API answers bearer tokens only: a signed-in session, whoever it belongs
to, gets 401 from every API endpoint (what each token scope reaches is in
``test_fhir_scopes``). The CapabilityStatement is public, as FHIR expects.
Only the service administrator reaches the pages that register clients.
"""

from __future__ import annotations

from tandem.fhir.services import register_client
from tests.access.matrix_rules import EVERYONE, Rule, only
from tests.personas import Personas


def a_client(p: Personas) -> dict[str, int]:
    made = register_client(
        actor=p.admin,
        name="Matrix client",
        owner="North Trust",
        teams=[p.team_a],
        resource_types=["Patient"],
        can_write=False,
    )
    return {"pk": made.client.pk}


TOKEN_ONLY = Rule(allowed={}, default=401, anonymous=401)
NOBODY_BY_GET = Rule(allowed={}, default=405, anonymous=405)

MATRIX: dict[str, Rule] = {
    "fhir:clients": Rule(allowed=only(("admin",))),
    "fhir:register": Rule(allowed=only(("admin",))),
    "fhir:client": Rule(allowed=only(("admin",)), kwargs=a_client),
    "fhir:revoke": Rule(allowed={}, default=405, anonymous=405, kwargs=a_client),
    "fhir:token": NOBODY_BY_GET,
    "fhir:system": NOBODY_BY_GET,
    "fhir:metadata": Rule(allowed=only(EVERYONE[1:]), anonymous=200),
    "fhir:export": TOKEN_ONLY,
    "fhir:group_export": Rule(
        allowed={}, default=401, anonymous=401, kwargs=lambda p: {"team": p.team_a.slug}
    ),
    "fhir:export_status": Rule(allowed={}, default=401, anonymous=401, kwargs=lambda p: {"pk": 1}),
    "fhir:export_file": Rule(
        allowed={},
        default=401,
        anonymous=401,
        kwargs=lambda p: {"pk": 1, "kind": "Patient", "part": 1},
    ),
    "fhir:type": Rule(allowed={}, default=401, anonymous=401, kwargs=lambda p: {"kind": "Patient"}),
    "fhir:instance": Rule(
        allowed={},
        default=401,
        anonymous=401,
        kwargs=lambda p: {"kind": "Patient", "pk": str(p.su.pk)},
    ),
}
OTHER_OBJECT: dict[str, Rule] = {}
