"""The pages that change a list of crisis lines: a team's own (HAZ-149) and the
service-wide list (HAZ-151) go through the same steps.

1. The form: every line there is now, by id, each kept, changed or removed
   with an explicit tick, and room for a new one.
2. A form that does not carry every line, or a stale one, changes nothing (400).
3. A page naming what will disappear, change or appear, and for whom.
4. The audited service, which checks everything again under a lock.

Every step is a plain form post, so it works without JavaScript. The confirm
page carries the form's fields forward unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.safety import crisis_lines, services
from tandem.safety.forms import CrisisLinesFormSet

Save = Callable[[str, list[crisis_lines.Proposed]], crisis_lines.Difference]


@dataclass(frozen=True)
class LinesPage:
    """What differs between the lists: whose lines they are and who sees them."""

    caption: str
    heading: str
    confirm_heading: str
    intro: str
    back: str
    back_text: str
    # Who sees the lines: 'the 3 people open to Northgate CMHT (and their 2 carers)'.
    audience: Callable[[], str]
    done: str
    done_message: str
    nothing_message: str
    # Lines people see while none are saved, which the first saved line replaces.
    fallback: list[crisis_lines.Line] = field(default_factory=list)


def change_lines(
    request: HttpRequest,
    *,
    page: LinesPage,
    formset_class: type[CrisisLinesFormSet],
    current: list[crisis_lines.Current],
    save: Save,
) -> HttpResponse:
    if request.method != "POST":
        return lines_page(request, page=page, formset=formset_class(current=current))
    formset = formset_class(request.POST, current=current)
    problem = formset.shape_problem()
    if problem is not None:
        # Nothing in a form like this is trusted: start again from what is saved.
        fresh = formset_class(current=current)
        return lines_page(request, page=page, formset=fresh, problem=problem, status=400)
    if not formset.is_valid():
        return lines_page(request, page=page, formset=formset)
    diff = crisis_lines.difference(current, formset.proposed())
    if not diff:
        messages.info(request, page.nothing_message)
        return redirect(page.done)
    if "edit" in request.POST:
        return lines_page(request, page=page, formset=formset)
    if "confirm" not in request.POST:
        return confirm_page(
            request,
            page=page,
            diff=diff,
            empty=not current,
            marks_out_of_hours=formset.marks_out_of_hours,
        )
    try:
        save(formset.based_on, formset.proposed())
    except services.InvalidInput as error:
        if isinstance(error, services.NeedsReplacement):
            formset.needs_replacement = error.lost
        formset.non_form_errors().append(str(error))
        return lines_page(request, page=page, formset=formset)
    messages.success(request, page.done_message)
    return redirect(page.done)


def confirm_page(
    request: HttpRequest,
    *,
    page: LinesPage,
    diff: crisis_lines.Difference,
    empty: bool,
    marks_out_of_hours: bool,
) -> HttpResponse:
    # While none are saved people see the fallback lines; the first saved line
    # takes their place, so the page names them as going too.
    going = diff.removed + (page.fallback if empty and diff.added else [])
    return render(
        request,
        "safety/crisis_confirm.jinja",
        {
            "title": page.confirm_heading,
            "page": page,
            "diff": diff,
            "going": going,
            "who": page.audience(),
            "marks_out_of_hours": marks_out_of_hours,
            "carried": [
                (key, value)
                for key, value in request.POST.items()
                if key not in {"csrfmiddlewaretoken", "confirm", "edit"}
            ],
        },
    )


def lines_page(
    request: HttpRequest,
    *,
    page: LinesPage,
    formset: CrisisLinesFormSet,
    problem: str | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = [{"text": problem, "href": "#lines"}] if problem else formset.error_list()
    return render(
        request,
        "safety/crisis_lines.jinja",
        {"title": page.heading, "page": page, "formset": formset, "form_errors": errors},
        status=status,
    )


def counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
