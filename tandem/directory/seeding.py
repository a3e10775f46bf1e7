"""Synthetic directory entries for the demo: a dozen made-up services, and three
made-up digital tools.

Every name is invented and every number is an Ofcom drama number (0113 496 0xxx,
020 7946 0xxx), so nothing here points at a real organisation. Written directly,
bypassing the services, as seeding raises nothing to audit per entry (the demo
records one audit event for the whole seed). One entry is left past its check
date, so the administrator's 'Needs checking' list has something to show.
"""

from __future__ import annotations

import datetime as dt

from tandem.directory.models import Entry, OpeningTime, Tool
from tandem.people.models import CareTeam, User

WEEKDAYS = range(5)
ALL_WEEK = range(7)
T = dt.time

# name, need, route, phone, area, what it offers, for whom, cost, languages, opening
ENTRIES: list[
    tuple[
        str,
        str,
        str,
        str,
        str,
        str,
        str,
        str,
        str,
        list[tuple[range | list[int], dt.time, dt.time]],
    ]
] = [
    (
        "Lantern Crisis Café",
        "crisis",
        "self",
        "+441134960101",
        "Northgate",
        "A calm place to go in the evening when things feel too much, with staff to talk to.",
        "Adults 18 and over",
        "Free",
        "Polish, Urdu",
        [([3, 4, 5, 6], T(18), T(2))],
    ),
    (
        "Harbour Safe Haven",
        "crisis",
        "self",
        "+441134960102",
        "Riverside",
        "Drop in for support in a mental health crisis instead of going to A&E.",
        "Anyone 16 and over",
        "Free",
        "",
        [(ALL_WEEK, T(17), T(23))],
    ),
    (
        "Kestrel Carers Network",
        "carers",
        "self",
        "+442079460103",
        "Northgate, Riverside and Eastfield",
        "Support, a monthly group and a carers' assessment for people looking after someone.",
        "Unpaid carers of any age",
        "Free",
        "",
        [(WEEKDAYS, T(9), T(17))],
    ),
    (
        "Meadow Housing Advice",
        "housing",
        "either",
        "+442079460104",
        "Northgate",
        "Help if you are homeless or about to lose your home, and with repairs and rent arrears.",
        "Adults living in Northgate",
        "Free",
        "Arabic",
        [(WEEKDAYS, T(9, 30), T(16, 30))],
    ),
    (
        "Copper Pot Money Advice",
        "money",
        "self",
        "+441134960105",
        "Riverside",
        "Debt advice, benefit checks and help with forms and appeals.",
        "Anyone",
        "Free",
        "Punjabi, Urdu",
        [([0, 2, 4], T(10), T(15))],
    ),
    (
        "Bridge Street Peer Group",
        "peer",
        "self",
        "+441134960106",
        "Northgate",
        "A weekly evening group run by people with their own experience of mental ill health.",
        "Adults",
        "Free",
        "",
        [([1], T(18, 30), T(20, 30))],
    ),
    (
        "Next Steps Work Support",
        "employment",
        "referral",
        "+442079460107",
        "Northgate, Riverside and Eastfield",
        "One-to-one help to find, keep or return to work, alongside your care.",
        "Adults using secondary mental health services",
        "Free",
        "",
        [(WEEKDAYS, T(9), T(17))],
    ),
    (
        "Fernleaf Eating Disorder Support",
        "eating",
        "either",
        "+442079460108",
        "Northgate, Riverside and Eastfield",
        "A helpline, online groups and a family support evening.",
        "People with eating difficulties, and their families",
        "Free",
        "",
        [(WEEKDAYS, T(12), T(20))],
    ),
    (
        "First Months Perinatal Circle",
        "perinatal",
        "self",
        "+441134960109",
        "Riverside",
        "A group for parents struggling in pregnancy or after birth. Babies welcome.",
        "Parents in pregnancy or with a baby under 2",
        "Free",
        "",
        [([2], T(10), T(12))],
    ),
    (
        "Forces Friends Veterans Hub",
        "veterans",
        "self",
        "+441134960110",
        "Northgate",
        "Drop-in support and peer mentoring for people who have served.",
        "Veterans and their families",
        "Free",
        "",
        [([1, 3], T(10), T(16))],
    ),
    (
        "Spectrum Space LGBTQ+ Wellbeing",
        "lgbtq",
        "self",
        "+442079460111",
        "Northgate, Riverside and Eastfield",
        "Peer groups and one-to-one listening for LGBTQ+ people.",
        "LGBTQ+ people aged 16 and over",
        "Free",
        "",
        [([4], T(18), T(21)), ([5], T(12), T(16))],
    ),
    (
        "Oakfield Community Allotment",
        "voluntary",
        "self",
        "+441134960112",
        "Riverside",
        "Gardening together outdoors, with a cup of tea and no pressure to talk.",
        "Adults",
        "Free, donations welcome",
        "",
        [([2, 5], T(10), T(14))],
    ),
]
OVERDUE = "Harbour Safe Haven"


