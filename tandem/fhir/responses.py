"""FHIR JSON responses and OperationOutcomes: the one shape of every answer the
API gives, errors included."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

FHIR_JSON = "application/fhir+json; fhirVersion=4.0; charset=utf-8"


def fhir_json(
    body: dict[str, Any], *, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, separators=(",", ":")), status=status, content_type=FHIR_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def outcome_resource(severity: str, code: str, text: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": text}],
    }


def outcome(
    status: int, code: str, text: str, *, headers: dict[str, str] | None = None
) -> HttpResponse:
    return fhir_json(outcome_resource("error", code, text), status=status, headers=headers)


class FhirError(Exception):
    """A request the API answers with an OperationOutcome and ``status``."""

    def __init__(
        self, status: int, code: str, text: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(text)
        self.status, self.code, self.text, self.headers = status, code, text, headers

    def response(self) -> HttpResponse:
        return outcome(self.status, self.code, self.text, headers=self.headers)
