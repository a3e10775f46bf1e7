"""The safety plan and the care plan as FHIR CarePlans, one a version, part
of the one mapping (``tandem.fhir.mapping``, ADR 0036) that the FHIR API and the
person's download share; the two are told apart by their category."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.careplan import CarePlan

from tandem.careplans.models import PARTS as CARE_PLAN_PARTS
from tandem.careplans.models import CarePlanVersion
from tandem.fhir.mapping import build, instant, section, text
from tandem.safety.models import SECTIONS, PlanReview, PlanVersion


def _version(
    version: PlanVersion | CarePlanVersion,
    patient: dict[str, str],
    *,
    newest: bool,
    older: str | None,
    code: str,
    name: str,
    **fields: Any,
) -> CarePlan:
    """What both plans' versions say alike: which version, who saved it and when,
    what changed, and the one it replaced."""
    changed = "; ".join(version.changed_headings)
    return build(
        CarePlan,
        # An older version was replaced by the next: 'revoked' is FHIR's word for
        # a plan ended before completion, 'though it may have been replaced'.
        status="active" if newest else "revoked",
        intent="plan",
        category=section(code, name),
        title=f"{name}, version {version.number}",
        description=f"Changed: {changed}" if changed else None,
        subject=patient,
        created=instant(version.saved_at),
        author={"display": version.saved_by_name},
        replaces=[{"reference": older}] if older else None,
        **fields,
    )


def plan_version(
    version: PlanVersion,
    patient: dict[str, str],
    *,
    newest: bool,
    older: str | None,
    reviews: list[PlanReview],
) -> CarePlan:
    notes: list[dict[str, Any]] = [
        {"text": f"{s.heading}: {version.text_of(s.key) or 'Nothing written'}"} for s in SECTIONS
    ]
    notes += [
        {
            "authorString": r.reviewed_by_name,
            "time": instant(r.reviewed_at),
            "text": f"Reviewed; next review by {r.next_review_on:%-d %B %Y}."
            + (f" {r.note}" if r.note else ""),
        }
        for r in reviews
    ]
    return _version(
        version,
        patient,
        newest=newest,
        older=older,
        code="safety-plan",
        name="Safety plan",
        note=notes,
    )


def care_plan_version(
    version: CarePlanVersion, patient: dict[str, str], *, newest: bool, older: str | None
) -> CarePlan:
    """A version of the care plan written together (issue 24): a CarePlan told
    apart from the safety plan by its category. What the person, the team and
    others will do are its activities, each with when; what matters, the goals,
    the person's answer and their comments are notes."""
    activities = [
        {
            "detail": {
                "code": text(part.heading),
                "status": "in-progress" if newest else "stopped",
                "description": version.text_of(part.key),
                "scheduledString": version.text_of(part.when_key) or None,
            }
        }
        for part in CARE_PLAN_PARTS
        if part.when_key and version.text_of(part.key)
    ]
    notes: list[dict[str, Any]] = [
        {"text": f"{part.heading}: {version.text_of(part.key)}"}
        for part in CARE_PLAN_PARTS
        if not part.when_key and version.text_of(part.key)
    ]
    notes.append({"text": f"To be reviewed together by {version.review_on:%-d %B %Y}."})
    answer = getattr(version, "agreement", None)
    if answer is not None:
        said = (
            "The person agreed with this version."
            if answer.agreed
            else f"The person did not agree with this version: {answer.reason}"
        )
        notes.append(
            {
                "time": instant(answer.recorded_at),
                # One recorded by staff says so, and who, so it is never read as the person's own.
                "text": f"{said} {answer.on_behalf}" if answer.by_staff else said,
                **({"authorString": answer.recorded_by_name} if answer.by_staff else {}),
            }
        )
    notes += [
        {"time": instant(c.written_at), "text": f"The person commented: {c.text}"}
        for c in version.comments.all()
    ]
    return _version(
        version,
        patient,
        newest=newest,
        older=older,
        code="care-plan",
        name="Care plan",
        note=notes,
        activity=activities or None,
    )
