"""Every figure in the insights report, defined once.

Each count says which rows it takes and which NHS Data Dictionary ATTENDED OR
DID NOT ATTEND codes it uses (``Appointment.attendance`` holds the code
itself); each rate names its numerator and denominator by key. The SQL in
``tandem.insights.queries`` is built from the code sets and group expressions
here, the pages and CSV files take their labels and explanations from here,
and docs/insights.md says the same in prose. Change a definition here and in
the document together.

Rows counted (unless a figure says otherwise): appointments of the chosen
teams whose start falls in the period (local dates, first and last day
included). An appointment of another team never counts, even for a person
open to one of the chosen teams.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tandem.appointments.models import Attendance
from tandem.measures.outcomes import GAD7_CASENESS, PHQ9_CASENESS
from tandem.people.codes import Disability, Sex

# --- Attendance codes (NHS Data Dictionary: ATTENDED OR DID NOT ATTEND) --------------

HELD_CODES = (Attendance.ATTENDED.value, Attendance.LATE_SEEN.value)  # 5, 6
DNA_CODES = (Attendance.DID_NOT_ATTEND.value, Attendance.LATE_NOT_SEEN.value)  # 3, 7
CANCELLED_BY_PERSON_CODES = (Attendance.CANCELLED_BY_PERSON.value,)  # 2
CANCELLED_BY_SERVICE_CODES = (Attendance.CANCELLED_BY_SERVICE.value,)  # 4

# Modalities the report shows, in order. Appointments are held one of the first
# three ways; secure messaging is counted separately (it is not an appointment).
APPOINTMENT_WAYS = (("face_to_face", "Face to face"), ("video", "Video call"), ("phone", "Phone"))
ALL_WAYS = "all"
WAY_LABELS = dict(APPOINTMENT_WAYS) | {ALL_WAYS: "All ways", "messaging": "Secure messaging"}
REMOTE_WAYS = ("video", "phone")

INSTRUMENT_PHQ9 = "phq9"
INSTRUMENT_GAD7 = "gad7"


# --- Counts and rates --------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    rows: str


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: str
    denominator: str
    why: str


COUNTS = (
    Count(
        "offered",
        "Offered",
        "Every appointment given to a person for a time in the period, including ones later "
        "moved or cancelled.",
    ),
    Count(
        "booked",
        "Booked",
        "Offered, less those moved to another time (the new time is counted instead).",
    ),
    Count("held", "Held", "Booked with attendance code 5 (attended on time) or 6 (late, seen)."),
    Count(
        "dna",
        "Did not attend",
        "Booked with code 3 (did not attend, no warning) or 7 (arrived late, could not be seen).",
    ),
    Count(
        "cancelled_person",
        "Cancelled by the person",
        "Booked with code 2 (cancelled by the patient), not moved.",
    ),
    Count(
        "cancelled_service",
        "Cancelled by the service",
        "Booked with code 4 (cancelled or postponed by the provider), not moved.",
    ),
    Count(
        "no_outcome",
        "No outcome recorded",
        "Booked, not cancelled, started before now, and no attendance code recorded yet.",
    ),
    Count(
        "technical_failure",
        "Technical failures",
        "Held or not attended, with 'the technology failed' recorded.",
    ),
    Count(
        "switched",
        "Switched to another way",
        "Held, and continued another way (for example video to phone).",
    ),
)

SEEN_OR_DNA = "seen_or_dna"  # held + dna: appointments with an attendance outcome

RATES = (
    Rate(
        "dna_rate",
        "Did not attend rate",
        "dna",
        SEEN_OR_DNA,
        "Did not attend (codes 3, 7) out of held or did not attend (codes 3, 5, 6, 7).",
    ),
    Rate(
        "cancelled_person_rate",
        "Cancelled by the person rate",
        "cancelled_person",
        "booked",
        "Cancelled by the person (code 2) out of booked.",
    ),
    Rate(
        "cancelled_service_rate",
        "Cancelled by the service rate",
        "cancelled_service",
        "booked",
        "Cancelled by the service (code 4) out of booked.",
    ),
    Rate(
        "technical_failure_rate",
        "Technical failure rate",
        "technical_failure",
        SEEN_OR_DNA,
        "Technical failures out of held or did not attend.",
    ),
    Rate(
        "switch_rate",
        "Switched rate",
        "switched",
        "held",
        "Held appointments that continued another way, out of held.",
    ),
)
RATE_BY_KEY = {r.key: r for r in RATES}
COUNT_BY_KEY = {c.key: c for c in COUNTS}


# --- Groups ------------------------------------------------------------------------
#
# Each group is a SQL expression over ``p`` (people_serviceuser) and ``d`` (the
# person's current digital access check, LEFT JOINed, so NULL when never asked),
# giving a short code, with the codes' labels in the order tables show them.
# Age is the person's age on the last day of the period.

AGE_BANDS = (
    ("under_18", "Under 18", 0),
    ("18_24", "18 to 24", 18),
    ("25_34", "25 to 34", 25),
    ("35_44", "35 to 44", 35),
    ("45_54", "45 to 54", 45),
    ("55_64", "55 to 64", 55),
    ("65_plus", "65 and over", 65),
)

ETHNIC_GROUPS = (
    ("white", "White", ("A", "B", "C")),
    ("mixed", "Mixed or multiple", ("D", "E", "F", "G")),
    ("asian", "Asian or Asian British", ("H", "J", "K", "L")),
    ("black", "Black or Black British", ("M", "N", "P")),
    ("other", "Other ethnic group", ("R", "S")),
    ("not_stated", "Not stated or not known", ("Z", "99")),
)

NOT_ASKED = ("not_asked", "Digital access not checked")


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    values: tuple[tuple[str, str], ...]

    def sql(self, on: dt.date) -> tuple[str, list[Any]]:
        """The SQL expression giving this group's code, and its parameters."""
        return GROUP_SQL[self.key](on)


