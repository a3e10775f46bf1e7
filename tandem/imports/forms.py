"""The caseload upload page's form."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.web.forms import radios

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # larger files: `manage.py import_caseload`, with a progress bar

CHECK, IMPORT, IMPORT_GOOD = "check", "import", "import-good"


class CaseloadFileForm(forms.Form):
    file = forms.FileField(
        label="Caseload file (CSV)",
        help_text=f"Up to {MAX_ROWS:,} rows. Save a spreadsheet as 'CSV UTF-8'.",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
    )
    action = radios(
        "What should happen",
        [
            (CHECK, "Check the file only: nothing is saved"),
            (IMPORT, "Bring the people in, only if every row is right"),
            (IMPORT_GOOD, "Bring in the rows that are right and list the others"),
        ],
        what="what should happen",
        initial=CHECK,
    )

    def clean_file(self) -> list[str]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be 5 MB or smaller")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("Save the file as CSV UTF-8 and try again") from exc
        lines = text.splitlines()
        if len(lines) - 1 > MAX_ROWS:
            raise forms.ValidationError(
                f"The file has more than {MAX_ROWS:,} rows: ask for it to be brought in with "
                "the import_caseload command"
            )
        return lines

    def options(self) -> dict[str, Any]:
        action = self.cleaned_data["action"]
        return {"dry_run": action == CHECK, "skip_bad": action == IMPORT_GOOD}
