"""Forms for safety plans. Messages say what went wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from tandem.home.forms import MAX_CRISIS_CONTACTS, text
from tandem.safety import crisis_lines
from tandem.safety.models import MAX_REVIEW_NOTE, MAX_SECTION, SECTIONS
from tandem.safety.services import LONGEST_REVIEW_GAP
from tandem.web.forms import DateInputField, FreeTextField


def section_field(label: str, hint: str) -> FreeTextField:
    return FreeTextField(
        label=label,
        help_text=hint,
        max_length=MAX_SECTION,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        # One whole sentence with the part's heading in it, not the heading
        # joined to a piece of English (a translator cannot translate pieces).
        error_messages={
            "max_length": gettext(
                "The part \u2018%(part)s\u2019 must be %(most)s characters or fewer"
            )
            % {"part": label, "most": f"{MAX_SECTION:,}"}
        },
    )


class PlanForm(forms.Form):
    """The six parts of the plan on one page, and the version the writer started from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = section_field(section.heading_text, section.hint_text)
        # Last, so a form-wide error links to the first part of the plan.
        self.fields["based_on"] = forms.IntegerField(
            min_value=0, required=False, widget=forms.HiddenInput
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(s.key) for s in SECTIONS):
            raise ValidationError(gettext("Write something in at least one part of the plan"))
        return data

    def sections(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(s.key) or "" for s in SECTIONS}

    def based_on(self) -> int:
        value = self.cleaned_data.get("based_on")
        return int(value) if value is not None else 0


class ReviewForm(forms.Form):
    next_review_on = DateInputField(
        label="When should the plan be reviewed next?",
        help_text="For example, 27 3 2026. We suggest three months from now.",
        error_messages={"required": "Enter the date of the next review"},
    )
    note = FreeTextField(
        label="Notes about the review (optional)",
        help_text="Shown with the plan's history. Do not include anything the person has not seen.",
        max_length=MAX_REVIEW_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Notes must be {MAX_REVIEW_NOTE} characters or fewer",
        },
    )

    def clean_next_review_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["next_review_on"]
        today = timezone.localdate()
        if value <= today:
            raise ValidationError("The date of the next review must be in the future")
        if value > today + LONGEST_REVIEW_GAP:
            raise ValidationError("The date of the next review must be within a year")
        return value


# --- Crisis lines: a team's own (HAZ-149) and the service-wide list (HAZ-151) ----------

LINES_PREFIX = "lines"
# Fields every row of the form carries. Checkboxes are left out: a browser
# sends nothing for an unticked one.
ROW_FIELDS = ("contact", "name", "how", "phone", "description")
# Rows for new lines under the current ones.
NEW_ROWS = 1
FORM_INCOMPLETE = (
    "This form did not carry every crisis line, so nothing was changed. "
    "Check the lines below and make your changes again."
)
CHANGED_MEANWHILE = (
    "Someone changed these crisis lines after you opened the page, so nothing was "
    "changed. Here they are as they are now: make your changes again."
)


class CrisisLineForm(forms.Form):
    """One row: a line the team has (``contact`` set) or a new one."""

    contact = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    name = text("Name", max_length=120)
    how = text("How to reach them", max_length=120, help_text="For example, Call 0113 496 0199")
    phone = text("Number to dial", max_length=30)
    description = text("When to use it", max_length=300)
    out_of_hours = forms.BooleanField(
        label="This is an out-of-hours line (evenings, nights, weekends)", required=False
    )
    remove = forms.BooleanField(label="Remove this line", required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(f) for f in ("name", "how", "phone", "description"))


