"""Bridges between Django forms and the NHS design system's macros.

Django validates; these helpers hand each field's value, label and error to the
nhsuk-frontend-jinja macros, and build the error summary that links to fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from tandem.errors import InvalidInput
from tandem.translations.filled import english

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Longest text any free-text field accepts unless it says otherwise; oversize
# input gets a message, never a database error.
DEFAULT_MAX_LENGTH = 200
DATE_PARTS = ("day", "month", "year")
DATE_PART_LABELS = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
T = TypeVar("T")


def normalise_free_text(value: str | None) -> str:
    """Free text as we compare and store it: line breaks as LF, no trailing space.

    Browsers send a textarea's line breaks as CRLF (the HTML standard says so),
    while text saved by code, seeds or imports has LF; compared raw, an
    unchanged text looks changed (issue 16: every safety plan section marked
    'Changed' on its first save). Old Macs' lone CR counts as a break too.
    Trailing spaces on each line and blank lines at either end are dropped, as
    nobody can see them; spaces inside a line and blank lines between
    paragraphs are the writer's and stay.
    """
    if not value:
        return ""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


class FreeTextField(forms.CharField):
    """A CharField whose text is normalised (see normalise_free_text) before it is
    checked for length or compared, so what a browser sends and what was stored
    compare equal, and max_length counts a line break once, as the browser does.

    Every textarea uses it (tandem/web/tests/test_free_text_fields.py checks).
    It is harmless on a one-line input, which never holds a line break, so a
    helper that picks a textarea or an input by length can use it for both."""

    def to_python(self, value: Any) -> str:
        return normalise_free_text(super().to_python(value))


class DateInputWidget(forms.MultiWidget):
    def __init__(self) -> None:
        super().__init__(widgets={part: forms.TextInput() for part in DATE_PARTS})

    def decompress(self, value: dt.date | None) -> list[Any]:
        if value is None:
            return [None, None, None]
        return [value.day, value.month, value.year]


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year, with a message per mistake.

    Every message names the date ('Date of birth must be a real date'), so a page
    with two dates says which one is wrong. The name is ``what`` if given, else
    taken from the 'Enter …' required message, else the label.
    """

    widget = DateInputWidget

    def __init__(self, *, what: str = "", **kwargs: Any) -> None:
        self.what = _sentence_start(what or _named_by(kwargs))
        # Parts are optional individually so compress() can say which is missing.
        parts = tuple(
            forms.CharField(
                max_length=4,
                required=False,
                error_messages={"max_length": f"{self.what} must be a real date"},
            )
            for _ in DATE_PARTS
        )
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            # Parts that were only spaces arrive here empty: treat as not given.
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [
            name for name, part in zip(DATE_PARTS, (day, month, year), strict=True) if not part
        ]
        if missing:
            raise ValidationError(
                f"{self.what} must include a {' and '.join(missing)}", code="date_part"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(
                f"{self.what} must be written in numbers, like 27 3 1985", code="date_nan"
            )
        if len(year) != 4:
            raise ValidationError(
                f"The year in {_sentence_middle(self.what)} must include 4 numbers",
                code="date_year",
            )
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"{self.what} must be a real date", code="date_real") from exc


def _named_by(kwargs: dict[str, Any]) -> str:
    """What a date field's messages call it: its 'Enter …' message's words, or its label."""
    required = english((kwargs.get("error_messages") or {}).get("required", ""))
    if required.startswith("Enter "):
        return required.removeprefix("Enter ")
    return english(kwargs.get("label") or "Date")


def _sentence_start(words: str) -> str:
    return words[:1].upper() + words[1:]


def _sentence_middle(words: str) -> str:
    """'Date of birth' -> 'date of birth'; a name such as 'NHS' keeps its capitals."""
    first, _, rest = words.partition(" ")
    if first[1:2].isupper():
        return words
    return " ".join(filter(None, [first.lower(), rest]))


def field_id(bound: BoundField) -> str:
    if isinstance(bound.field, DateInputField):
        return f"{bound.html_name}_day"
    return bound.auto_id or bound.html_name


def error_summary(form: forms.Form | None) -> list[dict[str, str]]:
    """The error summary list, in the order fields appear on the page."""
    if form is None or not form.is_bound or form.is_valid():
        return []
    # A form-wide error (such as a wrong email or password) links to the first
    # field, so following it moves focus somewhere useful.
    first = next(iter(form), None)
    first_href = f"#{field_id(first)}" if first is not None else "#"
    items = [{"text": str(msg), "href": first_href} for msg in form.non_field_errors()]
    for bound in form:
        for msg in bound.errors:
            items.append({"text": str(msg), "href": f"#{field_id(bound)}"})
    return items


