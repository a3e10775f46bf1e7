"""Fixtures shared by every test: the named personas and signed-in clients."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Personas, build, sign_in


@pytest.fixture
def personas(db: None) -> Personas:
    return build()


@pytest.fixture
def client_for(personas: Personas):  # type: ignore[no-untyped-def]
    """client_for("clinician") gives a Client signed in as that persona."""

    def make(name: str) -> Client:
        return sign_in(Client(), personas.all()[name])

    return make