class CrisisLinesFormSet(forms.BaseFormSet):
    """Every line the team has, each kept, changed or explicitly removed, and room
    for a new one. Rows that are missing, blank or out of step change nothing.

    The service-wide list (ServiceCrisisLinesFormSet) is the same form with its
    own rule for the line that must not run out."""

    # Whether a row can be marked as an out-of-hours line (a team's office hours).
    marks_out_of_hours = True
    # The lines that must not all go without a replacement.
    needed = staticmethod(crisis_lines.is_out_of_hours)
    too_many = f"A team can list up to {MAX_CRISIS_CONTACTS} crisis lines. Remove one first."
    replacement_help = (
        "Enter the new out-of-hours line under 'The line that replaces it' and tick "
        "'This is an out-of-hours line'. People ring it when the team's office is shut."
    )

    form = CrisisLineForm
    extra = NEW_ROWS
    can_order = False
    can_delete = False
    min_num = 0
    max_num = MAX_CRISIS_CONTACTS + NEW_ROWS
    absolute_max = MAX_CRISIS_CONTACTS + NEW_ROWS
    validate_min = False
    validate_max = True
    can_delete_extra = False
    renderer = None

    def __init__(self, data: Any = None, *, current: list[crisis_lines.Current]) -> None:
        self.current = current
        initial = [
            {
                "contact": c.pk,
                "name": c.line.name,
                "how": c.line.how,
                "phone": c.line.phone,
                "description": c.line.description,
                "out_of_hours": c.line.out_of_hours,
            }
            for c in current
        ]
        super().__init__(data, initial=initial, prefix=LINES_PREFIX)
        self.needs_replacement: list[crisis_lines.Line] = []
        self._proposed: list[crisis_lines.Proposed] = []

    @property
    def based_on(self) -> str:
        return crisis_lines.fingerprint(self.current)

    def shape_problem(self) -> str | None:
        """Why the posted form cannot be read as a change to these lines, or None.

        Checked before anything else: a form that lost its rows (or had them
        renumbered) must never read as 'every line left empty'.
        """
        data = self.data
        if data.get("based_on") != self.based_on:
            # A stale page and a forged one both land here; the lines may have
            # moved on, so show them as they are now.
            return CHANGED_MEANWHILE if data.get("based_on") else FORM_INCOMPLETE
        if not self.management_form.is_valid():
            return FORM_INCOMPLETE
        total = int(self.management_form.cleaned_data["TOTAL_FORMS"] or 0)
        initial = int(self.management_form.cleaned_data["INITIAL_FORMS"] or 0)
        if initial != len(self.current) or not initial <= total <= initial + NEW_ROWS:
            return FORM_INCOMPLETE
        for i in range(total):
            if any(f"{LINES_PREFIX}-{i}-{name}" not in data for name in ROW_FIELDS):
                return FORM_INCOMPLETE
        expected = [str(c.pk) for c in self.current] + [""] * (total - initial)
        posted = [str(data.get(f"{LINES_PREFIX}-{i}-contact")).strip() for i in range(total)]
        if posted != expected:
            return FORM_INCOMPLETE
        return None

    def clean(self) -> None:
        if any(self.errors):
            return
        proposed = []
        for i, form in enumerate(self.forms):
            pk = form.cleaned_data.get("contact")
            n = i + 1
            if pk is not None and form.cleaned_data.get("remove"):
                proposed.append(crisis_lines.Proposed(pk, None))
                continue
            if form.is_blank():
                if pk is not None:
                    form.add_error(
                        "name",
                        f"Contact {n} is empty. To take it off, tick 'Remove this line' instead",
                    )
                continue
            # A copy: add_error() takes the field out of cleaned_data.
            data = dict(form.cleaned_data)
            line = crisis_lines.Line(
                name=data["name"],
                how=data["how"],
                phone=data["phone"].replace(" ", ""),
                description=data["description"],
                out_of_hours=self.marks_out_of_hours and bool(data.get("out_of_hours")),
            )
            if not line.name:
                form.add_error("name", f"Enter a name for contact {n}")
            if not line.how:
                form.add_error("how", f"Enter how to reach contact {n}")
            if line.phone and not line.phone.isdigit():
                form.add_error("phone", f"Number to dial for contact {n} must be digits only")
            proposed.append(crisis_lines.Proposed(pk, line))
        if any(self.errors):
            return
        if sum(row.line is not None for row in proposed) > MAX_CRISIS_CONTACTS:
            raise ValidationError(self.too_many)
        self.needs_replacement = crisis_lines.lost_without_replacement(
            self.current, proposed, needed=self.needed
        )
        if self.needs_replacement:
            names = ", ".join(line.label for line in self.needs_replacement)
            raise ValidationError(
                f"You cannot remove {names} without naming the line that replaces it. "
                + self.replacement_help
            )
        self._proposed = proposed

    def proposed(self) -> list[crisis_lines.Proposed]:
        return self._proposed

    def rows(self) -> list[tuple[int, CrisisLineForm]]:
        return list(enumerate(self.forms, start=1))

    def error_list(self) -> list[dict[str, str]]:
        """The error summary: form-wide errors link to where the fix goes (the new
        row when a replacement is needed), then each field's own."""
        if not self.is_bound:
            return []
        target = self.forms[-1] if self.needs_replacement else self.forms[0] if self.forms else None
        href = f"#{target['name'].auto_id}" if target is not None else "#"
        items = [{"text": str(m), "href": href} for m in self.non_form_errors()]
        for form in self.forms:
            for bound in form:
                items += [{"text": str(m), "href": f"#{bound.auto_id}"} for m in bound.errors]
        return items


class ServiceCrisisLinesFormSet(CrisisLinesFormSet):
    """The service-wide lines: every person using the service and every carer
    sees them, so the service's last line goes only with its replacement
    (HAZ-151). Out of hours is a team's matter: these lines are for any hour."""

    marks_out_of_hours = False
    needed = staticmethod(crisis_lines.is_any_line)
    too_many = f"The service can list up to {MAX_CRISIS_CONTACTS} crisis lines. Remove one first."
    replacement_help = (
        "Enter the new line under 'The line that replaces it'. Everyone using the "
        "service sees these lines under 'Need help now?'."
    )
