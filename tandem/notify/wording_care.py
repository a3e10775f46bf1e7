"""The words of care between appointments: the check-in reminder, support
recommended and the support pack, and the request for feedback after a contact
(with its paper form). Part of ``wording.py``, which gathers every part into
``TEMPLATES``."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from tandem.notify.template_rules import HELLO, NOT_WATCHED, URGENT, Template, Words

MESSAGES: tuple[Template, ...] = (
    Template(
        name="check_in_reminder",
        label=N_("Check-in reminder"),
        accepts=frozenset({"link", "service_name"}),
        required=frozenset(),
        letter_fallback=False,
        notes=(
            "Sent at the time a person chose, on the days they agreed to check in. "
            "Says only that a check-in is due: never what it asks about."
        ),
        sms=Words(
            N_(
                "{service_name}: a reminder you asked for. Your check-in on Tandem is "
                "ready when you are."
            ),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("A reminder you asked for")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "This is the reminder you asked for: your check-in on Tandem is ready "
                "when you are. You can turn these reminders off on the same page."
            ),
            "\n\n{link}\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("A reminder you asked for")),
        letter_body=Words(
            N_(
                "This is the reminder you asked for: your check-in on Tandem is ready when you are."
            ),
            "\n\n",
            URGENT,
        ),
    ),
    # Issue 25 (ADR 0043): something recommended to the person. The text says
    # only that there is something to look at; what it is, and the note, are
    # behind sign-in (HAZ-008, HAZ-243).
    Template(
        name="support_recommended",
        label=N_("Something new on your support page"),
        accepts=frozenset({"link", "service_name"}),
        required=frozenset(),
        notes="Sent when a clinician recommends a service or a digital tool to the person.",
        sms=Words(
            N_(
                "{service_name}: your team has added something to your support page on "
                "Tandem. Sign in to see it."
            ),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Something new on your support page")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_("Your team has added something to your support page on Tandem. Sign in to see it."),
            "\n\n{link}\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Something new on your support page")),
        letter_body=Words(
            N_(
                "Your team has added something to your support page on Tandem. Sign in "
                "to see it, or call us and we will post it to you."
            ),
            "\n\n",
            URGENT,
        ),
    ),
    Template(
        name="support_pack",
        label=N_("Your support pack, as you asked"),
        accepts=frozenset({"service_name"}),
        required=frozenset(),
        notes="A covering letter; the pack the person chose is printed after it (ADR 0043).",
        sms=Words(
            N_("{service_name}: we have posted what you asked for."),
            " ",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("What you asked for")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_("We have posted what you asked for."),
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Your support pack")),
        letter_body=Words(
            N_(
                "Here is the support pack you asked us to post. It lists the services "
                "and tools you chose, and who to call if you need help now."
            ),
            "\n\n",
            URGENT,
        ),
    ),
    Template(
        name="feedback_request",
        label=N_("How was your appointment?"),
        accepts=frozenset({"link", "reference", "service_name"}),
        required=frozenset({"link"}),
        notes=(
            "Asks for feedback after a contact or at discharge (issue 24). The letter is "
            "the paper form for people without a phone or email address; its reference "
            "lets staff enter a form posted back."
        ),
        sms=Words(
            N_(
                "{service_name}: how was your recent contact with us? Tell us in "
                "%(minutes)s minutes, with or without your name. No sign-in needed. "
                "The link works once."
            ),
            "\n{link}\n",
            NOT_WATCHED,
            minutes="2",
        ),
        email_subject=Words(N_("How was your recent contact with us?")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "We would like to know how your recent contact with {service_name} "
                "went. It takes about %(minutes)s minutes, you do not need to sign in, "
                "and you can answer without giving your name. The link works once:"
            ),
            "\n\n{link}\n\n",
            N_("What you tell us helps us decide how we offer appointments."),
            "\n\n",
            NOT_WATCHED,
            minutes="2",
        ),
        letter_heading=Words(N_("How was your recent contact with us?")),
        letter_body=Words(
            N_(
                "We would like to know how your recent contact with {service_name} "
                "went. You can answer at this address, without signing in:"
            ),
            "\n\n{link}\n\n",
            N_(
                "Or fill in this form and post it back to us in the envelope. Please "
                "keep this form reference on it: {reference}"
            ),
            "\n\n",
            "1. ",
            N_("Overall, how was your experience of our service?"),
            "\n",
            N_(
                "[ ] Very good  [ ] Good  [ ] Neither good nor poor  [ ] Poor  [ ] "
                "Very poor  [ ] Don't know"
            ),
            "\n\n",
            "2. ",
            N_("Please tell us why you gave that answer:"),
            "\n\n\n\n",
            "3. ",
            N_("Could you talk freely?  [ ] Yes  [ ] Partly  [ ] No"),
            "\n",
            "4. ",
            N_(
                "If it was by phone or video, did the technology work?  [ ] Yes  [ ] Partly  [ ] No"
            ),
            "\n",
            "5. ",
            N_("Did you feel listened to?  [ ] Yes  [ ] Partly  [ ] No"),
            "\n",
            "6. ",
            N_("Would you choose this way of meeting again?  [ ] Yes  [ ] Partly  [ ] No"),
            "\n\n",
            "7. ",
            N_(
                "Can we tell your care team these answers are yours?  [ ] Yes  [ ] No, "
                "keep them anonymous"
            ),
            "\n",
            N_("If you tick 'No', we cannot contact you about what you wrote."),
            "\n\n",
            URGENT,
        ),
    ),
)
