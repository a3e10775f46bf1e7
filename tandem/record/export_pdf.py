"""The readable half of the download: a PDF of every section of the record.

Rendered with WeasyPrint from ``record/export.jinja``, as letters are
(``tandem.notify.letters``). Plain tables and headings, tagged as a PDF/UA
document so screen readers can follow it.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from tandem.people.models import CarerLink, ServiceUser
from tandem.people.validators import format_nhs_number, format_phone
from tandem.record.queries import FullRecord

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


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def day(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


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
            "size_text": size_text,
            "carer_status": carer_status,
            "cut": {SECTION_NAMES[k]: n for k, n in full.cut.items()},
        },
    )


def render(full: FullRecord) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    return HTML(string=html(full)).write_pdf(pdf_variant="pdf/ua-1")
