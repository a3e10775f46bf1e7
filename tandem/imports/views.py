"""The service administrator's page for bringing in a caseload file."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tandem.errors import InvalidInput
from tandem.imports.forms import MAX_ROWS, CaseloadFileForm
from tandem.imports.rows import COLUMNS, LABELS, REQUIRED
from tandem.imports.services import ImportReport, import_caseload
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import form_page

SHOWN_PROBLEMS = 500


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def upload(request: HttpRequest) -> HttpResponse:
    """Not `submit_form`: the answer is the report itself, shown on this page, not a
    redirect (a report of 20,000 rows is not kept anywhere to redirect to)."""
    user = signed_in_user(request)
    form = CaseloadFileForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_caseload(
                actor=user,
                lines=form.cleaned_data["file"],
                file_name=str(getattr(request.FILES.get("file"), "name", "")),
                **form.options(),
            )
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    return form_page(
        request,
        "imports/upload.jinja",
        "Bring in a caseload",
        form,
        report=report,
        shown=report.problems[:SHOWN_PROBLEMS] if report else [],
        columns=[(LABELS[c], c in REQUIRED) for c in COLUMNS],
        max_rows=MAX_ROWS,
    )
