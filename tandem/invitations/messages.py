"""What the invitation and contact-change messages say, added to notify's
templates when the app starts (see apps.py), so notify's rules hold for them:
no clinical words, replies not read, no sender in a subject line.

A letter cannot hold a link, so its ``how_to_join`` line gives the short code to
type at the address in ``link``; a contact-check code rides in the same
placeholder, so the list of placeholders (a clinical safety decision, HAZ-008)
is not widened.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop as N_

from tandem.notify.templates import HELLO, IGNORE_EMAIL, NOT_WATCHED, URGENT, Template, Words

# How long an invitation's link and a contact code work. Kept beside the words
# that tell people, so the messages cannot say one thing while the link does another.
INVITE_LIFETIME = dt.timedelta(days=7)
CODE_LIFETIME = dt.timedelta(minutes=15)
_DAYS = str(INVITE_LIFETIME.days)
_MINUTES = str(int(CODE_LIFETIME.total_seconds()) // 60)

INVITE = "account_invite"
CHECK_CODE = "contact_check_code"
CHANGED = "contact_changed"

TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            name=INVITE,
            label="Invitation to make a Tandem account",
            accepts=frozenset({"link", "how_to_join", "service_name"}),
            required=frozenset({"link"}),
            letter_fallback=False,
            notes="Says nothing about why the person is known to the service.",
            sms=Words(
                N_(
                    "{service_name}: you are invited to use Tandem to keep in touch with "
                    "us. The link works once, for %(days)s days:"
                ),
                "\n{link}\n{how_to_join}\n",
                NOT_WATCHED,
                days=_DAYS,
            ),
            email_subject=Words(N_("You are invited to use Tandem")),
            email_body=Words(
                HELLO,
                "\n\n",
                N_("You are invited to use Tandem to keep in touch with {service_name}."),
                "\n\n",
                N_(
                    "To make your account, use this link. It works once and expires after "
                    "%(days)s days. You will be asked for your date of birth:"
                ),
                "\n\n{link}\n\n{how_to_join}\n\n",
                IGNORE_EMAIL,
                "\n\n",
                NOT_WATCHED,
                days=_DAYS,
            ),
            letter_heading=Words(N_("You are invited to use Tandem")),
            letter_body=Words(
                N_("You are invited to use Tandem to keep in touch with {service_name}."),
                "\n\n",
                N_("To make your account, type this address into a web browser:"),
                "\n\n{link}\n\n{how_to_join}\n\n",
                N_(
                    "The code works once and expires %(days)s days after this letter was "
                    "printed. You will be asked for your date of birth."
                ),
                "\n\n",
                URGENT,
                days=_DAYS,
            ),
        ),
        Template(
            name=CHECK_CODE,
            label="A code to check a new email address or mobile number",
            accepts=frozenset({"how_to_join", "service_name"}),
            required=frozenset({"how_to_join"}),
            letter_fallback=False,
            notes="Sent only to the new address the person typed.",
            sms=Words(
                N_(
                    "{service_name}: {how_to_join}. Type it into Tandem to use this "
                    "number. It works for %(minutes)s minutes. If you did not ask for it, "
                    "ignore this text."
                ),
                " ",
                NOT_WATCHED,
                minutes=_MINUTES,
            ),
            email_subject=Words(N_("Your code for Tandem")),
            email_body=Words(
                HELLO,
                "\n\n",
                N_(
                    "{how_to_join}. Type it into Tandem to use this email address. It "
                    "works for %(minutes)s minutes."
                ),
                "\n\n",
                N_("If you did not ask for it, you can ignore this email."),
                "\n\n",
                NOT_WATCHED,
                minutes=_MINUTES,
            ),
            letter_heading=Words(N_("Your code for Tandem")),
            letter_body=Words(
                "{how_to_join}.\n\n",
                URGENT,
            ),
        ),
        Template(
            name=CHANGED,
            label="Your contact details were changed",
            accepts=frozenset({"service_name"}),
            required=frozenset(),
            letter_fallback=False,
            notes="Sent to the old address after a change, so a takeover does not go unseen.",
            sms=Words(
                N_(
                    "{service_name}: the contact details on your Tandem account were "
                    "changed, and we will not use this one any more. If this was not you, "
                    "call us."
                ),
                " ",
                NOT_WATCHED,
            ),
            email_subject=Words(N_("Your contact details were changed")),
            email_body=Words(
                HELLO,
                "\n\n",
                N_(
                    "The contact details on your Tandem account were changed, and we will "
                    "not use this email address any more."
                ),
                "\n\n",
                N_("If this was not you, call us straight away."),
                "\n\n",
                NOT_WATCHED,
            ),
            letter_heading=Words(N_("Your contact details were changed")),
            letter_body=Words(
                N_(
                    "The contact details on your Tandem account were changed. If this was "
                    "not you, call us."
                ),
                "\n\n",
                URGENT,
            ),
        ),
    )
}
