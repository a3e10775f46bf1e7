"""The resource types the API serves: for each, what a client may see (through
the access module), how a row becomes a resource (through the one mapping),
and the search parameters it answers. The CapabilityStatement is built from
this table too (``capability``), so it says exactly what the API does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Expression, F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from fhir.resources.R4B.resource import Resource

from tandem.access import scopes
from tandem.appointments.models import HELD, Appointment, Status
from tandem.appointments.shown import shown
from tandem.audit.bulk import Entry, record_many
from tandem.audit.models import Action
from tandem.careplans.models import CarePlanVersion, Comment
from tandem.diary.models import DiaryEntry
from tandem.fhir import answers, mapping, plans
from tandem.fhir.models import ApiClient
from tandem.fhir.searching import (
    ID,
    Filter,
    SearchParam,
    by_birthdate,
    by_day,
    by_id_of,
    by_identifier,
    by_item_code,
    by_moment,
    by_name,
    by_status,
    by_total_code,
    codes,
    named,
    patient_param,
    search_params,
)
from tandem.measures.answered import answered
from tandem.measures.models import Response
from tandem.notify.models import Message
from tandem.people.models import CarerLink, ServiceUser
from tandem.preferences.communication import with_current_needs
from tandem.safety.models import PlanVersion


@dataclass(frozen=True)
class Kind:
    name: str
    rows: Callable[[ApiClient], QuerySet[Any]]
    build: Callable[[Any], Resource]
    subject: Callable[[Any], int]
    params: dict[str, SearchParam] = field(default_factory=dict)
    # An expression for when a row last changed, where Tandem keeps one.
    last_updated: Callable[[], Expression | F] | None = None
    # The paths from a row to its person and to the team it belongs to; a row
    # with no team of its own (None) goes in a team's Group export when its
    # person is open to that team.
    person: str = "service_user"
    team: str | None = "team"
    # Where one resource type is made from several kinds of row (Observation:
    # questionnaire totals and each diary item), each part, told apart by the
    # start of its ids; the first part's ids are the bare primary key.
    prefix: str = ""
    parts: tuple[Kind, ...] = ()

    def matching(self, client: ApiClient, query: Any) -> QuerySet[Any]:
        """The client's rows of this kind that match a search's parameters (already
        checked to be ones the kind takes), in key order."""
        rows = self.rows(client)
        params = search_params(self)
        for name in params:
            for value in query.getlist(name):
                rows = params[name].apply(rows, value)
        return rows.order_by("pk")

    def sources(self) -> tuple[Kind, ...]:
        return self.parts or (self,)

    def id_of(self, row: Any) -> str:
        return f"{self.prefix}{row.pk}"

    def part_for(self, resource_id: str) -> tuple[Kind, int] | None:
        """Which part an id belongs to, and the row's primary key."""
        for part in sorted(self.sources(), key=lambda p: -len(p.prefix)):
            rest = resource_id.removeprefix(part.prefix)
            if resource_id.startswith(part.prefix) and rest.isdigit():
                return part, int(rest)
        return None

    def audit_reads(self, client: ApiClient, rows: list[Any], how: str) -> None:
        """Each row read, under the client's account, against the person it is
        about, so it shows in their 'Who has looked at my record'."""
        record_many(
            actor=client.actor,
            entries=[
                Entry(
                    action=Action.VIEW,
                    object_type=self.name,
                    object_id=self.id_of(row),
                    subject_id=self.subject(row),
                    what=f"{how} their {self.name} ({client.name})",
                )
                for row in rows
            ],
        )

    def resource(self, row: Any) -> dict[str, Any]:
        """The row as FHIR JSON, with its id, a version that changes whenever its
        content does (the ETag), and when it last changed where Tandem keeps that."""
        text = self.build(row).model_dump_json()
        found: dict[str, Any] = json.loads(text)
        meta = {"versionId": hashlib.sha256(text.encode()).hexdigest()[:16]}
        changed = getattr(row, "last_updated", None)
        if changed is not None:
            meta["lastUpdated"] = mapping.instant(changed)
        return {
            "resourceType": found.pop("resourceType"),
            "id": self.id_of(row),
            "meta": meta,
            **found,
        }


