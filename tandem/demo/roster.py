"""The demo service's shape: its trust, teams, staff and the fixed demo logins.

The five fixed logins are promised by the README; ``demo_logins`` prints them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tandem.people.codes import ProfessionalRole

ORGANISATION_NAME = "Aire Valley Mental Health NHS Foundation Trust (synthetic demo)"
ORGANISATION_ODS_CODE = "ZZ9"

DEFAULT_PASSWORD = "blended-care-demo"  # noqa: S105 - a published demo password
PASSWORD_ENV = "TANDEM_DEMO_PASSWORD"  # noqa: S105 - the variable's name
TOTP_SECRET_ENV = "TANDEM_DEMO_TOTP_SECRET"  # noqa: S105 - the variable's name


def demo_password() -> str:
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


def demo_totp_secret() -> str | None:
    """The base32 secret every demo staff account shares, if one was chosen."""
    secret = os.environ.get(TOTP_SECRET_ENV, "").replace(" ", "").upper()
    return secret or None


@dataclass(frozen=True)
class TeamSpec:
    name: str
    slug: str
    phone: str
    out_of_hours_phone: str
    share: float  # of the caseload


# Office and out-of-hours numbers from Ofcom's Leeds drama range (0113 496 0xxx).
TEAMS = (
    TeamSpec(
        "Northgate Community Mental Health Team",
        "northgate-cmht",
        "+441134960100",
        "+441134960199",
        0.40,
    ),
    TeamSpec(
        "Riverside Community Mental Health Team",
        "riverside-cmht",
        "+441134960200",
        "+441134960299",
        0.35,
    ),
    TeamSpec(
        "Eastfield Community Mental Health Team",
        "eastfield-cmht",
        "+441134960300",
        "+441134960399",
        0.25,
    ),
)


@dataclass(frozen=True)
class StaffSpec:
    """A member of staff. ``teams`` holds (team index, membership role) pairs."""

    role: ProfessionalRole
    teams: tuple[tuple[int, str], ...]
    email: str = ""  # fixed accounts only; others get one from their name
    full_name: str = ""  # fixed accounts only
    is_service_admin: bool = False


CLINICIAN, MANAGER = "clinician", "manager"
R = ProfessionalRole

SAM_EMAIL = "sam@example.org"
ALEX_EMAIL = "alex@example.org"
DR_LEE_EMAIL = "dr.lee@example.org"
MORGAN_EMAIL = "morgan@example.org"
ADMIN_EMAIL = "admin@example.org"

# Twenty staff. Most clinicians work in one team; a psychiatrist and a peer
# support worker work across two.
STAFF = (
    StaffSpec(R.PSYCHOLOGIST, ((0, CLINICIAN),), DR_LEE_EMAIL, "Dr Casey Lee"),
    StaffSpec(R.TEAM_MANAGER, ((0, MANAGER),), MORGAN_EMAIL, "Morgan Ellis"),
    StaffSpec(R.ADMINISTRATOR, (), ADMIN_EMAIL, "Avery Stone", is_service_admin=True),
    StaffSpec(R.CARE_COORDINATOR, ((0, CLINICIAN),)),
    StaffSpec(R.CARE_COORDINATOR, ((0, CLINICIAN),)),
    StaffSpec(R.SOCIAL_WORKER, ((0, CLINICIAN),)),
    StaffSpec(R.OCCUPATIONAL_THERAPIST, ((0, CLINICIAN),)),
    StaffSpec(R.PSYCHIATRIST, ((0, CLINICIAN), (1, CLINICIAN))),
    StaffSpec(R.SUPPORT_WORKER, ((0, CLINICIAN),)),
    StaffSpec(R.TEAM_MANAGER, ((1, MANAGER),)),
    StaffSpec(R.CARE_COORDINATOR, ((1, CLINICIAN),)),
    StaffSpec(R.CARE_COORDINATOR, ((1, CLINICIAN),)),
    StaffSpec(R.SOCIAL_WORKER, ((1, CLINICIAN),)),
    StaffSpec(R.PSYCHOLOGIST, ((1, CLINICIAN),)),
    StaffSpec(R.PEER_SUPPORT_WORKER, ((1, CLINICIAN), (2, CLINICIAN))),
    StaffSpec(R.TEAM_MANAGER, ((2, MANAGER),)),
    StaffSpec(R.CARE_COORDINATOR, ((2, CLINICIAN),)),
    StaffSpec(R.CARE_COORDINATOR, ((2, CLINICIAN),)),
    StaffSpec(R.OCCUPATIONAL_THERAPIST, ((2, CLINICIAN),)),
    StaffSpec(R.PSYCHIATRIST, ((2, CLINICIAN),)),
)

# Who can be a named care coordinator (not psychiatrists or support workers here).
COORDINATING_ROLES = frozenset(
    {R.CARE_COORDINATOR, R.SOCIAL_WORKER, R.OCCUPATIONAL_THERAPIST, R.PSYCHOLOGIST}
)


@dataclass(frozen=True)
class FixedLogin:
    email: str
    role: str
    what: str
    is_staff: bool


FIXED_LOGINS = (
    FixedLogin(SAM_EMAIL, "Service user", "Sam Taylor, open to Northgate CMHT", False),
    FixedLogin(ALEX_EMAIL, "Carer", "Alex Taylor, Sam's partner", False),
    FixedLogin(DR_LEE_EMAIL, "Clinician", "Dr Casey Lee, Sam's care coordinator", True),
    FixedLogin(MORGAN_EMAIL, "Team manager", "Morgan Ellis, manages Northgate CMHT", True),
    FixedLogin(ADMIN_EMAIL, "Service administrator", "Avery Stone, no team", True),
)
FIXED_EMAILS = tuple(login.email for login in FIXED_LOGINS)