def _quoted(codes: tuple[str, ...]) -> str:
    # Codes are fixed in this module (letters and digits only), never user input.
    assert all(c.isalnum() for c in codes)
    return ", ".join(f"'{c}'" for c in codes)


def _age_sql(on: dt.date) -> tuple[str, list[Any]]:
    # Born on or before (on - N years) means aged N or more on ``on``.
    whens = []
    params: list[Any] = []
    for code, _label, years in reversed(AGE_BANDS[1:]):
        whens.append(f"WHEN p.date_of_birth <= %s THEN '{code}'")
        params.append(years_before(on, years))
    return f"CASE {' '.join(whens)} ELSE 'under_18' END", params


def _ethnic_sql(on: dt.date) -> tuple[str, list[Any]]:
    whens = " ".join(
        f"WHEN p.ethnicity IN ({_quoted(codes)}) THEN '{key}'" for key, _, codes in ETHNIC_GROUPS
    )
    return f"CASE {whens} ELSE 'not_stated' END", []


SqlFor = Callable[[dt.date], tuple[str, list[Any]]]


def _static(expression: str) -> SqlFor:
    def build(on: dt.date) -> tuple[str, list[Any]]:
        return expression, []

    return build


GROUP_SQL: dict[str, SqlFor] = {
    "age": _age_sql,
    "sex": _static("p.sex"),
    "ethnicity": _ethnic_sql,
    "imd": _static(
        "CASE WHEN p.imd_decile IN (1, 2) THEN '1' WHEN p.imd_decile IN (3, 4) THEN '2' "
        "WHEN p.imd_decile IN (5, 6) THEN '3' WHEN p.imd_decile IN (7, 8) THEN '4' "
        "WHEN p.imd_decile IN (9, 10) THEN '5' ELSE 'unknown' END"
    ),
    "disability": _static("p.disability"),
    "language": _static(
        "CASE WHEN p.interpreter_needed THEN 'interpreter' "
        "WHEN LOWER(p.first_language) = 'english' THEN 'english' ELSE 'other' END"
    ),
    "private_space": _static(
        "CASE WHEN d.id IS NULL THEN 'not_asked' WHEN d.private_space = 'no' THEN 'no' "
        "WHEN d.private_space = 'sometimes' THEN 'sometimes' ELSE 'yes' END"
    ),
    "video_device": _static(
        "CASE WHEN d.id IS NULL THEN 'not_asked' "
        "WHEN CAST(d.devices AS TEXT) LIKE '%%\"smartphone\"%%' "
        "OR CAST(d.devices AS TEXT) LIKE '%%\"tablet\"%%' "
        "OR CAST(d.devices AS TEXT) LIKE '%%\"computer\"%%' THEN 'yes' ELSE 'no' END"
    ),
    "internet": _static(
        "CASE WHEN d.id IS NULL THEN 'not_asked' "
        "WHEN d.connection IN ('unreliable', 'none') THEN 'no' ELSE 'yes' END"
    ),
    "video_help": _static(
        "CASE WHEN d.id IS NULL THEN 'not_asked' WHEN d.wants_help "
        "OR d.video_confidence IN ('not_confident', 'never') THEN 'yes' ELSE 'no' END"
    ),
}

