"""The FHIR half of the sections added to the download in issue 16: the safety
plan and its versions, the diary, check-ins, questionnaires, alerts and what
staff did, help with technology and devices, referrals, planned contact and
calls (ADR 0012, addendum).

Each section uses the R4B resource that says most plainly what it is, with the
same models and full URLs as ``export_fhir``:

- a safety plan version, the diary plan (its warning signs as activities), a
  check-in schedule and a planned contact: ``CarePlan``. Versions of the safety
  plan point at the one they replaced; only the newest is ``active``.
- a diary entry: one ``Observation`` with a component per value (mood, sleep,
  anxiety, medication: the API's items, codes and values, from
  ``tandem.fhir.mapping``; each warning sign's rating) and the person's note.
- a questionnaire: a ``QuestionnaireResponse`` with each question and answer in
  words (built by ``tandem.fhir.mapping``, as the API's); a complete one also
  has an ``Observation`` of its total and published band (LOINC codes for
  PHQ-9 and GAD-7 totals), derived from it.
- an alert, a flagged message, a task about the person, a request for help or
  for a change in how they are seen: a ``Task`` whose status says how far it
  got and whose business status says what staff did (built in ``export_fhir_tasks``).
- a device lent: a ``Device`` and a ``DeviceUseStatement`` for the loan.
- a referral: a ``ServiceRequest``; a video or phone call: an ``Encounter``;
  each time the person was open to a team: an ``EpisodeOfCare``.

Free-text notes staff wrote are left out, as in the PDF; a resource whose
record has one says that a note is held.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.device import Device
from fhir.resources.R4B.deviceusestatement import DeviceUseStatement
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.servicerequest import ServiceRequest

from tandem.appointments.models import ContactPlan, Referral
from tandem.consult.models import CallRoom
from tandem.diary.models import SIGN_RATING_LABELS, CheckInSchedule, DiaryEntry, DiaryPlan
from tandem.fhir import answers
from tandem.fhir.answers import questionnaire_total
from tandem.fhir.mapping import build, full_url, instant, section, text
from tandem.fhir.plans import care_plan_version, plan_version
from tandem.inclusion.models import DeviceLoan
from tandem.measures.queries import how_often
from tandem.people.models import CaseloadEntry
from tandem.record import export_fhir_tasks as tasks
from tandem.record.export_pdf import diary_tracks
from tandem.record.queries import AnsweredQuestionnaire, FullRecord

# Tandem's own code systems, as URNs (as in export_fhir).
ASSET_TAG = "urn:tandem:device-asset-tag"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

Entries = list[tuple[str, Resource]]


def date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def period(start: str | None, end: str | None) -> dict[str, str] | None:
    found = {k: v for k, v in (("start", start), ("end", end)) if v}
    return found or None


# --- Safety plan -----------------------------------------------------------------------


def safety_plan(full: FullRecord, patient: dict[str, str]) -> Entries:
    entries: Entries = []
    versions = full.plan_versions  # newest first
    for i, version in enumerate(versions):
        older = versions[i + 1] if i + 1 < len(versions) else None
        reviews = [r for r in full.plan_reviews if r.version_number == version.number]
        entries.append(
            (
                full_url("CarePlan/safety-plan", version.pk),
                plan_version(
                    version,
                    patient,
                    newest=i == 0,
                    older=full_url("CarePlan/safety-plan", older.pk) if older else None,
                    reviews=reviews,
                ),
            )
        )
    return entries


def care_plan(full: FullRecord, patient: dict[str, str]) -> Entries:
    versions = full.care_plan_versions  # newest first
    return [
        (
            full_url("CarePlan/care-plan", version.pk),
            care_plan_version(
                version,
                patient,
                newest=i == 0,
                older=full_url("CarePlan/care-plan", versions[i + 1].pk)
                if i + 1 < len(versions)
                else None,
            ),
        )
        for i, version in enumerate(versions)
    ]


# --- Diary and check-ins ----------------------------------------------------------------


def diary_plan(plan: DiaryPlan, full: FullRecord, patient: dict[str, str]) -> CarePlan:
    tracks = ", ".join(diary_tracks(plan)) or "warning signs only"
    shared = f"shared with {plan.team.name}" if plan.share_with_team else "not shared with the team"
    return build(
        CarePlan,
        status="active",
        intent="plan",
        category=section("diary", "Diary"),
        title="Diary",
        description=f"Tracks {tracks}; {shared}.",
        subject=patient,
        created=instant(plan.set_up_at),
        author={"display": plan.set_up_by.full_name},
        activity=[
            {
                "detail": {
                    "code": text("Warning sign"),
                    "status": "stopped" if sign.retired_at else "in-progress",
                    "description": sign.words,
                }
            }
            for sign in full.warning_signs
        ]
        or None,
    )


def diary_entry(entry: DiaryEntry, patient: dict[str, str]) -> Observation:
    # The same items, codes and values as the API's diary Observations.
    components: list[dict[str, Any]] = [
        answers.diary_component(entry, item)
        for item in answers.DIARY_ITEMS.values()
        if getattr(entry, item.field) is not None
    ]
    for rating in entry.sign_ratings.all():
        components.append(
            {
                "code": text(f"Warning sign: {rating.sign.words} (0 to 4)"),
                "valueInteger": rating.rating,
                "interpretation": [text(str(SIGN_RATING_LABELS.get(rating.rating, "")))],
            }
        )
    return build(
        Observation,
        status="final",
        category=section("diary", "Diary"),
        code=text("Diary entry"),
        subject=patient,
        effectiveDateTime=entry.day.isoformat(),
        issued=instant(entry.submitted_at),
        component=components or None,
        note=[{"text": entry.note}] if entry.note else None,
    )


def schedule(found: CheckInSchedule, patient: dict[str, str]) -> CarePlan:
    what = found.instrument.short_title if found.instrument else "Diary"
    return build(
        CarePlan,
        status="completed" if found.ended_at else "active",
        intent="plan",
        category=section("check-in", "Check-in schedule"),
        title=f"Check-in: {what}",
        subject=patient,
        created=instant(found.agreed_at),
        author={"display": found.agreed_by.full_name},
        period=period(
            found.starts_on.isoformat(), instant(found.ended_at) if found.ended_at else None
        ),
        activity=[
            {
                "detail": {
                    "code": text(what),
                    "status": "stopped" if found.ended_at else "in-progress",
                    "scheduledString": how_often(found),
                    "description": f"Agreed with {found.team.name}",
                }
            }
        ],
    )


# --- Questionnaires ------------------------------------------------------------------


def questionnaire_response(q: AnsweredQuestionnaire, patient: dict[str, str]) -> Resource:
    return answers.questionnaire_response(q, patient)


def total(q: AnsweredQuestionnaire, patient: dict[str, str], response_url: str) -> Resource:
    return questionnaire_total(
        q.response, patient, title=q.short_title, note=f"{q.result}.", derived_from=response_url
    )


def questionnaires(full: FullRecord, patient: dict[str, str]) -> Entries:
    entries: Entries = []
    for q in full.responses:
        url = full_url("QuestionnaireResponse", q.response.pk)
        entries.append((url, questionnaire_response(q, patient)))
        if q.response.complete and q.response.total is not None:
            entries.append((full_url("Observation/total", q.response.pk), total(q, patient, url)))
    return entries


# --- Devices, referrals, planned contact, calls ----------------------------------------


def device(loan: DeviceLoan, patient: dict[str, str]) -> Device:
    return build(
        Device,
        identifier=[{"system": ASSET_TAG, "value": loan.asset_tag}],
        status="inactive" if loan.returned_on else "active",
        type=text(loan.get_device_type_display()),
        patient=patient,
    )


def device_use(loan: DeviceLoan, patient: dict[str, str], device_url: str) -> DeviceUseStatement:
    return build(
        DeviceUseStatement,
        status="completed" if loan.returned_on else "active",
        subject=patient,
        device={"reference": device_url},
        timingPeriod=period(date(loan.lent_on), date(loan.returned_on)),
        note=[{"text": f"Lent by your care team; due back {loan.return_due:%-d %B %Y}."}],
    )


def referral(found: Referral, patient: dict[str, str]) -> ServiceRequest:
    notes = []
    if found.first_offered_on:
        notes.append(
            f"First offered {found.first_offered_on:%-d %B %Y} "
            f"({found.get_first_offered_modality_display()})"
        )
    if found.first_held_on:
        notes.append(
            f"First seen {found.first_held_on:%-d %B %Y} "
            f"({found.get_first_held_modality_display()})"
        )
    return build(
        ServiceRequest,
        status="completed" if found.closed_on else "active",
        intent="order",
        category=section("referral", "Referral"),
        code=text(f"Referral to {found.team.name}"),
        subject=patient,
        authoredOn=found.received_on.isoformat(),
        requester={"display": found.source} if found.source else None,
        performer=[{"display": found.team.name}],
        note=[{"text": n} for n in notes] or None,
    )


def contact_plan(found: ContactPlan, patient: dict[str, str]) -> CarePlan:
    return build(
        CarePlan,
        status="completed" if found.ended_on else "active",
        intent="plan",
        category=section("planned-contact", "Planned contact"),
        title=found.description,
        subject=patient,
        period=period(date(found.started_on), date(found.ended_on)),
        activity=[
            {
                "detail": {
                    "code": text(found.get_modality_display()),
                    "status": "stopped" if found.ended_on else "in-progress",
                    "scheduledString": f"Every {found.every_days} days",
                    "performer": [{"display": found.clinician.user.full_name}],
                    "description": f"With {found.clinician.user.full_name}, {found.team.name}",
                }
            }
        ],
    )


def call(room: CallRoom, patient: dict[str, str], present: set[str]) -> Encounter:
    appointment = full_url("Appointment", room.appointment_id)
    if room.ended_at:
        status = "finished"
    elif room.started_at:
        status = "in-progress"
    else:
        status = "planned"
    return build(
        Encounter,
        status=status,
        # 'VR' (virtual) for a video call; the switch to phone is said in words.
        **{"class": {"system": ACT_CODE, "code": "VR", "display": "virtual"}},
        type=[text("Moved to a phone call")] if room.switched_to_phone_at else None,
        subject=patient,
        appointment=[{"reference": appointment}] if appointment in present else None,
        period=period(
            instant(room.started_at) if room.started_at else None,
            instant(room.ended_at) if room.ended_at else None,
        ),
        participant=[
            {
                "type": [text(f"{p.get_kind_display()} ({p.get_state_display().lower()})")],
                "individual": {"display": p.name},
            }
            for p in room.participants.all()
        ]
        or None,
    )


def episode(entry: CaseloadEntry, patient: dict[str, str]) -> EpisodeOfCare:
    coordinator = entry.care_coordinator
    return build(
        EpisodeOfCare,
        status="finished" if entry.closed_on else "active",
        patient=patient,
        managingOrganization={"display": entry.team.name},
        period=period(date(entry.opened_on), date(entry.closed_on)),
        careManager={"display": coordinator.user.full_name} if coordinator else None,
    )


def entries(full: FullRecord, patient_url: str, present: set[str]) -> Entries:
    """Every resource for the sections above, with its full URL. ``present`` is
    the full URLs already in the Bundle, so references point only at what is there."""
    patient = {"reference": patient_url}
    found: Entries = [(full_url("EpisodeOfCare", e.pk), episode(e, patient)) for e in full.teams]
    found += safety_plan(full, patient)
    found += care_plan(full, patient)
    if full.diary_plan:
        found.append(
            (
                full_url("CarePlan/diary", full.diary_plan.pk),
                diary_plan(full.diary_plan, full, patient),
            )
        )
    found += [
        (full_url("Observation/diary", e.pk), diary_entry(e, patient)) for e in full.diary_entries
    ]
    found += [(full_url("CarePlan/check-in", s.pk), schedule(s, patient)) for s in full.schedules]
    found += questionnaires(full, patient)
    present = present | {url for url, _ in found}
    found += tasks.entries(full, patient, present)
    for loan in full.device_loans:
        device_url = full_url("Device", loan.pk)
        found.append((device_url, device(loan, patient)))
        found.append(
            (full_url("DeviceUseStatement", loan.pk), device_use(loan, patient, device_url))
        )
    found += [(full_url("ServiceRequest", r.pk), referral(r, patient)) for r in full.referrals]
    found += [
        (full_url("CarePlan/contact", c.pk), contact_plan(c, patient)) for c in full.contact_plans
    ]
    found += [(full_url("Encounter", c.pk), call(c, patient, present)) for c in full.calls]
    return found
