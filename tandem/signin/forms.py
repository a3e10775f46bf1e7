from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.translations import languages
from tandem.translations.filled import filled
from tandem.web.forms import password_field


class ForgottenForm(forms.Form):
    address = forms.CharField(
        label=_("Email address or mobile number"),
        help_text=_(
            "The one you sign in with. Or the mobile number your care team has, "
            "if you receive care or are a carer."
        ),
        max_length=254,
        error_messages={
            "required": _("Enter your email address or mobile number"),
            # Django fills in %(limit_value)s.
            "max_length": _("Enter %(limit_value)s characters or fewer"),
        },
    )


class NewPasswordForm(forms.Form):
    # A plain text widget: the page draws these with the NHS password-input
    # component, which sets the type and its show/hide button itself.
    password = password_field(
        _("New password"),
        required=_("Enter a new password"),
        help_text=filled(
            _("At least %(count)s characters. Avoid common words and anything about you."),
            count=12,
        ),
        widget=forms.TextInput,
    )
    password_again = password_field(
        _("Type the new password again"),
        required=_("Type the new password again"),
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
