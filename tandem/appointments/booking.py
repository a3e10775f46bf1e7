"""The pieces of staff booking that booking and moving share: what step one
decided (read back from the address at every later step, so no JavaScript is
needed), the open times, and the radio groups that list them by day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup, escape

from tandem.access import records, scopes
from tandem.appointments import availability
from tandem.appointments.forms_staff import (
    ANYONE,
    ChooseForm,
    DecisionForm,
    SlotForm,
)
from tandem.appointments.models import Appointment, AppointmentModality, AppointmentType, Room, Site
from tandem.appointments.slots import Slot, find_slot, open_slots
from tandem.guidance.queries import ADVISORY_NOTE, guidance_for
from tandem.people.models import ServiceUser, StaffMember, User
from tandem.preferences.models import SharedDecision
from tandem.preferences.queries import Choices, choices_of, decisions_about
from tandem.preferences.times import ContactTimes, service_zone
from tandem.web.forms import nhs

WEEKS_AHEAD = 26
NO_LONGER_FREE = "That time is no longer free. Choose another time"


@dataclass
class Choice:
    """What step one decided, read back from the address at every later step."""

    person: ServiceUser
    appointment_type: AppointmentType
    way: str
    clinician: StaffMember | None
    choices: Choices
    latest: SharedDecision | None
    members: list[StaffMember]

    @property
    def needs_decision(self) -> bool:
        return self.latest is None or self.latest.decision != self.way

    @property
    def way_label(self) -> str:
        return str(AppointmentModality(self.way).label)

    @property
    def query(self) -> str:
        return urlencode(
            {
                "type": self.appointment_type.pk,
                "way": self.way,
                "clinician": self.clinician.pk if self.clinician else ANYONE,
            }
        )

    def url(self, name: str, **params: object) -> str:
        extra = "&" + urlencode(params) if params else ""
        return reverse(name, kwargs={"pk": self.person.pk}) + "?" + self.query + extra


def booking_teams(user: User, person: ServiceUser) -> list[Any]:
    teams = [
        entry.team
        for entry in scopes.caseload_entries_of(user)
        .filter(service_user=person)
        .select_related("team")
    ]
    if not teams:
        raise Http404(records.NOT_FOUND)
    return teams


def choose_form(user: User, person: ServiceUser, data: QueryDict | None) -> ChooseForm:
    teams = booking_teams(user, person)
    return ChooseForm(
        data,
        types=availability.types_for(teams),
        members={t.pk: availability.members_of(t) for t in teams},
    )


def choice_from(user: User, person: ServiceUser, form: ChooseForm) -> Choice:
    """What ``form`` (from ``choose_form``, which found the person on one of the
    user's caseloads or gave 404) chose. The person's decisions and choices are
    read without asking again whether the user may see them (issue 18)."""
    kind = form.chosen_type()
    assert kind is not None
    decisions = decisions_about(user, person=person, opened=True)
    latest = next((d for d in decisions if d.kind == kind.kind), None)
    return Choice(
        person=person,
        appointment_type=kind,
        way=form.cleaned_data["way"],
        clinician=form.chosen_clinician(),
        choices=choices_of(user, person=person, opened=True),
        latest=latest,
        members=form.members.get(kind.team_id, []),
    )


def choice_from_address(request: HttpRequest, user: User, person: ServiceUser) -> Choice | None:
    form = choose_form(user, person, request.GET)
    return choice_from(user, person, form) if form.is_valid() else None


def decision_form(choice: Choice, data: QueryDict | None) -> DecisionForm:
    preference = choice.choices.seen.get(choice.appointment_type.kind)
    return DecisionForm(
        data,
        kind=choice.appointment_type.kind,
        way=choice.way,
        not_wanted=list(preference.not_wanted) if preference else [],
        initial={"person_preference": preference.preferred if preference else ""},
    )


def carried_decision(request: HttpRequest, choice: Choice) -> DecisionForm | None:
    """The decision carried in hidden fields, or None when none is needed.

    Raises ``LookupError`` when one is needed but missing or changed on the way."""
    if not choice.needs_decision:
        return None
    form = decision_form(choice, request.POST if request.method == "POST" else None)
    if not form.is_valid():
        raise LookupError("decision missing")
    return form


def week_from(raw: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        first = dt.date.fromisoformat(raw) if raw else today
    except ValueError:
        first = today
    return min(max(first, today), today + dt.timedelta(weeks=WEEKS_AHEAD))


def open_slots_for(
    choice: Choice,
    *,
    first_day: dt.date,
    days: int = 7,
    clinician: StaffMember | None = None,
    ignore: Appointment | None = None,
) -> list[Slot]:
    # Only the members' times are offered, and their names are in hand (issue 18).
    return open_slots(
        team=choice.appointment_type.team,
        appointment_type=choice.appointment_type,
        first_day=first_day,
        days=days,
        modality=choice.way,
        clinician=clinician or choice.clinician,
        not_before=timezone.now(),
        names={s.pk: s.user.full_name for s in choice.members},
    )


def slot_from_key(choice: Choice, key: str) -> Slot | None:
    """The open slot a form names, checked again against what is free now."""
    try:
        staff_id, stamp = (int(part) for part in key.split(":"))
    except ValueError:
        return None
    clinician = next((s for s in choice.members if s.pk == staff_id), None)
    if clinician is None or (choice.clinician is not None and choice.clinician.pk != staff_id):
        return None
    day = timezone.localdate(dt.datetime.fromtimestamp(stamp, tz=dt.UTC))
    return find_slot(open_slots_for(choice, first_day=day, days=1, clinician=clinician), key)


AVOID_HINT = "Inside a time they asked us to avoid: "


def times_to_avoid(choices: Choices) -> ContactTimes | None:
    times = choices.contact.contact_times if choices.contact else None
    return None if times is None or times.is_empty else times


def avoid_hint(times: ContactTimes | None, slot: Slot, zone: ZoneInfo | None = None) -> str:
    """Beside a time: which of the person's times to avoid it falls in (``zone``,
    the service's, looked up here unless a caller with many slots passes it)."""
    if times is None:
        return ""
    reasons = times.clash_reasons(slot.starts_at, slot.ends_at, zone or service_zone())
    return AVOID_HINT + ", ".join(reasons) if reasons else ""


def radio_items(name: str, id_prefix: str, items: list[dict[str, Any]]) -> Markup:
    """The radios of a long list as the NHS radios component renders its items
    (input, label, then any hint), built in one pass: a week of times for a
    whole team is hundreds of radios, and the component's nested macros cost most
    of the slot search's time (issue 18). Ids follow the component's rule: the
    first has no number, so the error summary can link to it. Every value is
    escaped here (``escape``), as the component's autoescaping would."""
    name = escape(name)
    rendered = []
    for n, item in enumerate(items, start=1):
        item_id = escape(id_prefix if n == 1 else f"{id_prefix}-{n}")
        hint = item.get("hint")
        checked = " checked" if item.get("checked") else ""
        described = f' aria-describedby="{item_id}-item-hint"' if hint else ""
        hint_html = (
            f'<div class="nhsuk-hint nhsuk-radios__hint" id="{item_id}-item-hint">'
            f"{escape(hint['text'])}</div>"
            if hint
            else ""
        )
        rendered.append(
            '<div class="nhsuk-radios__item">'
            f'<input class="nhsuk-radios__input" id="{item_id}" name="{name}" type="radio" '
            f'value="{escape(item["value"])}"{checked}{described}>'
            f'<label class="nhsuk-label nhsuk-radios__label" for="{item_id}">'
            f"{escape(item['text'])}</label>{hint_html}</div>\n"
        )
    return Markup("".join(rendered))  # noqa: S704 - every value escaped above


def plain_radios_group(legend: str, radios: Markup) -> Markup:
    """A form group of radios under a medium legend, with no hint and no error,
    as the NHS radios component renders it (``radios`` from ``radio_items``)."""
    return Markup(  # noqa: S704 - the legend is escaped here, the radios were
        '<div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset">'
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">'
        f'{escape(legend)}</legend><div class="nhsuk-radios" data-module="nhsuk-radios">'
        f"{radios}</div></fieldset></div>\n"
    )


def slot_groups(form: SlotForm, times: ContactTimes | None = None) -> list[dict[str, Any]]:
    """Radio groups of the slot list, one per day (a long list stays usable), each
    time marked when it falls in the person's times to avoid.

    Each group is the NHS radios component's fieldset, legend and error with
    its radios built by ``radio_items`` and passed in ``formGroup.beforeInputs``.
    A day without an error message (every day but the first, and the first too
    unless the form has an error) also carries ``html``, the same form group
    built in one pass (``plain_radios_group``), which the page shows instead of
    calling the component (issue 18)."""
    base = nhs(form["slot"])
    error = base.get("errorMessage")
    chosen = str(form["slot"].value() or "")
    # The zones looked up once a page, not for each of hundreds of times (issue 18):
    # ``astimezone`` is what ``timezone.localtime`` does after finding the zone.
    local, service = timezone.get_current_timezone(), service_zone()
    by_day: dict[dt.date, list[tuple[Slot, dt.datetime]]] = defaultdict(list)
    for slot in form.slots:
        starts = slot.starts_at.astimezone(local)
        by_day[starts.date()].append((slot, starts))
    groups: list[dict[str, Any]] = []
    for n, (day, slots) in enumerate(sorted(by_day.items())):
        id_prefix = "slot" if n == 0 else f"slot-{day:%Y-%m-%d}"
        items = [
            {
                "value": s.key,
                "text": f"{starts:%H:%M} to {s.ends_at.astimezone(local):%H:%M}, "
                f"{s.clinician_name}",
                "checked": s.key == chosen,
                **({"hint": {"text": hint}} if (hint := avoid_hint(times, s, service)) else {}),
            }
            for s, starts in slots
        ]
        legend, radios = f"{day:%A %-d %B}", radio_items("slot", id_prefix, items)
        group_error = error if n == 0 else None
        groups.append(
            {
                "name": "slot",
                "idPrefix": id_prefix,
                "fieldset": {"legend": {"text": legend, "size": "m"}},
                "errorMessage": group_error,
                "items": [],
                "formGroup": {"beforeInputs": {"html": radios}},
                "html": None if group_error else plain_radios_group(legend, radios),
            }
        )
    return [{k: v for k, v in g.items() if v is not None} for g in groups]


def bound_slot_form(slots: list[Slot], data: QueryDict | None, *, taken: bool = False) -> SlotForm:
    """The slot list; bound when a choice was submitted, with 'no longer free' when
    the time chosen has gone."""
    if data is None and not taken:
        return SlotForm(slots=slots)
    form = SlotForm(data if data is not None else QueryDict(""), slots=slots)
    form.is_valid()
    if taken:
        form.errors["slot"] = form.error_class([NO_LONGER_FREE])
    return form


def weeks_around(first_day: dt.date) -> dict[str, str | None]:
    today = timezone.localdate()
    previous = first_day - dt.timedelta(days=7)
    following = first_day + dt.timedelta(days=7)
    return {
        "previous": (max(previous, today)).isoformat() if first_day > today else None,
        "next": following.isoformat()
        if following <= today + dt.timedelta(weeks=WEEKS_AHEAD)
        else None,
        "label": f"{first_day:%-d %B} to {first_day + dt.timedelta(days=6):%-d %B %Y}",
    }


def booking_info(user: User, choice: Choice | None, person: ServiceUser) -> dict[str, Any]:
    """What staff should see beside the booking form."""
    choices = choice.choices if choice else choices_of(user, person=person)
    kind = choice.appointment_type.kind if choice else ""
    return {
        "choices": choices,
        "preference": choices.seen.get(kind) if kind else None,
        "guidance": guidance_for(kind) if kind else {},
        "advisory_note": ADVISORY_NOTE,
        "latest": choice.latest if choice else None,
    }


NEEDS_REASON = "Enter why the booking needs to go ahead"


def slot_clinician(choice: Choice, slot: Slot) -> StaffMember:
    """Who the open time is with (one of the members the choice allows)."""
    return next(s for s in choice.members if s.pk == slot.clinician_id)


def place_for(slot: Slot, way: str) -> tuple[Site | None, Room | None]:
    """Where a face-to-face appointment at this time would be; nowhere for remote ones."""
    return availability.place(slot.site_id, slot.room_id) if way == "face_to_face" else (None, None)
