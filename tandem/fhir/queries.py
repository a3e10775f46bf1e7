"""Reads for the service administrator's API client pages. Clients hold no
personal data; only a service administrator reaches these (``views``)."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.access.records import fetch_one
from tandem.fhir.models import ApiClient
from tandem.people.models import CareTeam, User


def clients_for(user: User) -> QuerySet[ApiClient]:
    if not user.has_perm("people.configure_service"):
        return ApiClient.objects.none()
    return ApiClient.objects.select_related("application").prefetch_related("teams")


def client_for(user: User, *, pk: int) -> ApiClient:
    return fetch_one(clients_for(user), actor=user, pk=pk)


def teams_for(user: User) -> list[CareTeam]:
    if not user.has_perm("people.configure_service"):
        return []
    return list(CareTeam.objects.order_by("name"))
