"""What the right-of-access download holds, model by model, and what it leaves
out and why (ADR 0012 and its addendum; HAZ-158).

Every model that refers to a service user (``refers_to_service_user``) must be
named in exactly one of ``EXPORTED`` or ``NOT_EXPORTED``;
``tandem/record/tests/test_coverage.py`` fails otherwise. So a new model about
people cannot ship without someone deciding whether a person's copy of their
record includes it: a download that silently leaves out what is held misleads
the person about what the service knows about them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model

from tandem.people.models import ServiceUser


@dataclass(frozen=True)
class Held:
    """Where a model's rows appear: the PDF section and the FHIR resource types.

    ``fhir`` is empty only with ``pdf_only`` saying why."""

    pdf: str
    fhir: tuple[str, ...] = ()
    pdf_only: str = ""


NO_FHIR_SHAPE = "no settled FHIR shape here; the PDF has every version (ADR 0012)"

EXPORTED: dict[str, Held] = {
    "people.ServiceUser": Held("Your details", ("Patient",)),
    "people.CaseloadEntry": Held("Your care teams", ("EpisodeOfCare",)),
    "people.CarerLink": Held("Carers and family", ("RelatedPerson", "Consent")),
    "preferences.ContactPreferences": Held("How we contact you", pdf_only=NO_FHIR_SHAPE),
    "preferences.ModalityPreference": Held("How you would like to be seen", pdf_only=NO_FHIR_SHAPE),
    "preferences.AccessNeeds": Held("Access needs", pdf_only=NO_FHIR_SHAPE),
    "preferences.DigitalAccessCheck": Held(
        "Phones, video and the internet", pdf_only=NO_FHIR_SHAPE
    ),
    "preferences.SharedDecision": Held("Shared decisions", pdf_only=NO_FHIR_SHAPE),
    "appointments.Appointment": Held("Appointments", ("Appointment",)),
    "appointments.Referral": Held("Referrals and planned contact", ("ServiceRequest",)),
    "appointments.ContactPlan": Held("Referrals and planned contact", ("CarePlan",)),
    "notify.Message": Held("Letters, emails and texts we sent you", ("Communication",)),
    "messaging.Thread": Held("Messages with your care team", ("Communication",)),
    "messaging.Message": Held("Messages with your care team", ("Communication",)),
    "messaging.Attachment": Held("Messages with your care team", ("Communication",)),
    "carers.CarerInvite": Held(
        "Carers and family",
        pdf_only="the Consent for each carer says what is shared now; invitations have no "
        "settled FHIR shape here",
    ),
    "carers.ConsentChange": Held(
        "Carers and family",
        pdf_only="the Consent for each carer says what is shared now; its history of "
        "changes has no settled FHIR shape here",
    ),
    "safety.SafetyPlan": Held("Your safety plan", ("CarePlan",)),
    "safety.PlanVersion": Held("Your safety plan", ("CarePlan",)),
    "safety.PlanReview": Held("Your safety plan", ("CarePlan",)),
    # Only answers given with a name: an anonymous one is linked to no one, so
    # it cannot be in anyone's download (ADR 0042).
    "feedback.NamedAnswer": Held(
        "Feedback you gave with your name",
        pdf_only="an answer to the service's own feedback form, not care; no FHIR "
        "Questionnaire is published for it, so a QuestionnaireResponse would point at "
        "nothing another system can read",
    ),
    "careplans.CarePlan": Held("Your care plan", ("CarePlan",)),
    "careplans.CarePlanVersion": Held("Your care plan", ("CarePlan",)),
    "careplans.Agreement": Held("Your care plan", ("CarePlan",)),
    "careplans.Comment": Held("Your care plan", ("CarePlan",)),
    "diary.DiaryPlan": Held("Your diary", ("CarePlan",)),
    "diary.WarningSign": Held("Your diary", ("CarePlan",)),
    "diary.DiaryEntry": Held("Your diary", ("Observation",)),
    "diary.SignRating": Held("Your diary", ("Observation",)),
    "diary.CheckInSchedule": Held("Your diary", ("CarePlan",)),
    "measures.Response": Held(
        "Questionnaires you answered", ("QuestionnaireResponse", "Observation")
    ),
    "alerts.Alert": Held("Alerts your answers or diary raised", ("Task",)),
    "warnings.Flag": Held("Alerts your answers or diary raised", ("Task",)),
    "worklist.WorkItem": Held("Tasks Tandem gave your team about you", ("Task",)),
    "inclusion.HelpRequest": Held("Help with technology and devices", ("Task",)),
    "inclusion.HelpGiven": Held("Help with technology and devices", ("Task",)),
    "inclusion.DeviceLoan": Held(
        "Help with technology and devices", ("Device", "DeviceUseStatement")
    ),
    "inclusion.ModalityChangeRequest": Held("Requests to change how you are seen", ("Task",)),
    "support.Recommendation": Held("Support recommended to you", pdf_only=NO_FHIR_SHAPE),
    "consult.CallRoom": Held("Video and phone calls", ("Encounter",)),
    "consult.Participant": Held("Video and phone calls", ("Encounter",)),
}

# Each with one line saying why it is not in the download, and how the person
# gets it where it is theirs to have.
NOT_EXPORTED: dict[str, str] = {
    "preferences.ReadingChoice": "whether the person reads the easy-read or standard pages "
    "(ADR 0062): a setting of how pages look, shown and changed at the top of every key "
    "page; their recorded need for easy read is under 'Access needs'",
    "groups.Enrolment": "a place in a group programme and how the person joins it: every "
    "session is an appointment under 'Appointments', which names it a group session; "
    "the programme itself is given through the care team",
    "groupcall.Attendee": "who was let into a group video call and when: the session is an "
    "appointment, exported with its outcome; the rest names other members' calls",
    "groupcall.MemberSafetyCheck": "where the person was and whether they could talk "
    "freely before a group call: a copy found at home could put them at risk; given "
    "through the care team",
    "groupcall.GroupSignal": "when the person used the discreet signal in a group call: a "
    "copy found at home could put them at risk; given through the care team",
    "operations.RecordedDeath": "the date a person died, kept only to time the end of "
    "their record's retention period; requests for a dead person's record go through "
    "the care team (Access to Health Records Act 1990)",
    "messaging.ThreadEvent": "staff follow-up and hand-over notes on a thread: staff notes, "
    "given through a request to the care team, where a clinician reads them first",
    "carers.CarerView": "a carer's own words about the person: third-party information, "
    "given through a request to the care team (Data Protection Act 2018, schedule 3)",
    "consult.SafetyCheck": "where the person was and who was with them at the start of a "
    "call: a copy found at home could put them at risk; given through the care team",
    "consult.CantTalkSignal": "when the person signalled they could not talk freely: a copy "
    "found at home could put them at risk; given through the care team",
    "consult.AgreedSignal": "the discreet signal agreed for calls: a copy found by someone "
    "else at home would give it away; the care team can say what was agreed",
    "consult.CallQuality": "connection measurements (time to connect, packet loss) kept "
    "for service reports; the call itself is under 'Video and phone calls'",
    "consult.JoinLink": "the hash of a single-use join link: a security secret that says "
    "nothing beyond the appointment, which is exported",
    "appointments.SelfServiceLink": "the hash of a single-use appointment link: a security "
    "secret that says nothing beyond the appointment, which is exported",
    "notify.MessageEvent": "each step in delivering a letter, email or text; how each "
    "ended is under 'Letters, emails and texts we sent you'",
    "insights.PersonFact": "nightly counts for team reports, rebuilt from the appointments "
    "and contacts exported above",
    "insights.HeldCount": "nightly counts for team reports, rebuilt from the appointments "
    "exported above",
    "invitations.Invitation": "the hash of a single-use invitation link or code and its "
    "dates: a security secret; the messages it sent are under 'Letters, emails and texts'",
    "feedback.FeedbackRequest": "the hash of a single-use feedback link and its dates: a "
    "security secret; the message asking is under 'Letters, emails and texts we sent you'",
    "record.RecordExport": "the copies themselves: each is listed with its date on the "
    "downloads page, and a copy cannot hold itself",
}


def _targets(model: type[Model]) -> Iterable[type[Model]]:
    for f in model._meta.get_fields():
        if f.concrete and (f.many_to_one or f.one_to_one or f.many_to_many):
            related = f.related_model
            if isinstance(related, type) and issubclass(related, Model):
                yield related


def refers_to_service_user(model: type[Model], *, through: frozenset[str] = frozenset()) -> bool:
    """Whether ``model`` is ServiceUser or has a foreign key, one-to-one or
    many-to-many field to ServiceUser or (recursively) to a model that does.

    Only fields on the model itself count (a care team is not about a person
    because people are open to it), and nothing through the ``User`` account,
    which staff, carers and service users share: a row pointing at a user
    points at who did something, not who it is about. The audit log, the one
    record of what others did to a person's record, names the person by id
    (``AuditEvent.subject_id``) and is exported as 'Who has looked at your record'.
    """
    if model is ServiceUser or issubclass(model, ServiceUser):
        return True
    label = model._meta.label
    if label in through:
        return False
    return any(
        refers_to_service_user(target, through=through | {label}) for target in _targets(model)
    )


def undecided(models: Iterable[type[Model]]) -> list[str]:
    """Models about a person that are neither exported nor left out with a reason."""
    return sorted(
        m._meta.label
        for m in models
        if refers_to_service_user(m)
        and m._meta.label not in EXPORTED
        and m._meta.label not in NOT_EXPORTED
    )
