"""The CapabilityStatement: built from the same table the API answers from
(``kinds``), so it says exactly what is supported; a test asks the API for
each thing it lists, and for something it does not (ADR 0036)."""

from __future__ import annotations

from typing import Any

from tandem.fhir.kinds import KINDS, search_params
from tandem.fhir.models import EXPORT_TYPES, WRITABLE_TYPES

SOFTWARE = "Tandem"
EXPORT_DEFINITION = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"
GROUP_EXPORT_DEFINITION = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"


def resource_entry(name: str) -> dict[str, Any]:
    kind = KINDS[name]
    interactions = ["read", "search-type"]
    entry: dict[str, Any] = {
        "type": name,
        "versioning": "versioned",
        "readHistory": False,
        "searchParam": [
            {"name": p.name, "type": p.type, "documentation": p.documentation}
            for p in search_params(kind).values()
        ],
    }
    if name in WRITABLE_TYPES:
        interactions += ["create", "update"]
        entry.update(versioning="versioned-update", updateCreate=False)
    entry["interaction"] = [{"code": code} for code in interactions]
    return entry


def statement(base: str) -> dict[str, Any]:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-06",
        "publisher": "Tandem",
        "kind": "instance",
        "software": {"name": SOFTWARE},
        "implementation": {"description": "Tandem FHIR API", "url": base},
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Client-credentials OAuth 2.0 with SMART-style system scopes; "
                    f"bulk export of {', '.join(EXPORT_TYPES)} (docs/fhir.md)."
                ),
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/"
                                    "restful-security-service",
                                    "code": "SMART-on-FHIR",
                                }
                            ]
                        }
                    ],
                    "extension": [
                        {
                            "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/"
                            "oauth-uris",
                            "extension": [{"url": "token", "valueUri": f"{base}auth/token"}],
                        }
                    ],
                },
                "resource": [resource_entry(name) for name in KINDS],
                "interaction": [{"code": "transaction"}],
                "operation": [
                    {"name": "export", "definition": EXPORT_DEFINITION},
                    {"name": "group-export", "definition": GROUP_EXPORT_DEFINITION},
                ],
            }
        ],
    }
