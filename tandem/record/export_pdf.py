"""The readable half of the download: a PDF of every section of the record.

Rendered with WeasyPrint from ``record/export.jinja``, as letters are
(``tandem.notify.letters``). Plain tables and headings, tagged as a PDF/UA
document so screen readers can follow it.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.appointments.shown import shown
from tandem.careplans.models import PARTS
from tandem.diary.models import SIGN_RATING_LABELS, DiaryPlan
from tandem.feedback.forms import FeedbackForm
from tandem.measures.queries import how_often
from tandem.messaging.attachments import size_text
from tandem.notify.models import Message, MessageStatus
from tandem.notify.recipients import language_of
from tandem.people.models import CarerLink, ServiceUser
from tandem.people.validators import format_nhs_number, format_phone
from tandem.record.queries import FullRecord
from tandem.safety.models import SECTIONS
from tandem.translations.languages import ENGLISH, language
from tandem.web.dates import day, when
from tandem.web.pdf import html_to_pdf

# A section cut short is named in the download's language (marked here, read
# with ``gettext`` when the page is drawn under the person's language).
SECTION_NAMES = {
    "appointments": N_("appointments"),
    "decisions": N_("shared decisions"),
    "contact_history": N_("changes to how we contact you"),
    "access_needs_history": N_("changes to your access needs"),
    "seen_history": N_("changes to how you would like to be seen"),
    "digital_history": N_("answers about phones, video and the internet"),
    "notices": N_("letters, emails and texts"),
    "carers": N_("carers"),
    "threads": N_("message threads"),
    "accesses": N_("times someone looked at your record"),
    "plan_versions": N_("versions of your safety plan"),
    "plan_reviews": N_("reviews of your safety plan"),
    "care_plan_versions": N_("versions of your care plan"),
    "diary_entries": N_("diary entries"),
    "schedules": N_("check-ins you agreed to"),
    "responses": N_("questionnaires"),
    "named_feedback": N_("feedback you gave with your name"),
    "help_requests": N_("requests for help with technology"),
    "device_loans": N_("devices lent to you"),
    "change_requests": N_("requests to change how you are seen"),
    "recommendations": N_("things recommended to you"),
    "alerts": N_("alerts"),
    "flags": N_("messages brought to someone's attention"),
    "work_items": N_("tasks about you"),
    "referrals": N_("referrals"),
    "contact_plans": N_("planned contact"),
    "carer_invites": N_("invitations sent to carers"),
    "consent_changes": N_("changes to what carers can see"),
    "calls": N_("video and phone calls"),
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
# English in the FHIR half (read by systems); the PDF reads it in the person's language.
NOTE_HELD = N_("They also wrote a note, which your care team can give you")


def diary_tracks(plan: DiaryPlan) -> list[str]:
    # In the active language: the person's in the PDF, English in the FHIR half.
    tracked = [
        (gettext("Mood"), plan.track_mood),
        (gettext("Sleep"), plan.track_sleep),
        (gettext("Anxiety"), plan.track_anxiety),
        (gettext("Medication"), plan.track_medication),
    ]
    return [name for name, on in tracked if on]


def blank(value: object) -> str:
    return "" if value is None else str(value)


def yes_no(value: bool | None) -> str:
    return "" if value is None else (gettext("Yes") if value else gettext("No"))


def details(person: ServiceUser) -> list[tuple[str, str]]:
    # Called while the download's language is active (``html``).
    return [
        (gettext("Name"), f"{person.given_name} {person.family_name}"),
        (gettext("Name you like to be called"), person.preferred_name or gettext("Not given")),
        (gettext("Pronouns"), person.pronouns or gettext("Not given")),
        (
            gettext("NHS number"),
            format_nhs_number(person.nhs_number) if person.nhs_number else gettext("Not recorded"),
        ),
        (gettext("Date of birth"), day(person.date_of_birth)),
        (gettext("Email"), person.email or gettext("Not given")),
        (
            gettext("Mobile phone"),
            format_phone(person.phone) if person.phone else gettext("Not given"),
        ),
        (gettext("Postcode"), person.postcode or gettext("Not given")),
        (gettext("Sex"), person.get_sex_display()),
        (gettext("Gender identity"), person.get_gender_identity_display() or gettext("Not given")),
        (gettext("Ethnic group"), person.get_ethnicity_display()),
        (gettext("Disability"), person.get_disability_display()),
        (gettext("First language"), person.first_language),
        (
            gettext("Needs an interpreter"),
            gettext("Yes") if person.interpreter_needed else gettext("No"),
        ),
    ]


def carer_status(link: CarerLink) -> str:
    if link.withdrawn_at:
        return gettext("Stopped on %(day)s") % {"day": day(timezone.localdate(link.withdrawn_at))}
    return gettext("Sharing now")


def page_of() -> str:
    """The footer's 'Page 1 of 3' as a CSS string: the sentence is translated
    whole, and its placeholders become the page counters between quotes."""
    return gettext("Page %(page)s of %(pages)s") % {
        "page": '" counter(page) "',
        "pages": '" counter(pages) "',
    }


def month_year(value: dt.date) -> str:
    """'December 2026' in the active language: the month feedback was given."""
    return f"{MONTHS[value.month]} {value.year}"


def notice_when(notice: Message) -> str:
    """The moment that matters for a letter, email or text, in the download's
    language (``Message.when_text`` is the staff list's English)."""
    if notice.delivered_at:
        return gettext("Delivered %(when)s") % {"when": when(notice.delivered_at)}
    if notice.failed_at:
        return gettext("Failed %(when)s") % {"when": when(notice.failed_at)}
    if notice.sent_at:
        return gettext("Sent %(when)s") % {"when": when(notice.sent_at)}
    if notice.status == MessageStatus.CANCELLED:
        return gettext("Was due %(when)s") % {"when": when(notice.send_after)}
    return gettext("Due %(when)s") % {"when": when(notice.due_at)}


def cut_short(cut: dict[str, int]) -> str:
    """The sections cut short, each a whole phrase with its count, for the
    download's sentence naming them."""
    return ", ".join(
        gettext("%(section)s (%(total)s in all)")
        % {"section": gettext(SECTION_NAMES[key]), "total": total}
        for key, total in cut.items()
    )


def html(full: FullRecord, *, language_code: str = ENGLISH) -> str:
    """The download's page, its fixed words in ``language_code`` (the person's,
    as their letters are); what the record holds stays as it was written."""
    with translation.override(language_code):
        return _html(full, language_code=language_code)


def _html(full: FullRecord, *, language_code: str) -> str:
    return render_to_string(
        "record/export.jinja",
        {
            "r": full,
            "language": language(language_code),
            "page_of": page_of(),
            "details": details(full.person),
            # Read again under the download's language: the record's reads built
            # them in the language of whoever asked (English in the task).
            "appointments": [shown(s.appointment) for s in full.appointments],
            "notice_when": notice_when,
            "month_year": month_year,
            "when": when,
            "day": day,
            # As the thread page shows each file's size, so the copy matches it.
            "size_text": size_text,
            "carer_status": carer_status,
            "cut": cut_short(full.cut) if full.cut else "",
            "plan_sections": [(s.key, s.heading) for s in SECTIONS],
            "care_plan_parts": CARE_PLAN_PARTS,
            "feedback_questions": FEEDBACK_QUESTIONS,
            "diary_tracks": diary_tracks,
            "blank": blank,
            "yes_no": yes_no,
            "sign_labels": SIGN_RATING_LABELS,
            "how_often": how_often,
            "note_held": gettext(NOTE_HELD),
        },
    )


def render(full: FullRecord) -> bytes:
    return html_to_pdf(html(full, language_code=language_of(full.person)))[0]
