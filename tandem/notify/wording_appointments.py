"""The words of the appointment messages: booked, moved, cancelled and the
reminder, and the messages about one appointment or one letter (the discharge
letter, the self-service link, the video invitation). Part of ``wording.py``,
which gathers every part into ``TEMPLATES``."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from tandem.notify.template_rules import (
    ARRANGE_ANOTHER,
    HELLO,
    IGNORE_EMAIL,
    NOT_WATCHED,
    URGENT,
    Template,
    Words,
)

# What an appointment message may say, and the two it cannot go without. The
# carers' copies (``wording_carers.py``) add whose appointment it is.
APPOINTMENT = frozenset({"date", "time", "how_to_join", "service_name"})
WHEN = frozenset({"date", "time"})

MESSAGES: tuple[Template, ...] = (
    Template(
        name="appointment_booked",
        label=N_("Appointment booked"),
        accepts=APPOINTMENT,
        required=WHEN,
        sms=Words(
            N_("{service_name}: you have an appointment on {date} at {time}."),
            "\n{how_to_join}\n",
            N_("To change it, call the number on your letter or sign in to Tandem."),
            " ",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Your appointment on {date}")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_("{service_name} has booked an appointment for you on {date} at {time}."),
            "\n\n{how_to_join}\n\n",
            N_(
                "If this time does not suit you, sign in to Tandem or call us to "
                "change it. A calendar invitation may be attached."
            ),
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Your appointment")),
        letter_body=Words(
            N_("{service_name} has booked an appointment for you on {date} at {time}."),
            "\n\n{how_to_join}\n\n",
            N_("If this time does not suit you, please call us to change it."),
            "\n\n",
            URGENT,
        ),
    ),
    Template(
        name="appointment_moved",
        label=N_("Appointment moved"),
        accepts=APPOINTMENT,
        required=WHEN,
        sms=Words(
            N_("{service_name}: your appointment has moved to {date} at {time}."),
            "\n{how_to_join}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Your appointment has moved to {date}")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_("Your appointment with {service_name} has moved. It is now on {date} at {time}."),
            "\n\n{how_to_join}\n\n",
            N_("If this time does not suit you, sign in to Tandem or call us."),
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Your appointment has moved")),
        letter_body=Words(
            N_("Your appointment with {service_name} has moved. It is now on {date} at {time}."),
            "\n\n{how_to_join}\n\n",
            N_("If this time does not suit you, please call us."),
            "\n\n",
            URGENT,
        ),
    ),
    Template(
        name="appointment_cancelled",
        label=N_("Appointment cancelled"),
        accepts=frozenset({"date", "time", "service_name"}),
        required=WHEN,
        # Sent whoever cancelled. Nothing follows a cancellation on its own (no
        # task is raised to arrange another), so it promises no contact: it
        # says how to arrange another (HAZ-154).
        notes="Says how to arrange another appointment; promises no call back.",
        sms=Words(
            N_(
                "{service_name}: your appointment on {date} at {time} has been "
                "cancelled. To arrange another, call us, or sign in to Tandem to see "
                "times you can book yourself."
            ),
            " ",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Your appointment on {date} has been cancelled")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_("Your appointment with {service_name} on {date} at {time} has been cancelled."),
            " ",
            ARRANGE_ANOTHER,
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Your appointment has been cancelled")),
        letter_body=Words(
            N_(
                "Your appointment with {service_name} on {date} at {time} has been "
                "cancelled. To arrange another, please call us."
            ),
            "\n\n",
            URGENT,
        ),
    ),
    Template(
        name="appointment_reminder",
        label=N_("Appointment reminder"),
        accepts=APPOINTMENT,
        required=WHEN,
        letter_fallback=False,
        sms=Words(
            N_("Reminder from {service_name}: appointment on {date} at {time}."),
            "\n{how_to_join}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Reminder: appointment on {date}")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_("This is a reminder of your appointment with {service_name} on {date} at {time}."),
            "\n\n{how_to_join}\n\n",
            N_(
                "If you cannot come, sign in to Tandem or call us so we can offer the "
                "time to someone else."
            ),
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Reminder of your appointment")),
        letter_body=Words(
            N_("This is a reminder of your appointment with {service_name} on {date} at {time}."),
            "\n\n{how_to_join}\n\n",
            N_("If you cannot come, please call us."),
            "\n\n",
            URGENT,
        ),
    ),
    Template(
        name="discharge_letter",
        label=N_("Letter about your care"),
        accepts=frozenset({"link", "service_name", "how_to_come_back"}),
        required=frozenset(),
        notes="Says that a letter is ready and how to come back; the rest is behind sign-in.",
        sms=Words(
            N_("{service_name}: there is a letter for you. Sign in to Tandem to read it."),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("There is a letter for you")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_("{service_name} has written to you. Sign in to Tandem to read the letter."),
            "\n\n{link}\n\n{how_to_come_back}\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("A letter for you")),
        letter_body=Words(
            N_(
                "{service_name} has written to you. You can read the letter by signing "
                "in to Tandem, or call us and we will post you a copy."
            ),
            "\n\n{how_to_come_back}\n\n",
            URGENT,
        ),
    ),
    Template(
        name="self_service_link",
        label=N_("Link to confirm, move or cancel an appointment"),
        accepts=frozenset({"link", "service_name", "date", "time"}),
        required=frozenset({"link", "date", "time"}),
        notes="A single-use link for a person without an account.",
        sms=Words(
            N_(
                "{service_name}: to confirm, move or cancel your appointment on {date} "
                "at {time}, use this link. It works once."
            ),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Confirm, move or cancel your appointment")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "You have an appointment with {service_name} on {date} at {time}. To "
                "confirm, move or cancel it, use this link. You will be asked your "
                "date of birth. It works once and expires after a short time:"
            ),
            "\n\n{link}\n\n",
            IGNORE_EMAIL,
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Confirm, move or cancel your appointment")),
        letter_body=Words(
            N_(
                "You have an appointment with {service_name} on {date} at {time}. To "
                "confirm, move or cancel it, visit this address. You will be asked "
                "your date of birth. It works once:"
            ),
            "\n\n{link}\n\n",
            URGENT,
        ),
    ),
    Template(
        name="video_invite",
        label=N_("Invitation to join a video appointment"),
        accepts=frozenset({"link", "service_name"}),
        required=frozenset({"link"}),
        letter_fallback=False,
        notes=(
            "Sent to a carer the person agreed may join a video appointment. "
            "Names no one and says nothing about what the appointment is for."
        ),
        sms=Words(
            N_(
                "{service_name}: you have been invited to join a video appointment. "
                "The link works once:"
            ),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("You have been invited to join a video appointment")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "You have been invited to join a video appointment on Tandem. The link "
                "works once and opens a page where you can check your camera and "
                "microphone first:"
            ),
            "\n\n{link}\n\n",
            IGNORE_EMAIL,
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("You have been invited to join a video appointment")),
        letter_body=Words(
            N_(
                "You have been invited to join a video appointment. Visit this "
                "address; it works once:"
            ),
            "\n\n{link}\n\n",
            URGENT,
        ),
    ),
)