def nhs(bound: BoundField, **extra: Any) -> dict[str, Any]:
    """Parameters for the NHS macro that draws ``bound``."""
    field = bound.field
    params: dict[str, Any] = {
        "id": field_id(bound),
        "name": bound.html_name,
        "label": {"text": str(bound.label)},
        "hint": {"text": str(field.help_text)} if field.help_text else None,
        "errorMessage": {
            "text": " ".join(str(e) for e in bound.errors),
            # Read out before the message; the design system's default is English.
            "visuallyHiddenText": str(_("Error")),
        }
        if bound.errors
        else None,
    }
    value = bound.value()
    if isinstance(field, DateInputField):
        parts = value if isinstance(value, list) else DateInputWidget().decompress(value)
        params.pop("label")
        # The container has its own id; the error summary links to the Day input.
        params["id"] = bound.html_name
        params["fieldset"] = {"legend": {"text": str(bound.label), "size": "s"}}
        params["items"] = [
            {
                "id": f"{bound.html_name}_{part}",
                "name": f"{bound.html_name}_{part}",
                # A plain string: the design system takes anything else for HTML or nothing.
                "label": str(DATE_PART_LABELS[part]),
                "value": "" if parts[i] is None else str(parts[i]),
                "width": 4 if part == "year" else 2,
                "classes": " nhsuk-input--error" if bound.errors else "",
                "inputmode": "numeric",
            }
            for i, part in enumerate(DATE_PARTS)
        ]
    elif isinstance(field, forms.ChoiceField):
        # Radios and checkboxes give their first item this id, which the error
        # summary links to.
        params["idPrefix"] = params["id"]
        if not isinstance(field.widget, forms.Select):
            # The group needs an id of its own, or its first option loses its label.
            params["id"] = bound.html_name
            params.pop("label")
            params["fieldset"] = {"legend": {"text": str(bound.label), "size": "s"}}
        chosen = [str(v) for v in value] if isinstance(value, list) else [str(value or "")]
        params["items"] = [
            {
                "value": str(key),
                "text": str(text),
                "selected": str(key) in chosen,
                "checked": str(key) in chosen,
            }
            for key, text in cast(list[tuple[Any, Any]], field.choices)
        ]
    elif isinstance(field, forms.BooleanField):
        params["items"] = [{"value": "on", "text": str(bound.label), "checked": bool(value)}]
        params["fieldset"] = {
            "legend": {"text": str(extra.pop("legend", bound.label)), "size": "s"}
        }
    else:
        params["value"] = "" if value is None else str(value)
    params.update(extra)
    return {k: v for k, v in params.items() if v is not None}


def widget_kind(bound: BoundField) -> str:
    """Which NHS component draws this field (see web/jinja2/web/fields.jinja)."""
    field, widget = bound.field, bound.field.widget
    if isinstance(field, DateInputField):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(field, forms.BooleanField):
        return "checkbox"
    return "input"


def radios(
    label: StrOrPromise, choices: Any, *, what: str, required: bool = True, **kw: Any
) -> forms.ChoiceField:
    """A radio group whose errors say what to select, in the NHS design system's words.

    ``error_messages`` given here replace those words: a page a service user or
    carer reads passes whole sentences marked for translation."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Select {what}",
            "invalid_choice": f"Select {what} from the list",  # noqa: S608
            **kw.pop("error_messages", {}),
        },
        **kw,
    )


def whole_number(
    label: str, bounds: tuple[int, int], *, what: str, hint: str, unit: str = ""
) -> forms.IntegerField:
    """A whole number between ``bounds`` with the NHS design system's messages:
    'Enter <what>', 'Enter <what> as a whole number, like <low>', and '<What>
    must be <low> [unit] or more' (or '<high> … or fewer')."""
    low, high = bounds
    words = f"{_sentence_start(what)} must be"
    unit = f" {unit}" if unit else ""
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a whole number, like {low}",
            "min_value": f"{words} {low}{unit} or more",
            "max_value": f"{words} {high}{unit} or fewer",
        },
    )


# The two messages in a language other than English: one whole sentence each,
# naming the box by its label in that language ('what' and 'named' are English
# wording a translator never sees).
REQUIRED = N_("Enter your answer to \u2018%(label)s\u2019")
TOO_LONG = N_("Your answer to \u2018%(label)s\u2019 must be %(most)s characters or fewer")


def _required(label: StrOrPromise, what: str) -> str:
    # Untranslated (English, or a language without this sentence yet) reads
    # as it always has: 'Enter your comment'.
    sentence = gettext(REQUIRED)
    if sentence == REQUIRED:
        return f"Enter {what}"
    return sentence % {"label": label}


