"""Forms for recommending support and for choosing a support pack."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.directory.models import Entry, Tool
from tandem.support.models import MAX_NOTE, Recommendation
from tandem.web.forms import text_field

# Said when the chosen thing lapsed between showing the form and sending it:
# the list no longer offers it (HAZ-240).
NO_LONGER = (
    "That service or tool can no longer be recommended: it may have passed its check or "
    "review date. Choose another"
)


class RecommendForm(forms.Form):
    item = forms.ChoiceField(
        label="Service or digital tool",
        help_text=(
            "Only services checked in time and tools assessed as safe to recommend are listed"
        ),
        error_messages={
            "required": "Select a service or digital tool to recommend",
            "invalid_choice": NO_LONGER,
        },
    )
    note = text_field(
        "A note for them (optional)",
        max_length=MAX_NOTE,
        named="The note",
        textarea_over=0,
        help_text=(
            "Why you think it may help. They will see this; their carers will not. "
            "Their text or email will not say what you recommended"
        ),
    )

    def __init__(self, *args: Any, entries: list[Entry], tools: list[Tool], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._entries = {f"entry:{e.pk}": e for e in entries}
        self._tools = {f"tool:{t.pk}": t for t in tools}
        cast(forms.ChoiceField, self.fields["item"]).choices = [
            ("", "Choose one"),
            *(
                (key, f"{e.name} ({e.get_need_display()}, {e.area})")
                for key, e in self._entries.items()
            ),
            *((key, f"{t.name} (digital tool)") for key, t in self._tools.items()),
        ]

    def chosen(self) -> tuple[Entry | None, Tool | None]:
        key = self.cleaned_data["item"]
        return self._entries.get(key), self._tools.get(key)


class PackForm(forms.Form):
    chosen = forms.MultipleChoiceField(
        label=_("What to put in your support pack"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the support recommended to you")},
    )

    def __init__(self, *args: Any, recommendations: list[Recommendation], **kw: Any) -> None:
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["chosen"]).choices = [
            (str(r.pk), r.name) for r in recommendations
        ]

    def chosen_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["chosen"]}