# --- What a client may see ------------------------------------------------------------


def people(client: ApiClient) -> QuerySet[ServiceUser]:
    return scopes.service_users_open_to(client.teams.all())


def patients(client: ApiClient) -> QuerySet[ServiceUser]:
    """People as Patients: each page or export chunk fetches their
    communication needs at once, not one query a person."""
    return with_current_needs(people(client))


def appointments(client: ApiClient) -> QuerySet[Appointment]:
    """Appointments with the client's teams, of people open to them: never
    another team's, so nothing goes to an organisation it was not meant for."""
    return (
        Appointment.objects.filter(service_user__in=people(client), team__in=client.teams.all())
        .select_related("appointment_type", "clinician__user", "site", "team")
        .annotate(last_updated=appointment_changed())
    )


def appointment_changed() -> Expression:
    booked = F("booked_at")
    return Greatest(
        booked,
        Coalesce("confirmed_at", booked),
        Coalesce("cancelled_at", booked),
        Coalesce("outcome_recorded_at", booked),
    )


def held(client: ApiClient) -> QuerySet[Appointment]:
    return appointments(client).filter(status=Status.BOOKED, attendance__in=list(HELD))


def carer_links(client: ApiClient) -> QuerySet[CarerLink]:
    return CarerLink.objects.filter(service_user__in=people(client)).select_related("carer")


def notices(client: ApiClient) -> QuerySet[Message]:
    """Letters, emails and texts sent to the person by the client's teams: what
    they were about, never their wording (``mapping.notice``)."""
    return Message.objects.filter(service_user__in=people(client), team__in=client.teams.all())


def responses(client: ApiClient) -> QuerySet[Response]:
    """Questionnaires answered for the client's teams, complete or not."""
    return (
        Response.objects.filter(service_user__in=people(client), team__in=client.teams.all())
        .select_related("instrument", "submitted_by")
        .annotate(last_updated=F("submitted_at"))
    )


def totals(client: ApiClient) -> QuerySet[Response]:
    """Complete questionnaires' totals given to the client's teams."""
    return responses(client).filter(complete=True, total__isnull=False)


def diary_entries(client: ApiClient) -> QuerySet[DiaryEntry]:
    """Days of the diaries people share with one of the client's teams: a diary
    the person keeps to themselves is never sent. The note, the person's own
    words, is never even read (``defer``), so no resource can carry it."""
    return (
        DiaryEntry.objects.filter(
            service_user__in=people(client),
            service_user__diary_plan__share_with_team=True,
            service_user__diary_plan__team__in=client.teams.all(),
        )
        .defer("note")
        .annotate(last_updated=F("updated_at"))
    )


def diary_part(item: answers.DiaryItem) -> Kind:
    """The days a diary item was given, one Observation each, ids 'diary-mood-<n>'."""
    prefix = f"diary-{item.code}-"
    return Kind(
        "Observation",
        rows=lambda client: diary_entries(client).filter(**{f"{item.field}__isnull": False}),
        build=lambda row: answers.diary_item(row, item, patient_ref(row.service_user_id)),
        subject=lambda row: row.service_user_id,
        params=named(
            SearchParam("_id", "token", by_id_of(prefix), ID.documentation),
            patient_param("service_user_id"),
            SearchParam("date", "date", by_day("day"), "The day"),
            SearchParam("code", "token", by_item_code(item), "The code"),
        ),
        last_updated=lambda: F("updated_at"),
        team="service_user__diary_plan__team",
        prefix=prefix,
    )


def safety_plans(client: ApiClient) -> QuerySet[PlanVersion]:
    """Every version of each person's safety plan, each knowing the newest
    number and the version it replaced."""
    same_plan = PlanVersion.objects.filter(plan=OuterRef("plan"))
    return (
        PlanVersion.objects.filter(plan__service_user__in=people(client))
        .select_related("plan")
        .annotate(
            last_updated=F("saved_at"),
            newest_number=Subquery(
                same_plan.values("plan").annotate(top=Max("number")).values("top")[:1]
            ),
            older_pk=Subquery(
                same_plan.filter(number__lt=OuterRef("number")).order_by("-number").values("pk")[:1]
            ),
        )
    )


