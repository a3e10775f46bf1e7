"""The words of the account's messages: the link to reset a password, the
notice that it was changed, a new message waiting, and a download of the
person's record ready. Part of ``wording.py``, which gathers every part into
``TEMPLATES``."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from tandem.notify.template_rules import HELLO, NOT_WATCHED, URGENT, Template, Words

MESSAGES: tuple[Template, ...] = (
    # Issue 17: 'Forgotten your password?' (tandem.signin). The link is only
    # for the account's owner; a letter would arrive after it has expired.
    Template(
        name="password_reset",
        label=N_("Link to reset a password"),
        accepts=frozenset({"link", "service_name"}),
        required=frozenset({"link"}),
        letter_fallback=False,
        notes="A single-use link that lasts 30 minutes; says nothing about care.",
        sms=Words(
            N_(
                "{service_name}: to choose a new password, use this link in the next "
                "%(minutes)s minutes. It works once."
            ),
            "\n{link}\n",
            N_("If you did not ask, ignore this."),
            " ",
            NOT_WATCHED,
            minutes="30",
        ),
        email_subject=Words(N_("Reset your password")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "Someone asked to reset the password for your {service_name} account. "
                "If it was you, use this link in the next %(minutes)s minutes. It "
                "works once."
            ),
            "\n\n{link}\n\n",
            N_("If it was not you, you can ignore this email: your password has not changed."),
            "\n\n",
            NOT_WATCHED,
            minutes="30",
        ),
        letter_heading=Words(N_("Reset your password")),
        letter_body=Words(N_("Sign in to Tandem and choose 'Forgotten your password?'.")),
    ),
    Template(
        name="password_changed",
        label=N_("Password changed"),
        accepts=frozenset({"service_name"}),
        required=frozenset(),
        letter_fallback=False,
        notes="Tells the owner at once, so a change they did not make is noticed.",
        sms=Words(
            N_(
                "{service_name}: the password for your account has just been changed "
                "and you have been signed out everywhere. If this was not you, contact "
                "us straight away."
            ),
            " ",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Your password has been changed")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "The password for your {service_name} account has just been changed, "
                "and you have been signed out everywhere."
            ),
            "\n\n",
            N_("If you did not do this, contact us straight away."),
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Your password has been changed")),
        letter_body=Words(
            N_(
                "The password for your {service_name} account has been changed. If you "
                "did not do this, contact us straight away."
            ),
        ),
    ),
    Template(
        name="new_message_notice",
        label=N_("New message"),
        accepts=frozenset({"link", "service_name"}),
        required=frozenset(),
        sms=Words(
            N_("{service_name}: you have a new message. Sign in to Tandem to read it."),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("You have a new message")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_("You have a new message from {service_name}. Sign in to Tandem to read it."),
            "\n\n{link}\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("You have a new message")),
        letter_body=Words(
            N_(
                "You have a new message from {service_name}. Sign in to Tandem to read "
                "it, or call us."
            ),
            "\n\n",
            URGENT,
        ),
    ),
    Template(
        name="record_ready",
        label=N_("Your download is ready"),
        accepts=frozenset({"link", "service_name"}),
        required=frozenset(),
        letter_fallback=False,
        notes="Sent when a copy of everything held about a person is ready to download.",
        sms=Words(
            N_(
                "{service_name}: the copy of your information you asked for is ready. "
                "Sign in to Tandem to download it."
            ),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Your download is ready")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "The copy of your information you asked for is ready. Sign in to "
                "Tandem to download it. It will be kept for %(days)s days."
            ),
            "\n\n{link}\n\n",
            NOT_WATCHED,
            days="7",
        ),
        letter_heading=Words(N_("Your download is ready")),
        letter_body=Words(
            N_(
                "The copy of your information you asked for is ready. Sign in to "
                "Tandem to download it, or call us."
            ),
            "\n\n",
            URGENT,
        ),
    ),
)
