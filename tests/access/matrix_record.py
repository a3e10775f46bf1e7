"""Access matrix for 'My record' and its downloads (tandem/record/urls.py).

Every page is the signed-in service user's own: other people, staff and carers
included, get the standard 404. A download belongs to the person it is about:
Sam's export is Sam's alone and Kit's is Kit's alone, for the PDF and the FHIR
file alike.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.people.models import ServiceUser, User
from tandem.record.models import KEPT_FOR, ExportStatus, RecordExport
from tests.access.matrix_rules import SERVICE_USERS, Rule, only
from tests.personas import Personas


def ready_export(person: ServiceUser, by: User) -> RecordExport:
    now = timezone.now()
    return RecordExport.objects.create(
        service_user=person,
        requested_by=by,
        status=ExportStatus.READY,
        created_at=now - dt.timedelta(minutes=2),
        ready_at=now,
        expires_at=now + KEPT_FOR,
        pdf=b"%PDF-1.7 synthetic",
        fhir_json=b'{"resourceType": "Bundle", "type": "collection"}',
        pdf_size=18,
        json_size=48,
    )


def sams_export(p: Personas) -> dict[str, int]:
    return {"pk": ready_export(p.su, p.service_user).pk}


def kits_export(p: Personas) -> dict[str, int]:
    return {"pk": ready_export(p.other_su, p.other_service_user).pk}


OWN = Rule(allowed=only(SERVICE_USERS))
SAM = Rule(allowed=only(("service_user",)), kwargs=sams_export)
KIT = Rule(allowed=only(("other_service_user",)), kwargs=kits_export)

MATRIX: dict[str, Rule] = {
    "record:mine": OWN,
    "record:appointments": OWN,
    "record:decisions": OWN,
    "record:letters": OWN,
    "record:messages": OWN,
    "record:downloads": OWN,
    "record:export-pdf": SAM,
    "record:export-json": SAM,
}

OTHER_OBJECT: dict[str, Rule] = {
    "record:export-pdf": KIT,
    "record:export-json": KIT,
}