def care_plans(client: ApiClient) -> QuerySet[CarePlanVersion]:
    """Every version of each person's care plan written together (issue 24),
    with the person's answer and comments, the newest number and the version it
    replaced. A version's resource changes when the person answers or comments,
    and when a newer version makes it 'revoked', so each counts as an update."""
    same_plan = CarePlanVersion.objects.filter(plan=OuterRef("plan"))
    saved = F("saved_at")
    return (
        CarePlanVersion.objects.filter(plan__service_user__in=people(client))
        .select_related("plan", "agreement")
        .prefetch_related("comments")
        .annotate(
            newest_number=Subquery(
                same_plan.values("plan").annotate(top=Max("number")).values("top")[:1]
            ),
            older_pk=Subquery(
                same_plan.filter(number__lt=OuterRef("number")).order_by("-number").values("pk")[:1]
            ),
            last_updated=Greatest(
                saved,
                Coalesce("agreement__recorded_at", saved),
                Coalesce(
                    Subquery(
                        Comment.objects.filter(version=OuterRef("pk"))
                        .order_by("-written_at")
                        .values("written_at")[:1]
                    ),
                    saved,
                ),
                Coalesce(
                    Subquery(
                        same_plan.filter(number__gt=OuterRef("number"))
                        .order_by("number")
                        .values("saved_at")[:1]
                    ),
                    saved,
                ),
            ),
        )
    )


