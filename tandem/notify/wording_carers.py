"""The words of the carers' messages: their copies of the appointment messages
(with ``CARER_COPIES``, which message each copies, and ``CARER_NOTE``), the
invitation to join as a carer, and the notice that what is shared with them has
changed. Part of ``wording.py``, which gathers every part into ``TEMPLATES``."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from tandem.notify.template_rules import (
    HELLO,
    IGNORE_EMAIL,
    NOT_WATCHED,
    URGENT,
    Template,
    Words,
)
from tandem.notify.wording_appointments import APPOINTMENT, WHEN

# A carer's copies of appointment messages (sent only while the person lets the
# carer be reminded). They name whose appointment it is, never 'you' or 'your':
# the carer is not the patient (HAZ-154). Subjects carry no name, as a subject
# shows on a lock screen.
_CARER_APPOINTMENT = APPOINTMENT | {"person_name"}
_CARER_REQUIRED = WHEN | {"person_name"}
CARER_COPIES = {
    "appointment_booked": "carer_appointment_booked",
    "appointment_moved": "carer_appointment_moved",
    "appointment_cancelled": "carer_appointment_cancelled",
    "appointment_reminder": "carer_appointment_reminder",
}
CARER_NOTE = "A carer's copy: names whose appointment it is, and nothing about what it is for."

MESSAGES: tuple[Template, ...] = (
    Template(
        name="carer_appointment_booked",
        label=N_("Appointment booked (carer's copy)"),
        accepts=_CARER_APPOINTMENT,
        required=_CARER_REQUIRED,
        notes=CARER_NOTE,
        sms=Words(
            N_(
                "{service_name}: an appointment has been booked for {person_name} on "
                "{date} at {time}."
            ),
            "\n{how_to_join}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("An appointment on {date}")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "{service_name} has booked an appointment for {person_name} on {date} "
                "at {time}. You are told because {person_name} agreed that you can be "
                "told about their appointments."
            ),
            "\n\n{how_to_join}\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("An appointment has been booked")),
        letter_body=Words(
            N_("{service_name} has booked an appointment for {person_name} on {date} at {time}."),
            "\n\n{how_to_join}\n\n",
            URGENT,
        ),
    ),
    Template(
        name="carer_appointment_moved",
        label=N_("Appointment moved (carer's copy)"),
        accepts=_CARER_APPOINTMENT,
        required=_CARER_REQUIRED,
        notes=CARER_NOTE,
        sms=Words(
            N_("{service_name}: the appointment for {person_name} has moved to {date} at {time}."),
            "\n{how_to_join}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("An appointment has moved to {date}")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "The appointment for {person_name} with {service_name} has moved. It "
                "is now on {date} at {time}."
            ),
            "\n\n{how_to_join}\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("An appointment has moved")),
        letter_body=Words(
            N_(
                "The appointment for {person_name} with {service_name} has moved. It "
                "is now on {date} at {time}."
            ),
            "\n\n{how_to_join}\n\n",
            URGENT,
        ),
    ),
    Template(
        name="carer_appointment_cancelled",
        label=N_("Appointment cancelled (carer's copy)"),
        accepts=frozenset({"date", "time", "service_name", "person_name"}),
        required=_CARER_REQUIRED,
        notes=CARER_NOTE,
        sms=Words(
            N_(
                "{service_name}: the appointment for {person_name} on {date} at {time} "
                "has been cancelled."
            ),
            " ",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("An appointment on {date} has been cancelled")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "The appointment for {person_name} with {service_name} on {date} at "
                "{time} has been cancelled."
            ),
            "\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("An appointment has been cancelled")),
        letter_body=Words(
            N_(
                "The appointment for {person_name} with {service_name} on {date} at "
                "{time} has been cancelled."
            ),
            "\n\n",
            URGENT,
        ),
    ),
    Template(
        name="carer_appointment_reminder",
        label=N_("Appointment reminder (carer's copy)"),
        accepts=_CARER_APPOINTMENT,
        required=_CARER_REQUIRED,
        letter_fallback=False,
        notes=CARER_NOTE,
        sms=Words(
            N_(
                "Reminder from {service_name}: {person_name} has an appointment on "
                "{date} at {time}."
            ),
            "\n{how_to_join}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("Reminder: an appointment on {date}")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "This is a reminder that {person_name} has an appointment with "
                "{service_name} on {date} at {time}."
            ),
            "\n\n{how_to_join}\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("Reminder of an appointment")),
        letter_body=Words(
            N_(
                "This is a reminder that {person_name} has an appointment with "
                "{service_name} on {date} at {time}."
            ),
            "\n\n{how_to_join}\n\n",
            URGENT,
        ),
    ),
    Template(
        name="carer_invite",
        label=N_("Invitation to join as a carer"),
        accepts=frozenset({"link", "service_name"}),
        required=frozenset({"link"}),
        letter_fallback=False,
        notes=(
            "Sent to the carer's email or phone. It does not name the person who "
            "invited them: the link's page does, once opened."
        ),
        sms=Words(
            N_(
                "{service_name}: someone you support has invited you to Tandem, so you "
                "can keep in touch with their care team. The link works once:"
            ),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("You have been invited to Tandem")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "Someone you support has invited you to Tandem, so that you can keep "
                "in touch with their care team and see what they choose to share with "
                "you."
            ),
            "\n\n",
            N_("To accept, use this link. It works once and expires after %(days)s days:"),
            "\n\n{link}\n\n",
            IGNORE_EMAIL,
            "\n\n",
            NOT_WATCHED,
            days="14",
        ),
        letter_heading=Words(N_("You have been invited to Tandem")),
        letter_body=Words(
            N_(
                "Someone you support has invited you to Tandem. To accept, visit this "
                "address. It works once:"
            ),
            "\n\n{link}\n\n",
            URGENT,
        ),
    ),
    Template(
        name="carer_access_changed",
        label=N_("What is shared with a carer has changed"),
        accepts=frozenset({"link", "service_name"}),
        required=frozenset(),
        letter_fallback=False,
        notes="Sent at once when a person changes or withdraws what a carer can see.",
        sms=Words(
            N_(
                "{service_name}: what is shared with you on Tandem has changed. Sign "
                "in to see what you can see now."
            ),
            "\n{link}\n",
            NOT_WATCHED,
        ),
        email_subject=Words(N_("What is shared with you has changed")),
        email_body=Words(
            HELLO,
            "\n\n",
            N_(
                "What is shared with you on Tandem has changed. Sign in to see what "
                "you can see now."
            ),
            "\n\n{link}\n\n",
            NOT_WATCHED,
        ),
        letter_heading=Words(N_("What is shared with you has changed")),
        letter_body=Words(
            N_(
                "What is shared with you on Tandem has changed. Sign in to see what "
                "you can see now."
            ),
            "\n\n",
            URGENT,
        ),
    ),
)
