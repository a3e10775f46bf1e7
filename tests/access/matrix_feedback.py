"""Access matrix for feedback (tandem/feedback/urls.py) and its results in
Insights (tandem/insights/urls.py).

- The feedback link answers anyone, signed in or not: the link is what lets
  them in, and it shows nothing about the person. A forged link gives the
  same 404 page as a used or expired one.
- Entering a paper form posted back answers clinicians and managers; the form
  itself (found by its reference) only the staff of the team that asked, with
  the same 404 for another team's form and a reference that does not exist.
- 'You said, we did' (publishing and withdrawing) answers the managers of the
  note's team only; the results in Insights answer managers only.
"""

from __future__ import annotations

from tandem.feedback import requests, services
from tandem.feedback.models import FeedbackRequest, Occasion
from tandem.people.models import CareTeam
from tandem.preferences.models import ContactPreferences
from tests.access.matrix_rules import CLINICAL_STAFF, SIGNED_IN, TEAM_A_STAFF, Rule, only
from tests.personas import Personas


def working_link(p: Personas) -> dict[str, object]:
    # Only people with a way to receive the request are asked.
    ContactPreferences.objects.create(
        service_user=p.su, recorded_by=p.clinician, by_sms=True, preferred_channel="sms"
    )
    asked = requests.ask(
        service_user=p.su,
        team=p.team_a,
        occasion=Occasion.CONTACT,
        about_key="matrix:feedback",
        modality="video",
    )
    assert asked is not None
    return {"token": asked.path.rstrip("/").rsplit("/", 1)[-1]}


def forged_link(p: Personas) -> dict[str, object]:
    return {"token": "0" * 64}


def _paper_form(p: Personas, team: CareTeam) -> dict[str, object]:
    working_link(p)
    request = FeedbackRequest.objects.get(about_key="matrix:feedback")
    if team != p.team_a:
        request.team = team
        request.save(update_fields=["team"])
    return {"reference": request.paper_reference}


def _note(p: Personas, team: CareTeam) -> dict[str, int]:
    note = services.publish_note(
        actor=p.manager, team=p.team_a, you_said="Evening times", we_did="Added Thursday evenings"
    )
    if team != p.team_a:
        note.team = team
        note.save(update_fields=["team"])
    return {"pk": note.pk}


MANAGER = only(("manager",))

MATRIX: dict[str, Rule] = {
    "feedback:give": Rule(allowed=only(SIGNED_IN), anonymous=200, kwargs=working_link),  # type: ignore[arg-type]
    "feedback:paper_find": Rule(allowed=only(CLINICAL_STAFF)),
    "feedback:paper_enter": Rule(
        allowed=only(TEAM_A_STAFF), kwargs=lambda p: _paper_form(p, p.team_a)
    ),
    "feedback:notes": Rule(allowed=MANAGER),
    "feedback:withdraw": Rule(allowed=MANAGER, kwargs=lambda p: _note(p, p.team_a)),
    "insights:feedback": Rule(allowed=MANAGER),
}

OTHER_OBJECT: dict[str, Rule] = {
    "feedback:give#forged": Rule(allowed={}, anonymous=404, kwargs=forged_link),  # type: ignore[arg-type]
    "feedback:withdraw": Rule(allowed={}, kwargs=lambda p: _note(p, p.team_b)),
    "feedback:paper_enter": Rule(
        allowed=only(("outsider",)), kwargs=lambda p: _paper_form(p, p.team_b)
    ),
}
