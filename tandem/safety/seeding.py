"""Synthetic safety plan for the demo: Sam's plan, started with Dr Lee at clinic
and added to by Sam at home, reviewed once, and shared with Alex so the carer's
view of it can be shown.

Written directly, bypassing the services, so seeding raises no tasks.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.people.models import (
    CarerLink,
    CareTeam,
    CrisisContact,
    Organisation,
    ServiceUser,
    StaffMember,
)
from tandem.people.validators import format_phone
from tandem.safety.models import SECTION_KEYS, OutOfHoursLine, PlanReview, PlanVersion, SafetyPlan
from tandem.safety.queries import suggested_professionals

FIRST = {
    "warning_signs": "Not sleeping for two nights or more\nStopping texting friends back\n"
    "Thinking everyone would be better off without me",
    "coping": "Walk the dog round the park\nCold water on my face\nListen to my calm playlist",
    "distractions": "The library café on Otley Road\nSaturday walking group\n"
    "Watching football at my sister Jo's",
    "people_to_ask": "Alex (partner): 07700 900123\nJo (sister): 07700 900456",
    # "professionals" comes from Sam's team's own numbers: see professionals_for.
    "making_safer": "Alex keeps my tablets and gives me a week at a time",
}
GP_LINE = "My GP, Hill Top Surgery: 0113 496 0555"


def seed_team_crisis_lines(*, organisation: Organisation, teams: list[CareTeam]) -> None:
    """Each team's out-of-hours line, listed first for its people (the service's
    contacts stay listed too), marked as the team's out-of-hours line. The
    number is the team's own ``out_of_hours_phone``, the one source the plan's
    'Professionals and services' part is written from too."""
    lines = CrisisContact.objects.bulk_create(
        CrisisContact(
            organisation=organisation,
            team=team,
            name=f"{team.name}, out of hours",
            how="Call the team's out-of-hours line",
            phone=national_digits(team.out_of_hours_phone),
            description="Evenings, weekends and bank holidays, if you are known to the team.",
            position=0,
        )
        for team in teams
        if team.out_of_hours_phone
    )
    OutOfHoursLine.objects.bulk_create(OutOfHoursLine(contact=line) for line in lines)


def national_digits(e164: str) -> str:
    """'+441134960199' as the team form stores a number: '01134960199'."""
    return format_phone(e164).replace(" ", "")


def professionals_for(person: ServiceUser) -> str:
    """'Professionals and services' as a clinician starts it: the team's numbers
    as the team record holds them (so the plan and the crisis lines shown under
    it agree), and the person's GP."""
    suggested = suggested_professionals(person).splitlines()
    return "\n".join([line for line in suggested if line != "My GP: "] + [GP_LINE])


SAMS_ADDITIONS = {
    "coping": FIRST["coping"] + "\nBake bread, it takes my mind off things",
    "making_safer": FIRST["making_safer"] + "\nDelete the numbers of people who wind me up",
}


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed_safety_plan(
    *, sam_pk: int, clinician: StaffMember, today: dt.date, share_with_carer: bool = True
) -> int:
    """Write Sam's plan in two versions with one review; returns how many versions."""
    sam = ServiceUser.objects.select_related("user").get(pk=sam_pk)
    first = {**FIRST, "professionals": professionals_for(sam)}
    written = today - dt.timedelta(days=40)
    plan = SafetyPlan.objects.create(
        service_user=sam,
        created_at=at(written, 10, 30),
        next_review_on=written + dt.timedelta(days=91),
        last_reviewed_at=at(written, 10, 55),
        last_reviewed_by=clinician.user,
    )
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        changed_sections=[k for k in SECTION_KEYS if first.get(k)],
        saved_at=at(written, 10, 50),
        saved_by=clinician.user,
        saved_by_name=clinician.user.full_name,
        saved_by_staff=True,
        **first,
    )
    PlanReview.objects.create(
        plan=plan,
        version_number=1,
        reviewed_at=at(written, 10, 55),
        reviewed_by=clinician.user,
        reviewed_by_name=clinician.user.full_name,
        next_review_on=written + dt.timedelta(days=91),
        note="Written together at clinic. Sam will add to it at home.",
    )
    PlanVersion.objects.create(
        plan=plan,
        number=2,
        changed_sections=list(SAMS_ADDITIONS),
        saved_at=at(written + dt.timedelta(days=2), 20, 15),
        saved_by=sam.user,
        saved_by_name=f"{sam.given_name} {sam.family_name}",
        saved_by_staff=False,
        **{**first, **SAMS_ADDITIONS},
    )
    if share_with_carer:
        link = CarerLink.objects.filter(service_user=sam, withdrawn_at__isnull=True).first()
        if link is not None:
            link.can_see_safety_plan = True
            link.save(update_fields=["can_see_safety_plan"])
            # The change goes in the link's consent history (carers' ConsentChange),
            # reached through the link's relation: safety and carers are siblings
            # and do not import each other.
            link.changes.create(
                at=at(written + dt.timedelta(days=2), 20, 20),
                by=sam.user,
                what=f"Let {link.carer.display_name} see the safety plan",
            )
    return 2
