"""SMART-style scopes for API clients (ADR 0037).

django-oauth-toolkit asks this backend which scopes a client may be given when
it asks for a token: only those its registration allows (its resource types,
read, and write where registered for it), so a token never carries more than
the service administrator agreed. A revoked client gets none.
"""

from __future__ import annotations

from typing import Any

from oauth2_provider.scopes import BaseScopes

from tandem.fhir.models import RESOURCE_TYPES, WRITABLE_TYPES, ApiClient

ALL_SCOPES: dict[str, str] = {
    **{f"system/{kind}.read": f"Read {kind} resources" for kind in RESOURCE_TYPES},
    "system/*.read": "Read every resource type the API serves",
    **{f"system/{kind}.write": f"Create and update {kind} resources" for kind in WRITABLE_TYPES},
}


def client_of(application: Any) -> ApiClient | None:
    if application is None:
        return None
    found: ApiClient | None = ApiClient.objects.filter(
        application=application, revoked_at__isnull=True
    ).first()
    return found


class ClientScopes(BaseScopes):
    def get_all_scopes(self) -> dict[str, str]:
        return ALL_SCOPES

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        client = client_of(application)
        return client.scopes() if client is not None else []

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        # A token asked for without a scope gets the read scopes registered.
        client = client_of(application)
        return [s for s in client.scopes() if s.endswith(".read")] if client is not None else []


def may(scopes: set[str], kind: str, action: str) -> bool:
    """Whether a token's scopes allow ``action`` ('read' or 'write') on ``kind``."""
    return f"system/{kind}.{action}" in scopes or f"system/*.{action}" in scopes
