"""Reads of the guidance. Guidance is service-wide configuration, not personal
data; the only personal reads here (who has not acknowledged a page) are scoped
to the asking manager's teams through ``tandem.access.scopes``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch

from tandem.access import scopes
from tandem.guidance.models import (
    Acknowledgement,
    GuidanceCellVersion,
    GuidancePage,
    Level,
    PageVersion,
)
from tandem.guidance.models import (
    GuidanceCell as CellRecord,
)
from tandem.people.models import StaffMember, User
from tandem.preferences.codes import ContactKind, Modality

# Strongest advice first: how tables and decision forms order levels.
LEVEL_ORDER: tuple[str, ...] = (
    Level.RECOMMENDED,
    Level.SUITABLE,
    Level.CARE,
    Level.NOT_ADVISED,
)
LEVEL_LABELS: dict[str, str] = {str(level): str(level.label) for level in Level}
# Shown with every display of guidance: it informs a shared decision, never makes it.
ADVISORY_NOTE = (
    "This guidance advises; it does not decide. The person and their clinician "
    "choose together, and face to face is always offered."
)


@dataclass(frozen=True)
class GuidanceCell:
    """One cell as other apps see it (not the model: a plain, frozen value)."""

    kind: str
    modality: str
    modality_label: str
    level: str
    level_label: str
    reason: str
    source: str


def _view(cell: CellRecord) -> GuidanceCell:
    return GuidanceCell(
        kind=cell.kind,
        modality=cell.modality,
        modality_label=str(Modality(cell.modality).label),
        level=cell.level,
        level_label=LEVEL_LABELS.get(cell.level, cell.level),
        reason=cell.reason,
        source=cell.source,
    )


def guidance_for(kind: str) -> dict[str, GuidanceCell]:
    """The service's guidance for one kind of contact, keyed by modality in the
    order of ``Modality``. An unknown kind gives an empty dict."""
    if kind not in ContactKind.values:
        return {}
    found = {c.modality: _view(c) for c in CellRecord.objects.filter(kind=kind)}
    return {m: found[m] for m in Modality.values if m in found}


def matrix() -> list[tuple[str, str, list[GuidanceCell | None]]]:
    """Every kind (value, label) with its cells in ``Modality`` order."""
    cells = {(c.kind, c.modality): _view(c) for c in CellRecord.objects.all()}
    return [
        (kind.value, str(kind.label), [cells.get((kind.value, m)) for m in Modality.values])
        for kind in ContactKind
    ]


def cell(*, kind: str, modality: str) -> CellRecord | None:
    if kind not in ContactKind.values or modality not in Modality.values:
        return None
    return (
        CellRecord.objects.filter(kind=kind, modality=modality).select_related("changed_by").first()
    )


def cell_history(found: CellRecord) -> list[GuidanceCellVersion]:
    return list(found.versions.select_related("changed_by").order_by("-version"))


def cells_for_modality(modality: str) -> list[GuidanceCell]:
    by_kind = {c.kind: _view(c) for c in CellRecord.objects.filter(modality=modality)}
    return [by_kind[k] for k in ContactKind.values if k in by_kind]


# --- Pages -------------------------------------------------------------------


@dataclass(frozen=True)
class PageState:
    page: GuidancePage
    current: PageVersion
    acknowledged_at: dt.datetime | None = None

    @property
    def overdue(self) -> bool:
        return self.current.review_by < dt.date.today()


def current_version(page: GuidancePage) -> PageVersion:
    found = page.versions.order_by("-number").first()
    assert found is not None, "every page has at least one version"
    return found


def _state(page: GuidancePage, user: User | None) -> PageState:
    current = current_version(page)
    at = None
    if user is not None:
        ack = Acknowledgement.objects.filter(version=current, user=user).first()
        at = ack.at if ack else None
    return PageState(page=page, current=current, acknowledged_at=at)


def page_by_slug(user: User, *, slug: str) -> PageState | None:
    page = GuidancePage.objects.filter(slug=slug).first()
    return _state(page, user) if page else None


def page_for_kind(user: User, *, kind: str) -> PageState | None:
    if kind not in ContactKind.values:
        return None
    page = GuidancePage.objects.filter(kind=kind).first()
    return _state(page, user) if page else None


def page_for_modality(user: User, *, modality: str) -> PageState | None:
    if modality not in Modality.values:
        return None
    page = GuidancePage.objects.filter(modality=modality).first()
    return _state(page, user) if page else None


def all_pages(user: User) -> list[PageState]:
    """Every page with its current version and whether ``user`` has read it,
    in three queries however many pages there are."""
    pages = GuidancePage.objects.prefetch_related(
        Prefetch("versions", queryset=PageVersion.objects.order_by("-number"))
    )
    read_at = dict(Acknowledgement.objects.filter(user=user).values_list("version_id", "at"))
    states = []
    for page in pages:
        current = page.versions.all()[0]
        states.append(
            PageState(page=page, current=current, acknowledged_at=read_at.get(current.pk))
        )
    return states


def page_history(page: GuidancePage) -> list[PageVersion]:
    return list(page.versions.select_related("created_by").order_by("-number"))


@dataclass(frozen=True)
class ReadingRow:
    state: PageState
    not_read: list[StaffMember]


def reading_report(user: User) -> list[ReadingRow]:
    """For a manager: each page with the staff in their teams who have not
    acknowledged its current version."""
    team_staff = (
        scopes.staff_visible_to(user)
        .filter(memberships__team__in=scopes.managed_teams(user))
        .distinct()
        .order_by("user__full_name")
    )
    rows = []
    pages = GuidancePage.objects.prefetch_related(
        Prefetch("versions", queryset=PageVersion.objects.order_by("-number"))
    )
    for page in pages:
        current = page.versions.all()[0]
        not_read = team_staff.exclude(
            Exists(Acknowledgement.objects.filter(version=current, user=OuterRef("user")))
        )
        rows.append(ReadingRow(PageState(page=page, current=current), list(not_read)))
    return rows