GROUPS = (
    Group("age", "Age band", tuple((code, label) for code, label, _ in AGE_BANDS)),
    Group("sex", "Sex", tuple((s.value, s.label.split(" (")[0]) for s in Sex)),
    Group("ethnicity", "Ethnic group", tuple((k, label) for k, label, _ in ETHNIC_GROUPS)),
    Group(
        "imd",
        "Deprivation (IMD quintile)",
        (
            ("1", "1 (most deprived)"),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
            ("5", "5 (least deprived)"),
            ("unknown", "Not known"),
        ),
    ),
    Group("disability", "Disability", tuple((d.value, d.label) for d in Disability)),
    Group(
        "language",
        "Language",
        (
            ("english", "First language English"),
            ("other", "Another first language, no interpreter"),
            ("interpreter", "Needs an interpreter"),
        ),
    ),
    Group(
        "private_space",
        "Private space at home",
        (("no", "No private space"), ("sometimes", "Only sometimes"), ("yes", "Yes"), NOT_ASKED),
    ),
    Group(
        "video_device",
        "Device for video calls",
        (("no", "No device for video"), ("yes", "Has a device"), NOT_ASKED),
    ),
    Group(
        "internet",
        "Internet at home",
        (("no", "No reliable internet"), ("yes", "Reliable or patchy"), NOT_ASKED),
    ),
    Group(
        "video_help",
        "Help to join video",
        (("yes", "Needs help to join video"), ("no", "Does not"), NOT_ASKED),
    ),
)
GROUP_BY_KEY = {g.key: g for g in GROUPS}
DIGITAL_GROUPS = ("private_space", "video_device", "internet", "video_help")


# --- Other figures, in words (used on the page and in docs/insights.md) --------------

OTHER_DEFINITIONS = {
    "people": "People with at least one booked appointment with the chosen teams in the period.",
    "remote_share": "Held video and phone appointments out of all held appointments.",
    "uptake": (
        "Held appointments (codes 5, 6) in each calendar month, by the way they were booked."
    ),
    "in_scope_people": (
        "People open to a chosen team at any time in the period (a caseload entry opened on or "
        "before its last day and not closed before its first day)."
    ),
    "declined_remote": (
        "People in scope with a shared decision in the period where video, phone, messaging or "
        "email was discussed and face to face was chosen."
    ),
    "change_requests": "People in scope who asked, in the period, to change how they are seen.",
    "waits": (
        "Referrals to a chosen team received in the period: days from referral to the first "
        "appointment offered, and to the first held (codes 5, 6), by the way it was offered or "
        "held. Referrals still waiting are counted, not timed."
    ),
    "outcomes": (
        "People in scope with complete PHQ-9 and GAD-7 answers on the same day at least twice in "
        "the period (first and last such day), taken with the chosen teams. Definitions are the "
        "NHS Talking Therapies ones in tandem/measures/outcomes.py: caseness is PHQ-9 "
        f"{PHQ9_CASENESS} or more or GAD-7 {GAD7_CASENESS} or more; recovery and reliable "
        "recovery are counted among people at caseness at the start. A person's way is the way "
        "most of their held appointments in the period were held."
    ),
    "disengaged": (
        "People open to a chosen team on the last day of the period with no held appointment "
        "with that team for longer than the team's no-contact limit (counted from when they "
        "joined the caseload if never seen), by the way of their last held appointment."
    ),
    "inclusion": (
        "Help requests raised and devices lent in the period, for people in scope; people in "
        "scope whose current digital access check says they have no private space at home."
    ),
    "staff": (
        "Remote appointments (video, phone) of the chosen teams in the period that were not "
        "cancelled: hours booked, clinician-days over the team's daily remote hours, and "
        "bookings that went ahead despite a workload guardrail (the break rule named)."
    ),
    "alerts": (
        "Early-warning alerts raised for the chosen teams in the period: how many were "
        "acknowledged within the team's response window, and the median time to acknowledge."
    ),
    "messaging": (
        "Secure messages in the chosen teams' inboxes sent in the period, by who wrote them, and "
        "the people whose threads had a message from the team."
    ),
}
