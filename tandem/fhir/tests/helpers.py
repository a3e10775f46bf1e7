"""Registered API clients, their tokens, and the independent R4 validator the
API's tests check every resource with."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.test import Client
from fhirclient.models.fhirelementfactory import FHIRElementFactory

from tandem.fhir.models import RESOURCE_TYPES
from tandem.fhir.services import Registered, register_client
from tandem.people.models import CareTeam, User

FHIR = "application/fhir+json"


def r4_valid(resource: dict[str, Any]) -> dict[str, Any]:
    """Check ``resource`` against FHIR R4 (4.0.1) with fhirclient's models, which
    we did not write: types, formats, required and unknown elements. Raises
    FHIRValidationError naming what is wrong; Bundles are checked entry by entry."""
    FHIRElementFactory.instantiate(resource["resourceType"], resource)
    for entry in resource.get("entry", []) if resource["resourceType"] == "Bundle" else []:
        if "resource" in entry:
            r4_valid(entry["resource"])
    return resource


def register(
    actor: User,
    teams: Iterable[CareTeam],
    *,
    types: Iterable[str] = RESOURCE_TYPES,
    can_write: bool = False,
    name: str = "North Trust EPR",
) -> Registered:
    return register_client(
        actor=actor,
        name=name,
        owner="North Trust, integration team",
        teams=list(teams),
        resource_types=list(types),
        can_write=can_write,
    )


def token_response(made: Registered, scope: str | None = None, *, secret: str | None = None) -> Any:
    basic = base64.b64encode(f"{made.client_id}:{secret or made.client_secret}".encode()).decode()
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    return Client().post("/fhir/auth/token", data, HTTP_AUTHORIZATION=f"Basic {basic}")


def token(made: Registered, scope: str | None = None) -> str:
    """A token with ``scope``, or with every scope the client is registered for."""
    response = token_response(made, " ".join(made.client.scopes()) if scope is None else scope)
    assert response.status_code == 200, response.content
    return str(json.loads(response.content)["access_token"])


@dataclass
class Api:
    """A test client that sends the bearer token, as a trust's engine would."""

    bearer: str

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.bearer}", **extra}
        if body is not None:
            kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
            kwargs["content_type"] = FHIR
        return getattr(Client(), method.lower())(path, **kwargs)

    def get(self, path: str, **headers: str) -> Any:
        return self.call("GET", path, **headers)

    def json(self, path: str) -> dict[str, Any]:
        response = self.get(path)
        assert response.status_code == 200, response.content
        return r4_valid(json.loads(response.content))


def outcome_of(response: Any) -> str:
    """The OperationOutcome's diagnostics (checked as R4 too)."""
    body = r4_valid(json.loads(response.content))
    assert body["resourceType"] == "OperationOutcome"
    return str(body["issue"][0]["diagnostics"])
