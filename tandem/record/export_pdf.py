"""The readable half of the download: a PDF of every section of the record.

Rendered with WeasyPrint from ``record/export.jinja``, as letters are
(``tandem.notify.letters``). Plain tables and headings, tagged as a PDF/UA
document so screen readers can follow it.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from tandem.careplans.models import PARTS
from tandem.diary.models import SIGN_RATING_LABELS, DiaryPlan
from tandem.feedback.forms import FeedbackForm
from tandem.measures.queries import how_often
from tandem.messaging.attachments import size_text
from tandem.people.models import CarerLink, ServiceUser
from tandem.people.validators import format_nhs_number, format_phone
from tandem.record.queries import FullRecord
from tandem.safety.models import SECTIONS
from tandem.web.dates import day, when
from tandem.web.pdf import html_to_pdf

SECTION_NAMES = {
    "appointments": "appointments",
    "decisions": "shared decisions",
    "contact_history": "changes to how we contact you",
    "access_needs_history": "changes to your access needs",
    "seen_history": "changes to how you would like to be seen",
    "digital_history": "answers about phones, video and the internet",
    "notices": "letters, emails and texts",
    "carers": "carers",
    "threads": "message threads",
    "accesses": "times someone looked at your record",
    "plan_versions": "versions of your safety plan",
    "plan_reviews": "reviews of your safety plan",
    "care_plan_versions": "versions of your care plan",
    "diary_entries": "diary entries",
    "schedules": "check-ins you agreed to",
    "responses": "questionnaires",
    "named_feedback": "feedback you gave with your name",
    "help_requests": "requests for help with technology",
    "device_loans": "devices lent to you",
    "change_requests": "requests to change how you are seen",
    "recommendations": "things recommended to you",
    "alerts": "alerts",
    "flags": "messages brought to someone's attention",
    "work_items": "tasks about you",
    "referrals": "referrals",
    "contact_plans": "planned contact",
    "carer_invites": "invitations sent to carers",
    "consent_changes": "changes to what carers can see",
    "calls": "video and phone calls",
}

# The questions about the contact, in the words the feedback form asked them.
FEEDBACK_QUESTIONS = [
    (name, str(FeedbackForm.base_fields[name].label))
    for name in ("talk_freely", "technology_worked", "listened_to", "choose_again")
]

# Each part of the care plan, with the field saying when where it has one.
CARE_PLAN_PARTS = [(p.key, p.heading, p.when_key) for p in PARTS]

# Said where staff wrote a free-text note that the download leaves out (ADR 0012):
# the person learns it is held and how to ask for it.
NOTE_HELD = "They also wrote a note, which your care team can give you"


def diary_tracks(plan: DiaryPlan) -> list[str]:
    tracked = [
        ("Mood", plan.track_mood),
        ("Sleep", plan.track_sleep),
        ("Anxiety", plan.track_anxiety),
        ("Medication", plan.track_medication),
    ]
    return [name for name, on in tracked if on]


def blank(value: object) -> str:
    return "" if value is None else str(value)


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def details(person: ServiceUser) -> list[tuple[str, str]]:
    return [
        ("Name", f"{person.given_name} {person.family_name}"),
        ("Name you like to be called", person.preferred_name or "Not given"),
        ("Pronouns", person.pronouns or "Not given"),
        (
            "NHS number",
            format_nhs_number(person.nhs_number) if person.nhs_number else "Not recorded",
        ),
        ("Date of birth", day(person.date_of_birth)),
        ("Email", person.email or "Not given"),
        ("Mobile phone", format_phone(person.phone) if person.phone else "Not given"),
        ("Postcode", person.postcode or "Not given"),
        ("Sex", person.get_sex_display()),
        ("Gender identity", person.get_gender_identity_display() or "Not given"),
        ("Ethnic group", person.get_ethnicity_display()),
        ("Disability", person.get_disability_display()),
        ("First language", person.first_language),
        ("Needs an interpreter", "Yes" if person.interpreter_needed else "No"),
    ]


def carer_status(link: CarerLink) -> str:
    if link.withdrawn_at:
        return f"Stopped on {day(timezone.localdate(link.withdrawn_at))}"
    return "Sharing now"


def html(full: FullRecord) -> str:
    return render_to_string(
        "record/export.jinja",
        {
            "r": full,
            "details": details(full.person),
            "when": when,
            "day": day,
            # As the thread page shows each file's size, so the copy matches it.
            "size_text": size_text,
            "carer_status": carer_status,
            "cut": {SECTION_NAMES[k]: n for k, n in full.cut.items()},
            "plan_sections": [(s.key, s.heading) for s in SECTIONS],
            "care_plan_parts": CARE_PLAN_PARTS,
            "feedback_questions": FEEDBACK_QUESTIONS,
            "diary_tracks": diary_tracks,
            "blank": blank,
            "yes_no": yes_no,
            "sign_labels": SIGN_RATING_LABELS,
            "how_often": how_often,
            "note_held": NOTE_HELD,
        },
    )


def render(full: FullRecord) -> bytes:
    return html_to_pdf(html(full))[0]
