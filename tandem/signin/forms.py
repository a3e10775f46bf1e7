from __future__ import annotations

from django import forms


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
    password = forms.CharField(
        label="New password",
        help_text="At least 12 characters. Avoid common words and anything about you.",
        max_length=200,
        strip=False,
        error_messages={
            "required": "Enter a new password",
            "max_length": "Password must be 200 characters or fewer",
        },
    )
    password_again = forms.CharField(
        label="Type the new password again",
        max_length=200,
        strip=False,
        error_messages={
            "required": "Type the new password again",
            "max_length": "Password must be 200 characters or fewer",
        },
    )
