"""Access matrix for secure messaging.

Threads are made by the kwargs functions: Sam's own thread (with a file),
Alex's carer thread about Sam (which needs 'message the team'), and Kit's
thread in team B for the OTHER_OBJECT checks. The personas' carer has neither
'message the team' nor 'see my messages', so reaches no thread at all unless a
variant grants the scope.
"""

from __future__ import annotations

from tandem.messaging.attachments import CheckedFile
from tandem.messaging.models import Thread
from tandem.messaging.tests.helpers import alex_writes, kit_writes, sam_writes
from tests.access.matrix_rules import (
    CLINICAL_STAFF,
    SERVICE_USERS,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)
from tests.personas import Personas

PDF = (
    b"%PDF-1.3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _file() -> CheckedFile:
    return CheckedFile(filename="note.pdf", content_type="application/pdf", data=PDF, sha256="0")


def sams_thread(p: Personas) -> Thread:
    return sam_writes(p, files=[_file()])


def kits_thread(p: Personas) -> Thread:
    return kit_writes(p, files=[_file()])


def sam_thread_pk(p: Personas) -> dict[str, int]:
    return {"pk": sams_thread(p).pk}


def kit_thread_pk(p: Personas) -> dict[str, int]:
    return {"pk": kits_thread(p).pk}


def sam_file_pk(p: Personas) -> dict[str, int]:
    return {"pk": sams_thread(p).messages.get().attachments.get().pk}


def kit_file_pk(p: Personas) -> dict[str, int]:
    return {"pk": kits_thread(p).messages.get().attachments.get().pk}


def grant(p: Personas, **scopes: bool) -> None:
    for name, value in scopes.items():
        setattr(p.carer_link, name, value)
    p.carer_link.save()


def alex_thread_pk(p: Personas) -> dict[str, int]:
    return {"pk": alex_writes(p).pk}


def alex_thread_withdrawn_pk(p: Personas) -> dict[str, int]:
    from django.utils import timezone

    found = alex_thread_pk(p)
    p.carer_link.withdrawn_at = timezone.now()
    p.carer_link.save()
    return found


def sam_thread_shared_pk(p: Personas) -> dict[str, int]:
    grant(p, can_see_messages=True)
    return sam_thread_pk(p)


def su_pk_scoped(p: Personas) -> dict[str, int]:
    grant(p, can_message_team=True)
    return su_pk(p)


MATRIX: dict[str, Rule] = {
    "messaging:mine": Rule(allowed=only(SERVICE_USERS)),
    "messaging:new": Rule(allowed=only(SERVICE_USERS)),
    # Sam's thread: Sam only; Alex has no 'see my messages' scope.
    "messaging:thread": Rule(allowed=only(("service_user",)), kwargs=sam_thread_pk),
    "messaging:carer-index": Rule(allowed=only(("carer",))),
    # Without 'message the team' nobody may write about Sam as a carer...
    "messaging:carer-new": Rule(allowed={}, kwargs=su_pk),
    "messaging:attachment": Rule(allowed=only(("service_user", *TEAM_A_STAFF)), kwargs=sam_file_pk),
    "messaging:inbox": Rule(allowed=only(CLINICAL_STAFF)),
    "messaging:staff-thread": Rule(allowed=only(TEAM_A_STAFF), kwargs=sam_thread_pk),
    "messaging:staff-follow-up": Rule(allowed=only(TEAM_A_STAFF), kwargs=sam_thread_pk),
    "messaging:staff-hand-over": Rule(allowed=only(TEAM_A_STAFF), kwargs=sam_thread_pk),
    "messaging:staff-new": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "messaging:overdue": Rule(allowed=only(("manager",))),
    "messaging:settings": Rule(allowed=only(("manager",))),
}

# The same URLs for team B's service user, Kit: only Kit and team B's staff;
# and variants for carers' scopes.
OTHER_OBJECT: dict[str, Rule] = {
    # With 'see my messages', Alex reads Sam's thread too.
    "messaging:thread#shared": Rule(
        allowed=only(("service_user", "carer")), kwargs=sam_thread_shared_pk
    ),
    # Alex's own thread about Sam: Alex only, never Sam; team A's staff in the inbox.
    "messaging:thread#carer": Rule(allowed=only(("carer",)), kwargs=alex_thread_pk),
    "messaging:staff-thread#carer": Rule(allowed=only(TEAM_A_STAFF), kwargs=alex_thread_pk),
    # Once Sam withdraws the link, nobody reaches Alex's thread from the carer's side.
    "messaging:thread#withdrawn": Rule(allowed={}, kwargs=alex_thread_withdrawn_pk),
    # With 'message the team', Alex may write about Sam.
    "messaging:carer-new#scoped": Rule(allowed=only(("carer",)), kwargs=su_pk_scoped),
    "messaging:thread": Rule(allowed=only(("other_service_user",)), kwargs=kit_thread_pk),
    "messaging:attachment": Rule(
        allowed=only(("other_service_user", "outsider")), kwargs=kit_file_pk
    ),
    "messaging:carer-new": Rule(allowed={}, kwargs=other_su_pk),
    "messaging:staff-thread": Rule(allowed=only(("outsider",)), kwargs=kit_thread_pk),
    "messaging:staff-follow-up": Rule(allowed=only(("outsider",)), kwargs=kit_thread_pk),
    "messaging:staff-hand-over": Rule(allowed=only(("outsider",)), kwargs=kit_thread_pk),
    "messaging:staff-new": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
}
