from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.translations import languages
from tandem.web.forms import password_field


class ForgottenForm(forms.Form):
    address = forms.CharField(
        label="Email address or mobile number",
        help_text="The one you sign in with. Or the mobile number your care team has, "
        "if you receive care or are a carer.",
        max_length=254,
        error_messages={
            "required": "Enter your email address or mobile number",
            "max_length": "Enter 254 characters or fewer",
        },
    )


class NewPasswordForm(forms.Form):
    # A plain text widget: the page draws these with the NHS password-input
    # component, which sets the type and its show/hide button itself.
    password = password_field(
        "New password",
        required="Enter a new password",
        help_text="At least 12 characters. Avoid common words and anything about you.",
        widget=forms.TextInput,
    )
    password_again = password_field(
        "Type the new password again",
        required="Type the new password again",
        widget=forms.TextInput,
    )


class LanguageForm(forms.Form):
    # Choices are set per form from tandem.translations.languages: each language's own
    # name, so a person who cannot read English can still find theirs.
    language = forms.ChoiceField(
        label=_("Language"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a language"),
            "invalid_choice": _("Choose a language"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = languages.choices()