def by_category(code: str) -> Filter:
    """All of a part's rows when the search names its section of the record, else none."""

    def apply(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
        named = any(
            found == code and system in (None, mapping.CATEGORY) for system, found in codes(value)
        )
        return rows if named else rows.none()

    return apply


def patient_url(pk: int) -> str:
    return f"Patient/{pk}"


def patient_ref(pk: int) -> dict[str, str]:
    return {"reference": patient_url(pk)}


def observations() -> Kind:
    """Questionnaire totals (ids: the response's number) and diary items (ids
    'diary-<item>-<n>'), one resource type searched and paged as one."""
    totals_part = Kind(
        "Observation",
        rows=totals,
        build=lambda row: answers.questionnaire_total(
            row,
            patient_ref(row.service_user_id),
            title=row.instrument.short_title,
        ),
        subject=lambda row: row.service_user_id,
        params=named(
            ID,
            patient_param("service_user_id"),
            SearchParam("date", "date", by_moment("submitted_at"), "When it was answered"),
            SearchParam("code", "token", by_total_code, "The code"),
        ),
        last_updated=lambda: F("submitted_at"),
    )
    parts = (totals_part, *(diary_part(item) for item in answers.DIARY_ITEMS.values()))
    return Kind(
        "Observation",
        rows=totals_part.rows,
        build=totals_part.build,
        subject=totals_part.subject,
        params=named(
            ID,
            patient_param("service_user_id"),
            SearchParam(
                "date",
                "date",
                by_moment("submitted_at"),
                "When it was answered, or the diary's day",
            ),
            SearchParam(
                "code",
                "token",
                by_total_code,
                f"LOINC or {mapping.TOTAL} for totals; {mapping.DIARY_ITEM} "
                "(mood, sleep, anxiety, medication) or LOINC 93832-4 for diary items",
            ),
        ),
        last_updated=totals_part.last_updated,
        parts=parts,
    )


CARE_PLAN_PREFIX = "care-plan-"
CATEGORY_DOC = f"{mapping.CATEGORY}|safety-plan or |care-plan, or the code alone"


def care_plans_kind() -> Kind:
    """Safety-plan versions (ids: the version's number, as clients already use)
    and versions of the care plan written together (ids 'care-plan-<n>'), one
    resource type searched and paged as one, told apart by category."""
    safety_part = Kind(
        "CarePlan",
        rows=safety_plans,
        build=lambda row: plans.plan_version(
            row,
            patient_ref(row.plan.service_user_id),
            newest=row.number == row.newest_number,
            older=f"CarePlan/{row.older_pk}" if row.older_pk else None,
            reviews=[],
        ),
        subject=lambda row: row.plan.service_user_id,
        params=named(
            ID,
            patient_param("plan__service_user_id"),
            SearchParam("category", "token", by_category("safety-plan"), CATEGORY_DOC),
        ),
        last_updated=lambda: F("saved_at"),
        person="plan__service_user",
        team=None,
    )
    care_part = Kind(
        "CarePlan",
        rows=care_plans,
        build=lambda row: plans.care_plan_version(
            row,
            patient_ref(row.plan.service_user_id),
            newest=row.number == row.newest_number,
            older=f"CarePlan/{CARE_PLAN_PREFIX}{row.older_pk}" if row.older_pk else None,
        ),
        subject=lambda row: row.plan.service_user_id,
        params=named(
            SearchParam("_id", "token", by_id_of(CARE_PLAN_PREFIX), ID.documentation),
            patient_param("plan__service_user_id"),
            SearchParam("category", "token", by_category("care-plan"), CATEGORY_DOC),
        ),
        # Its own last-change time, annotated by ``care_plans``.
        last_updated=lambda: F("last_updated"),
        person="plan__service_user",
        team=None,
        prefix=CARE_PLAN_PREFIX,
    )
    return Kind(
        "CarePlan",
        rows=safety_part.rows,
        build=safety_part.build,
        subject=safety_part.subject,
        params=safety_part.params,
        last_updated=safety_part.last_updated,
        person=safety_part.person,
        team=None,
        parts=(safety_part, care_part),
    )


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "Patient",
            rows=patients,
            build=mapping.patient,
            subject=lambda row: row.pk,
            params=named(
                ID,
                SearchParam(
                    "identifier",
                    "token",
                    by_identifier,
                    f"NHS number: {mapping.NHS_NUMBER}|<number>, or the number alone",
                ),
                SearchParam("name", "string", by_name, "Part of a given or family name"),
                SearchParam(
                    "birthdate", "date", by_birthdate, "Date of birth, with eq/ge/le/gt/lt"
                ),
            ),
            person="pk",
            team=None,
        ),
        Kind(
            "Appointment",
            rows=appointments,
            build=lambda row: mapping.appointment(shown(row), patient_url(row.service_user_id)),
            subject=lambda row: row.service_user_id,
            params=named(
                ID,
                patient_param("service_user_id"),
                SearchParam("date", "date", by_moment("starts_at"), "When it starts"),
                SearchParam("status", "token", by_status, "booked, fulfilled, noshow, cancelled"),
            ),
            last_updated=appointment_changed,
        ),
        Kind(
            "Encounter",
            rows=held,
            build=lambda row: mapping.encounter(
                shown(row), patient_url(row.service_user_id), f"Appointment/{row.pk}"
            ),
            subject=lambda row: row.service_user_id,
            params=named(
                ID,
                patient_param("service_user_id"),
                SearchParam("date", "date", by_moment("starts_at"), "When it started"),
            ),
            last_updated=appointment_changed,
        ),
        Kind(
            "QuestionnaireResponse",
            rows=responses,
            build=lambda row: answers.questionnaire_response(
                answered(row, {}), patient_ref(row.service_user_id)
            ),
            subject=lambda row: row.service_user_id,
            params=named(
                ID,
                patient_param("service_user_id"),
                SearchParam("authored", "date", by_moment("submitted_at"), "When it was answered"),
            ),
            last_updated=lambda: F("submitted_at"),
        ),
        observations(),
        care_plans_kind(),
        Kind(
            "RelatedPerson",
            rows=carer_links,
            build=lambda row: mapping.related_person(row, patient_url(row.service_user_id)),
            subject=lambda row: row.service_user_id,
            params=named(ID, patient_param("service_user_id")),
            team=None,
        ),
        Kind(
            "Consent",
            rows=carer_links,
            build=lambda row: mapping.consent(
                row, patient_url(row.service_user_id), f"RelatedPerson/{row.pk}"
            ),
            subject=lambda row: row.service_user_id,
            params=named(ID, patient_param("service_user_id")),
            team=None,
        ),
        Kind(
            "Communication",
            rows=notices,
            build=lambda row: mapping.notice(row, patient_url(row.service_user_id)),
            subject=lambda row: row.service_user_id,
            params=named(ID, patient_param("service_user_id")),
        ),
    )
}
