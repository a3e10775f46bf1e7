"""The readable half of the download: a PDF of every section of the record.

Rendered with WeasyPrint from ``record/export.jinja``, as letters are
(``tandem.notify.letters``). Plain tables and headings, tagged as a PDF/UA
document so screen readers can follow it.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from tandem.messaging.attachments import size_text
from tandem.people.models import CarerLink, ServiceUser
from tandem.people.validators import format_nhs_number, format_phone
from tandem.record.queries import FullRecord
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
}


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
        },
    )


def render(full: FullRecord) -> bytes:
    return html_to_pdf(html(full))[0]