def seed_directory(*, admin: User, teams: list[CareTeam], today: dt.date) -> int:
    """Write the demo's directory; returns how many entries."""
    entries = []
    hours = []
    for i, (
        name,
        need,
        route,
        phone,
        area,
        offers,
        for_whom,
        cost,
        languages,
        opening,
    ) in enumerate(ENTRIES):
        overdue = name == OVERDUE
        entry = Entry(
            name=name,
            need=need,
            route=route,
            phone=phone,
            web=f"https://{name.split()[0].lower()}.example.org",
            address=f"{10 + i} Example Street, {area.split()[0].rstrip(',')}",
            area=area,
            offers=offers,
            for_whom=for_whom,
            cost=cost,
            languages=languages,
            accessibility="Step-free access" if i % 2 == 0 else "",
            team=teams[i % len(teams)] if teams else None,
            checked_on=today - dt.timedelta(days=200 if overdue else 20 + i),
            checked_by=admin,
            check_by=today - dt.timedelta(days=3)
            if overdue
            else today + dt.timedelta(days=150 + i),
        )
        entries.append(entry)
        for days, opens, closes in opening:
            for day in days:
                hours.append((i, day, opens, closes))
    created = Entry.objects.bulk_create(entries)
    OpeningTime.objects.bulk_create(
        OpeningTime(
            entry=created[i],
            weekday=day,
            opens=opens,
            closes=closes,
            closes_next_day=closes <= opens,
        )
        for i, day, opens, closes in hours
    )
    return len(created)


def seed_tools(*, admin: User, today: dt.date) -> int:
    """Three made-up tools: one that can be recommended, one whose assessment
    found a gap, and one past its review date."""
    common = {
        "platforms": "iPhone, Android, web",
        "cost": "Free",
        "data_held": "UK data centres",
        "tier": "B",
        "clinical_safety": "met",
        "dcb0129_evidence": "Manufacturer's clinical safety case report, version 2",
        "data_protection": "met",
        "technical_security": "met",
        "interoperability": "met",
        "usability": "met",
        "assessed_by": admin,
    }
    # name, purpose, data collected, what differs from a full assessment,
    # days since assessed, days until review.
    specs: list[tuple[str, str, str, dict[str, str], int, int]] = [
        (
            "Tidewater Mood Diary",
            "Keep a daily note of mood and sleep, and share it with your team if you wish.",
            "Mood scores, sleep times and notes",
            {},
            30,
            300,
        ),
        (
            "Stillwater Breathing Coach",
            "Guided breathing exercises for moments of panic.",
            "Exercise history",
            {
                "usability": "not_met",
                "notes": "Does not work with screen readers yet; the maker plans a fix.",
            },
            60,
            120,
        ),
        (
            "Northstar Sleep Course",
            "A six-week online course to help with sleeping problems.",
            "Sleep diary and course progress",
            {},
            400,
            -35,
        ),
    ]
    tools = [
        Tool(
            **{**common, **differs},
            name=name,
            web=f"https://{name.split()[0].lower()}.example.org",
            purpose=purpose,
            manufacturer=f"{name.split()[0]} Example Ltd",
            data_collected=collected,
            assessed_on=today - dt.timedelta(days=since),
            review_by=today + dt.timedelta(days=until),
        )
        for name, purpose, collected, differs, since, until in specs
    ]
    return len(Tool.objects.bulk_create(tools))
