"""The download's FHIR ``Task`` resources: what was asked of or raised about the
person and what staff did about it (ADR 0012, addendum).

An alert, a flagged message, a task about the person, a request for help with
technology or for a change in how they are seen is each a ``Task`` whose status
says how far it got and whose business status says what staff did. Free-text
notes staff wrote are left out, as in the PDF: a note says one is held.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.task import Task

from tandem.alerts.models import Alert, AlertState
from tandem.fhir.mapping import build, full_url, instant, section, text
from tandem.inclusion.models import HelpRequest, HelpStatus, ModalityChangeRequest
from tandem.record.export_pdf import NOTE_HELD
from tandem.record.queries import FullRecord
from tandem.warnings.models import Flag
from tandem.worklist.models import WorkItem

ALERT_STATUS = {
    AlertState.OPEN: "requested",
    AlertState.ACKNOWLEDGED: "in-progress",
    AlertState.CLOSED: "completed",
}
HELP_STATUS = {
    HelpStatus.OPEN: "requested",
    HelpStatus.PICKED_UP: "in-progress",
    HelpStatus.CLOSED: "completed",
}


def task(
    *,
    category: str,
    code: str,
    status: str,
    patient: dict[str, str],
    authored: dt.datetime,
    description: str | None = None,
    done: str | None = None,
    notes: list[tuple[dt.datetime | None, str | None, str]] | None = None,
    **extra: Any,
) -> Task:
    """A Task about the person; ``done`` is what staff recorded they did."""
    return build(
        Task,
        status=status,
        intent="order",
        code={"text": code, "coding": section(category, code)[0]["coding"]},
        description=description or None,
        businessStatus=text(done) if done else None,
        authoredOn=instant(authored),
        note=[
            {
                k: v
                for k, v in (
                    ("time", instant(at) if at else None),
                    ("authorString", who),
                    ("text", words),
                )
                if v
            }
            for at, who, words in (notes or [])
        ]
        or None,
        **{"for": patient},
        **extra,
    )


def name_of(user: Any) -> str | None:
    return user.full_name if user is not None else None


def alert(found: Alert, patient: dict[str, str], present: set[str]) -> Task:
    notes: list[tuple[dt.datetime | None, str | None, str]] = [
        (found.raised_at, None, reason) for reason in found.reasons
    ]
    if found.acknowledged_at:
        notes.append((found.acknowledged_at, name_of(found.acknowledged_by), "Acknowledged"))
    if found.escalated_to_duty_at:
        notes.append((found.escalated_to_duty_at, None, "Passed to the duty clinician"))
    if found.escalated_to_managers_at:
        notes.append((found.escalated_to_managers_at, None, "Passed to the team's managers"))
    if found.action_note:
        notes.append((found.closed_at, name_of(found.closed_by), NOTE_HELD))
    focus = full_url("QuestionnaireResponse", found.response_id) if found.response_id else None
    return task(
        category="alert",
        code=found.get_kind_display(),
        status=ALERT_STATUS[AlertState(found.state)],
        patient=patient,
        authored=found.raised_at,
        description=found.summary,
        done=found.get_action_display() if found.action else None,
        notes=notes,
        focus={"reference": focus} if focus in present else None,
        owner={"display": found.team.name},
        lastModified=instant(found.closed_at or found.acknowledged_at or found.raised_at),
        restriction={"period": {"end": instant(found.respond_by)}},
    )


def flag(found: Flag, patient: dict[str, str], present: set[str]) -> Task:
    message = full_url("Communication/message", found.message_id)
    notes: list[tuple[dt.datetime | None, str | None, str]] = []
    if found.note:
        notes.append((found.closed_at, name_of(found.closed_by), NOTE_HELD))
    return task(
        category="message-flag",
        code="Worrying words in a message",
        status="completed" if found.closed_at else "requested",
        patient=patient,
        authored=found.created_at,
        description=f"{found.thread.subject}: {found.reasons}",
        done=(found.get_action_display() or found.get_status_display())
        if found.closed_at
        else None,
        notes=notes,
        focus={"reference": message} if message in present else None,
    )


def work_item(found: WorkItem, patient: dict[str, str]) -> Task:
    notes: list[tuple[dt.datetime | None, str | None, str]] = []
    if found.outcome:
        notes.append((found.done_at, name_of(found.done_by), NOTE_HELD))
    return task(
        category="team-task",
        code=found.title,
        status="completed" if found.done_at else "requested",
        patient=patient,
        authored=found.raised_at,
        description=found.reason,
        done="Done" if found.done_at else None,
        notes=notes,
        owner={"display": found.team.name},
    )


def help_request(found: HelpRequest, patient: dict[str, str]) -> Task:
    notes: list[tuple[dt.datetime | None, str | None, str]] = [
        (
            g.recorded_at,
            name_of(g.recorded_by),
            g.get_kind_display()
            + (f" ({g.data_amount})" if g.data_amount else "")
            + (f". {NOTE_HELD}" if g.notes else ""),
        )
        for g in found.help.all()
    ]
    return task(
        category="tech-help",
        code=f"Help with technology: {found.get_topic_display()}",
        status=HELP_STATUS[HelpStatus(found.status)],
        patient=patient,
        authored=found.raised_at,
        description=found.details,
        done=found.outcome or None,
        notes=notes,
        requester=patient,
    )


def change_request(found: ModalityChangeRequest, patient: dict[str, str]) -> Task:
    decided = found.get_outcome_display() if found.outcome else None
    if decided and found.outcome_reason:
        decided = f"{decided}: {found.outcome_reason}"
    return task(
        category="change-request",
        code="Change how I am seen",
        status="completed" if found.outcome else "requested",
        patient=patient,
        authored=found.raised_at,
        description=f"{found.applies_to}: {found.get_modality_display()}"
        + (f". {found.reason}" if found.reason else ""),
        done=decided,
    )


def entries(
    full: FullRecord, patient: dict[str, str], present: set[str]
) -> list[tuple[str, Resource]]:
    """Every Task, with its full URL; ``present`` is the full URLs already in the
    Bundle, so a Task's focus points only at what is there."""
    found: list[tuple[str, Resource]] = []
    found += [(full_url("Task/alert", a.pk), alert(a, patient, present)) for a in full.alerts]
    found += [(full_url("Task/flag", f.pk), flag(f, patient, present)) for f in full.flags]
    found += [(full_url("Task/work", w.pk), work_item(w, patient)) for w in full.work_items]
    found += [(full_url("Task/help", h.pk), help_request(h, patient)) for h in full.help_requests]
    found += [
        (full_url("Task/change", c.pk), change_request(c, patient)) for c in full.change_requests
    ]
    return found
