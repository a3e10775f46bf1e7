"""The words of every message Tandem sends (see ``templates.py`` for how they
are filled in, and ``template_rules.py`` for what they may say).

Each piece a person reads is marked ``N_`` so ``make messages`` finds it, and
is read in the recipient's language when the message is sent (``Words``).
Labels and notes are for staff and stay English; the labels are marked too,
for the list of what was sent in the person's own record (``record:letters``)."""

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

_APPOINTMENT = frozenset({"date", "time", "how_to_join", "service_name"})
_WHEN = frozenset({"date", "time"})

# A carer's copies of appointment messages (sent only while the person lets the
# carer be reminded). They name whose appointment it is, never 'you' or 'your':
# the carer is not the patient (HAZ-154). Subjects carry no name, as a subject
# shows on a lock screen.
_CARER_APPOINTMENT = _APPOINTMENT | {"person_name"}
_CARER_REQUIRED = _WHEN | {"person_name"}
CARER_COPIES = {
    "appointment_booked": "carer_appointment_booked",
    "appointment_moved": "carer_appointment_moved",
    "appointment_cancelled": "carer_appointment_cancelled",
    "appointment_reminder": "carer_appointment_reminder",
}
CARER_NOTE = "A carer's copy: names whose appointment it is, and nothing about what it is for."

TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            name="appointment_booked",
            label=N_("Appointment booked"),
            accepts=_APPOINTMENT,
            required=_WHEN,
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
            accepts=_APPOINTMENT,
            required=_WHEN,
            sms=Words(
                N_("{service_name}: your appointment has moved to {date} at {time}."),
                "\n{how_to_join}\n",
                NOT_WATCHED,
            ),
            email_subject=Words(N_("Your appointment has moved to {date}")),
            email_body=Words(
                HELLO,
                "\n\n",
                N_(
                    "Your appointment with {service_name} has moved. It is now on {date} at {time}."
                ),
                "\n\n{how_to_join}\n\n",
                N_("If this time does not suit you, sign in to Tandem or call us."),
                "\n\n",
                NOT_WATCHED,
            ),
            letter_heading=Words(N_("Your appointment has moved")),
            letter_body=Words(
                N_(
                    "Your appointment with {service_name} has moved. It is now on {date} at {time}."
                ),
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
            required=_WHEN,
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
            accepts=_APPOINTMENT,
            required=_WHEN,
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
                N_(
                    "This is a reminder of your appointment with {service_name} on {date} "
                    "at {time}."
                ),
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
                N_(
                    "This is a reminder of your appointment with {service_name} on {date} "
                    "at {time}."
                ),
                "\n\n{how_to_join}\n\n",
                N_("If you cannot come, please call us."),
                "\n\n",
                URGENT,
            ),
        ),
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
                N_(
                    "{service_name} has booked an appointment for {person_name} on {date} "
                    "at {time}."
                ),
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
                N_(
                    "{service_name}: the appointment for {person_name} has moved to {date} "
                    "at {time}."
                ),
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
                    "This is the reminder you asked for: your check-in on Tandem is ready "
                    "when you are."
                ),
                "\n\n",
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
                N_(
                    "Your team has added something to your support page on Tandem. Sign in "
                    "to see it."
                ),
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
                    "If it was by phone or video, did the technology work?  [ ] Yes  [ ] "
                    "Partly  [ ] No"
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
    )
}