def _too_long(label: StrOrPromise, named: str, most: int) -> str:
    sentence = gettext(TOO_LONG)
    if sentence == TOO_LONG:
        return f"{named} must be {most} characters or fewer"
    return sentence % {"label": label, "most": f"{most:,}"}


_lazy_required = lazy(_required, str)
_lazy_too_long = lazy(_too_long, str)


def text_field(
    label: StrOrPromise,
    *,
    max_length: int,
    what: str = "",
    named: str = "",
    required: bool = False,
    textarea_over: int = 200,
    **kw: Any,
) -> FreeTextField:
    """A free-text box with the NHS design system's two messages: 'Enter <what>'
    when it is needed and empty (``what`` is the label in lower case unless
    given), and '<named> must be N characters or fewer' (``named`` is the label
    unless given). A box for more than ``textarea_over`` characters is a
    textarea, a shorter one a one-line input."""
    # Built when shown, not now: a form's fields are made once, when its
    # module loads, before anyone's language is known.
    words = english(label)
    what = what or words[:1].lower() + words[1:]
    return FreeTextField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea if max_length > textarea_over else forms.TextInput,
        error_messages={
            "required": _lazy_required(label, what),
            "max_length": _lazy_too_long(label, named or words, max_length),
            # Whole sentences marked for translation, from a page a service
            # user or carer reads, replace these.
            **kw.pop("error_messages", {}),
        },
        **kw,
    )


def form_page(
    request: HttpRequest, template: str, title: str, form: Any, **extra: object
) -> HttpResponse:
    """Render a page holding one form, with its error summary."""
    context = {"title": title, "form": form, "form_errors": error_summary(form)}
    context.update(extra)
    return render(request, template, context)


def submit_form(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], T],
    then: str | Callable[[T], Any],
    template: str,
    title: str,
    success: str | Callable[[T], str] = "",
    field: str | None = None,
    **extra: object,
) -> HttpResponse:
    """The one shape of a page that holds a form (ADR 0024).

    GET shows the form. POST validates it and, when it is valid, calls ``save``
    with the cleaned data: one service call, which audits and runs in its own
    transaction. An `InvalidInput` from it becomes an error on the field it
    names, else on ``field``, else on the form as a whole, and the page is
    shown again with nothing saved. On success ``success`` is shown on the next
    page and the person is sent to ``then``: a URL or URL name, or a function
    of what ``save`` returned giving one (or a response).

    The access check comes first, in the view, where the record is fetched
    through its selector (a 404 before any form is shown); a `PermissionDenied`
    from the service is left to rise, and is answered with the same 404.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(exc.field or field, str(exc))
        else:
            note = success(result) if callable(success) else success
            if note:
                messages.success(request, note)
            target = then(result) if callable(then) else then
            return target if isinstance(target, HttpResponse) else redirect(target)
    return form_page(request, template, title, form, **extra)


def confirm_page(
    request: HttpRequest,
    *,
    act: Callable[[], object],
    success: str,
    then: str,
    template: str,
    title: str,
    anchor: str = "#retire",
    **extra: object,
) -> HttpResponse:
    """A page whose only question is 'are you sure?' (retire, stop, end): one
    button and no fields, so no form. GET shows it; POST calls ``act`` (one
    service call), then flashes ``success`` and goes to ``then`` (a URL or URL
    name). An `InvalidInput` is shown on the page as ``problem``, its summary
    linking to ``anchor``, with nothing saved. As with ``submit_form`` the
    access check comes first, in the view."""
    problem = ""
    if request.method == "POST":
        try:
            act()
        except InvalidInput as exc:
            problem = str(exc)
        else:
            messages.success(request, success)
            return redirect(then)
    context: dict[str, object] = {
        "title": title,
        "form_errors": [{"text": problem, "href": anchor}] if problem else [],
        "problem": problem,
    }
    context.update(extra)
    return render(request, template, context)


PASSWORD_MAX_LENGTH = 200


def password_field(
    label: StrOrPromise,
    *,
    required: StrOrPromise,
    help_text: StrOrPromise = "",
    widget: type[forms.Widget] | None = None,
) -> forms.CharField:
    """A password box: never stripped (spaces count), at most 200 characters, with
    the NHS design system's wording for a missing or overlong one. The project's
    rules (AUTH_PASSWORD_VALIDATORS) are checked where the account is known."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=widget or forms.PasswordInput,
        error_messages={
            "required": required,
            "max_length": f"Password must be {PASSWORD_MAX_LENGTH} characters or fewer",
        },
    )
