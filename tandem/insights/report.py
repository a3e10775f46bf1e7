"""The insights report as pages, CSV files and a PDF show it.

``build`` turns the raw counts from ``tandem.insights.queries`` into sections
of tables whose every cell has already been made safe by
``tandem.insights.suppression``. The page, each table's CSV file and the PDF
are all drawn from these same ``Table`` objects, so an export can never show
a figure the page hides.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from tandem.insights import definitions as defs
from tandem.insights import (
    face_to_face,
    group_places,
    outcome_queries,
    queries,
    rollup,
    service_queries,
    support,
)
from tandem.insights import suppression as safe
from tandem.insights.queries import Scope, Tally
from tandem.insights.sections import Chart, Section, Table
from tandem.insights.suppression import Shown
from tandem.web import charts


@dataclass
class Report:
    scope: Scope
    team_names: list[str]
    sections: list[Section]
    # When the roll-up the counts of appointments come from was built.
    figures_as_of: dt.datetime | None = None

    def table(self, slug: str) -> Table | None:
        for section in self.sections:
            for table in section.tables:
                if table.slug == slug:
                    return table
        return None


CAVEATS = [
    "People who could not use remote care were, rightly, rarely booked for it. So people seen "
    "by video or phone differ from people seen face to face, and a better rate for one way does "
    "not show that way works better. Compare groups, not ways, before drawing conclusions.",
    "Small groups swing from one period to the next by chance. The lines around each rate show "
    "how far it might reasonably be from the true figure (95% interval); where they overlap, "
    "the groups may not really differ.",
    "Figures are only as good as the recording: appointments with no outcome recorded are "
    "counted separately, and are not counted as held or missed.",
]


def _way_rows() -> list[tuple[str, str]]:
    return [*defs.APPOINTMENT_WAYS, (defs.ALL_WAYS, defs.WAY_LABELS[defs.ALL_WAYS])]


def _rate(tally: Tally, rate_key: str, way: str = defs.ALL_WAYS, interval: bool = False) -> Shown:
    rate = defs.RATE_BY_KEY[rate_key]
    return safe.rate(
        tally.get(rate.numerator, way), tally.get(rate.denominator, way), interval=interval
    )


# --- Sections -----------------------------------------------------------------------


def contacts_sections(scope: Scope) -> list[Section]:
    """Contacts by way and by group: two sections from one query."""
    found = rollup.contacts(scope)
    overall = found.overall
    count_rows: list[list[str | Shown]] = []
    rate_rows: list[list[str | Shown]] = []
    for way, label in _way_rows():
        count_rows.append(
            [
                label,
                safe.count(overall.get("people", way)),
                *(safe.count(overall.get(c.key, way)) for c in defs.COUNTS),
            ]
        )
        rate_rows.append(
            [
                label,
                safe.count(overall.get(defs.SEEN_OR_DNA, way)),
                _rate(overall, "dna_rate", way),
                safe.count(overall.get("booked", way)),
                _rate(overall, "cancelled_person_rate", way),
                _rate(overall, "cancelled_service_rate", way),
                _rate(overall, "technical_failure_rate", way),
                safe.count(overall.get("held", way)),
                _rate(overall, "switch_rate", way),
            ]
        )
    section = Section(
        "contacts",
        "Contacts offered, booked and held",
        [
            "Appointments of the chosen teams in the period, by the way they were booked. "
            "Every appointment given to someone counts, including those missed or cancelled.",
            *(f"{c.label}: {c.rows}" for c in defs.COUNTS),
        ],
        tables=[
            Table(
                "contacts",
                "Contacts by way",
                ["Way", "People", *(c.label for c in defs.COUNTS)],
                count_rows,
            ),
            Table(
                "contact-rates",
                "Rates by way, with their denominators",
                [
                    "Way",
                    "Held or did not attend",
                    "Did not attend rate",
                    "Booked",
                    "Cancelled by the person rate",
                    "Cancelled by the service rate",
                    "Technical failure rate",
                    "Held",
                    "Switched rate",
                ],
                rate_rows,
            ),
        ],
    )
    section.intro += [f"{r.label}: {r.why}" for r in defs.RATES]
    groups = Section(
        "groups",
        "Who is reached and who is missed",
        [
            "The same appointments, by the group each person belongs to. "
            + defs.OTHER_DEFINITIONS["remote_share"],
            "Age is taken on the last day of the period. Digital access groups come from the "
            "person's current digital access check; people never asked are shown separately.",
        ],
    )
    for group in defs.GROUPS:
        tallies = found.by_group.get(group.key, {})
        rows: list[list[str | Shown]] = []
        intervals: list[charts.Interval] = []
        for code, label in group.values:
            tally = tallies.get(code, Tally())
            dna = _rate(tally, "dna_rate", interval=True)
            remote_held = sum(tally.get("held", w) for w in defs.REMOTE_WAYS)
            rows.append(
                [
                    label,
                    safe.count(tally.get("people")),
                    safe.count(tally.get("booked")),
                    safe.count(tally.get("held")),
                    safe.rate(remote_held, tally.get("held")),
                    dna,
                    *(_rate(tally, "dna_rate", way) for way, _ in defs.APPOINTMENT_WAYS),
                    _rate(tally, "cancelled_person_rate"),
                    _rate(tally, "cancelled_service_rate"),
                ]
            )
            intervals.append(charts.Interval(label, dna.value, dna.low, dna.high))
        slug = f"group-{group.key}"
        groups.tables.append(
            Table(
                slug,
                f"By {group.label.lower()}",
                [
                    group.label,
                    "People",
                    "Booked",
                    "Held",
                    "Held remotely",
                    "Did not attend rate",
                    *(
                        f"Did not attend rate, {label.lower()}"
                        for _, label in defs.APPOINTMENT_WAYS
                    ),
                    "Cancelled by the person rate",
                    "Cancelled by the service rate",
                ],
                rows,
            )
        )
        groups.charts.append(
            Chart(
                charts.interval_chart(
                    chart_id=f"chart-{slug}",
                    title=f"Did not attend rate by {group.label.lower()}",
                    description=(
                        "Each dot is a group's did not attend rate, with a line for its "
                        "95% interval. The same figures are in the table that follows."
                    ),
                    rows=intervals,
                ),
                slug,
            )
        )
    return [section, groups]


def uptake_section(scope: Scope) -> Section:
    months = rollup.monthly_uptake(scope)
    labels = [f"{m:%b %Y}" for m in months]
    rows: list[list[str | Shown]] = []
    series_values: dict[str, list[float | None]] = {w: [] for w, _ in defs.APPOINTMENT_WAYS}
    for month, by_way in months.items():
        shown = {w: safe.count(by_way.get(w, 0)) for w, _ in defs.APPOINTMENT_WAYS}
        total = sum(by_way.values())
        remote = sum(by_way.get(w, 0) for w in defs.REMOTE_WAYS)
        rows.append(
            [f"{month:%B %Y}", *shown.values(), safe.count(total), safe.rate(remote, total)]
        )
        for way, value in shown.items():
            series_values[way].append(value.value)
    chart = charts.series_chart(
        chart_id="chart-uptake",
        title="Held appointments each month, by way",
        description=(
            "One line for each way: face to face, video call and phone. The same figures "
            "are in the table that follows; months with small numbers are left out."
        ),
        labels=labels,
        series=[charts.Series(label, series_values[way]) for way, label in defs.APPOINTMENT_WAYS],
        y_label="Held appointments",
    )
    return Section(
        "uptake",
        "Uptake over time",
        [defs.OTHER_DEFINITIONS["uptake"]],
        tables=[
            Table(
                "uptake",
                "Held appointments each month",
                ["Month", *(label for _, label in defs.APPOINTMENT_WAYS), "All", "Held remotely"],
                rows,
            )
        ],
        charts=[Chart(chart, "uptake")],
    )


def messaging_section(scope: Scope) -> Section:
    found = service_queries.messaging(scope)
    return Section(
        "messaging",
        "Secure messaging",
        [defs.OTHER_DEFINITIONS["messaging"]],
        tables=[
            Table(
                "messaging",
                "Secure messages in the period",
                ["Figure", "Count"],
                [
                    ["Messages from service users and carers", safe.count(found.from_people)],
                    ["Messages from the team", safe.count(found.from_team)],
                    [
                        "People with a message from the team",
                        safe.count(found.people_with_team_message),
                    ],
                ],
            )
        ],
    )


def choice_section(scope: Scope) -> Section:
    found = queries.choice(scope)
    rows: list[list[str | Shown]] = [
        ["Shared decisions recorded", safe.count(found.decisions)],
        ["People offered remote care who chose face to face", safe.count(found.declined_remote)],
        ["People who asked to change how they are seen", safe.count(found.change_requests)],
    ]
    for code, label in (
        ("face_to_face", "asking for face to face"),
        ("video", "asking for video calls"),
        ("phone", "asking for phone calls"),
        ("messaging", "asking for secure messaging"),
        ("email_text", "asking for email or text"),
    ):
        rows.append([f"People {label}", safe.count(found.change_to.get(code, 0))])
    return Section(
        "choice",
        "Choice: remote care declined and changes asked for",
        [
            defs.OTHER_DEFINITIONS["in_scope_people"],
            defs.OTHER_DEFINITIONS["declined_remote"],
            defs.OTHER_DEFINITIONS["change_requests"],
        ],
        tables=[
            Table(
                "choice", "Remote care declined and changes asked for", ["Figure", "People"], rows
            )
        ],
    )


def waits_section(scope: Scope) -> Section:
    found = queries.waits(scope)
    rows: list[list[str | Shown]] = []
    for way, label in _way_rows():
        offered, held = found["offered"][way], found["held"][way]
        rows.append(
            [
                label,
                safe.count(offered.referrals - offered.waiting),
                safe.days(offered.median_days, based_on=offered.referrals - offered.waiting),
                safe.count(held.referrals - held.waiting),
                safe.days(held.median_days, based_on=held.referrals - held.waiting),
                safe.rate(held.within_28_days, held.referrals - held.waiting),
            ]
        )
    waiting: list[list[str | Shown]] = [
        ["Referrals still waiting for a first offer", safe.count(found["offered"]["all"].waiting)],
        ["Referrals still waiting to be seen", safe.count(found["held"]["all"].waiting)],
    ]
    return Section(
        "waits",
        "Waits from referral to first contact",
        [defs.OTHER_DEFINITIONS["waits"]],
        tables=[
            Table(
                "waits",
                "Waits by way first offered and first held",
                [
                    "Way",
                    "Referrals offered a first appointment",
                    "Median days to first offer",
                    "Referrals seen",
                    "Median days to first seen",
                    "Seen within 28 days",
                ],
                rows,
            ),
            Table("waits-still-waiting", "Still waiting", ["Figure", "Referrals"], waiting),
        ],
    )


def _outcome_row(label: str, tally: outcome_queries.OutcomeTally) -> list[str | Shown]:
    return [
        label,
        safe.count(tally.people),
        safe.rate(tally.caseness, tally.people),
        safe.rate(tally.improved, tally.people),
        safe.rate(tally.recovered, tally.caseness),
        safe.rate(tally.reliably_recovered, tally.caseness),
    ]


OUTCOME_HEADINGS = [
    "People with start and end scores",
    "At caseness at the start",
    "Reliable improvement",
    "Recovery (of those at caseness)",
    "Reliable recovery (of those at caseness)",
]


def outcomes_section(scope: Scope) -> Section:
    found = rollup.outcomes(scope)
    by_way = [_outcome_row(label, found.by_way[way]) for way, label in _way_rows()]
    by_group: list[list[str | Shown]] = []
    for group in defs.GROUPS:
        for code, label in group.values:
            tally = found.by_group.get(group.key, {}).get(code, outcome_queries.OutcomeTally())
            by_group.append(_outcome_row(f"{group.label}: {label}", tally))
    return Section(
        "outcomes",
        "Outcomes where questionnaires were completed",
        [defs.OTHER_DEFINITIONS["outcomes"]],
        tables=[
            Table("outcomes", "Outcomes by way", ["Way", *OUTCOME_HEADINGS], by_way),
            Table("outcomes-groups", "Outcomes by group", ["Group", *OUTCOME_HEADINGS], by_group),
        ],
        caveats=[
            "Only people who completed both questionnaires at least twice are counted; people "
            "who stopped coming are missing from these figures, which can make outcomes look "
            "better than they are."
        ],
    )


def disengaged_section(scope: Scope) -> Section:
    found = rollup.disengaged(scope)
    rows: list[list[str | Shown]] = [
        [label, safe.count(found.get(way, 0))] for way, label in defs.APPOINTMENT_WAYS
    ]
    rows.append(["Never seen", safe.count(found.get("never", 0))])
    rows.append(["All", safe.count(sum(found.values()))])
    return Section(
        "disengaged",
        "People who may have disengaged",
        [defs.OTHER_DEFINITIONS["disengaged"]],
        tables=[
            Table(
                "disengaged",
                "No recent contact, by the way last seen",
                ["Last seen by", "People"],
                rows,
            )
        ],
    )


def inclusion_section(scope: Scope) -> Section:
    found = service_queries.inclusion(scope)
    return Section(
        "inclusion",
        "Digital inclusion",
        [
            defs.OTHER_DEFINITIONS["inclusion"],
            "How the attendance of people with each digital access need compares is in the "
            "'Who is reached' tables: private space at home, device for video calls, internet "
            "at home and help to join video.",
        ],
        tables=[
            Table(
                "inclusion",
                "Digital inclusion in the period",
                ["Figure", "Count"],
                [
                    ["Help requests raised", safe.count(found.help_requests)],
                    ["People who asked for help", safe.count(found.people_asking_help)],
                    ["Devices lent", safe.count(found.devices_lent)],
                    ["People with no private space at home", safe.count(found.no_private_space)],
                    ["People whose digital access was checked", safe.count(found.checked)],
                ],
            )
        ],
    )


def staff_section(scope: Scope) -> Section:
    found = rollup.staff(scope)
    alerts = service_queries.alerts(scope)
    return Section(
        "staff",
        "Staff workload and alert response",
        [defs.OTHER_DEFINITIONS["staff"], defs.OTHER_DEFINITIONS["alerts"]],
        tables=[
            Table(
                "staff",
                "Remote working",
                ["Figure", "Value"],
                [
                    ["Hours of remote appointments (nearest 5)", safe.hours(found.remote_hours)],
                    ["Remote appointments", safe.count(found.remote_appointments)],
                    [
                        "Clinician-days over the team's remote hours",
                        safe.count(found.days_over_hours),
                    ],
                    [
                        "Bookings made despite a workload guardrail",
                        safe.count(found.bookings_over_guardrails),
                    ],
                    ["Of which: too short a break", safe.count(found.bookings_short_break)],
                ],
            ),
            Table(
                "alerts",
                "Early-warning alerts",
                ["Figure", "Value"],
                [
                    ["Alerts raised", safe.count(alerts.raised)],
                    ["Acknowledged", safe.count(alerts.acknowledged)],
                    [
                        "Acknowledged within the response window",
                        safe.rate(alerts.in_time, alerts.raised),
                    ],
                    [
                        "Acknowledged late, or still waiting past the window",
                        safe.count(alerts.late_or_waiting),
                    ],
                    [
                        "Median hours to acknowledge",
                        safe.days(alerts.median_hours, based_on=alerts.acknowledged),
                    ],
                ],
            ),
        ],
        caveats=[
            "Video call quality (dropped calls, poor sound or picture) is not yet recorded, so "
            "it is not reported here. Technical failures recorded with an appointment's outcome "
            "are in 'Contacts'."
        ],
    )


# Each builder makes one or more sections; CSV downloads build only the one they need.
SECTIONS: list[tuple[tuple[str, ...], Callable[[Scope], Section | list[Section]]]] = [
    (("contacts", "contact-rates", "group"), contacts_sections),
    (("uptake",), uptake_section),
    (("messaging",), messaging_section),
    (("choice",), choice_section),
    (("waits",), waits_section),
    (("outcomes",), outcomes_section),
    (("disengaged",), disengaged_section),
    (("inclusion",), inclusion_section),
    (("staff", "alerts"), staff_section),
    (("face-to-face-requests",), face_to_face.section),
    (("support", "support-group"), support.section),
    (("places-in-groups",), group_places.section),
]


def _expand(made: Section | list[Section]) -> list[Section]:
    return made if isinstance(made, list) else [made]


def build(scope: Scope, *, team_names: list[str]) -> Report:
    """Every section. Raises ``rollup.NotAvailable`` when the roll-up cannot
    answer for the period."""
    built, _first, _last = rollup.months(scope)
    sections: list[Section] = []
    for _prefixes, builder in SECTIONS:
        sections.extend(_expand(builder(scope)))
    return Report(
        scope=scope, team_names=team_names, sections=sections, figures_as_of=built.built_at
    )


def table(scope: Scope, slug: str) -> Table | None:
    """One table, building only the section it belongs to."""
    for prefixes, builder in SECTIONS:
        if any(slug == p or slug.startswith(p.rstrip("-") + "-") for p in prefixes):
            for section in _expand(builder(scope)):
                for found in section.tables:
                    if found.slug == slug:
                        return found
            return None
    return None


def as_csv(found: Table, *, scope: Scope, team_names: list[str]) -> str:
    """The table as CSV, with the same (suppressed) values as the page, and a
    first line saying what it covers and how it was made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            f"{found.caption}. Teams: {', '.join(team_names)}. "
            f"Period: {scope.first:%-d %B %Y} to {scope.last:%-d %B %Y}. {safe.RULE_IN_WORDS}"
        ]
    )
    writer.writerow(found.headings)
    writer.writerows(found.text_rows())
    return out.getvalue()


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 whole months, ending with the end of this month."""
    this_month = today.replace(day=1)
    return rollup.add_months(this_month, -11), rollup.month_end(this_month)
