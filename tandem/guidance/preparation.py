"""What service users and carers read before a remote appointment, per modality.

Plain English, short sentences, in our own words. Face to face needs no
preparation page; the modalities here are the remote ones people are offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.preferences.codes import Modality
from tandem.translations.filled import filled

# Marked for translation and read in the reader's language (ADR 0061); the
# figure is a placeholder, never part of the words a translator may change.
CALL_BACK_WITHIN = filled(
    _("If nobody calls you within %(minutes)s minutes, phone your team's office number."),
    minutes=10,
)


@dataclass(frozen=True)
class Section:
    heading: str | Promise
    paragraphs: tuple[str | Promise, ...]


@dataclass(frozen=True)
class Preparation:
    modality: str
    title: str | Promise
    summary: str | Promise
    sections: tuple[Section, ...]


DROPPED = Section(
    _("If the connection drops"),
    (
        _("Do not worry. It happens and it is not your fault."),
        _(
            "Your team will call the phone number they have agreed with you at the start. "
            "Keep that phone with you and switched on."
        ),
        CALL_BACK_WITHIN,
    ),
)
PRIVATE_PLACE = Section(
    _("Where to be"),
    (
        _(
            "Find a private, safe place where you can talk freely and will not be overheard, "
            "if you can. Some people use a bedroom, a parked car or a friend's home."
        ),
        _(
            "If you cannot talk freely at home, you can tell your team and ask to be seen in "
            "person instead. You do not have to explain why."
        ),
        _("You can have someone with you if you want to. Your clinician will ask who is there."),
    ),
)

PREPARATIONS: dict[str, Preparation] = {
    Modality.VIDEO: Preparation(
        modality=Modality.VIDEO,
        title=_("Getting ready for a video appointment"),
        summary=_(
            "A video appointment is like a face-to-face one, but you see and talk "
            "to your clinician on a screen."
        ),
        sections=(
            Section(
                _("What will happen"),
                (
                    _(
                        "At the time of your appointment, use the link your team sent you. "
                        "You may wait in a virtual waiting room until your clinician joins."
                    ),
                    _(
                        "Your clinician will check who you are, where you are, and the phone "
                        "number to call you on if the video stops working."
                    ),
                    _(
                        "It can feel different from being in the same room. It may feel awkward "
                        "at first. That is normal, and you can say so."
                    ),
                ),
            ),
            Section(
                _("Test your device first"),
                (
                    _("Use a phone, tablet or computer with a camera and microphone."),
                    _(
                        "A day or two before, open the link to check your camera, microphone and "
                        "sound work. Charge your device and check your internet or data."
                    ),
                    _(
                        "If you need help getting set up, ask your team. They can help you "
                        "practise, and may be able to lend a device or help with data."
                    ),
                ),
            ),
            PRIVATE_PLACE,
            DROPPED,
        ),
    ),
    Modality.PHONE: Preparation(
        modality=Modality.PHONE,
        title=_("Getting ready for a phone appointment"),
        summary=_("Your clinician will phone you at the agreed time."),
        sections=(
            Section(
                _("What will happen"),
                (
                    _("Your clinician will call you. The number may show as withheld."),
                    _(
                        "They will check who you are and where you are, in case you need "
                        "help during the call."
                    ),
                    _(
                        "Talking without seeing each other can feel different. Take your time, "
                        "and ask your clinician to repeat anything you did not catch."
                    ),
                ),
            ),
            Section(
                _("Before the call"),
                (
                    _("Charge your phone and check it has signal where you will be."),
                    _("Have a pen and paper ready if you want to write things down."),
                ),
            ),
            PRIVATE_PLACE,
            Section(
                _("If the call drops"),
                (
                    _("Your clinician will call you back. Stay near your phone."),
                    CALL_BACK_WITHIN,
                ),
            ),
        ),
    ),
    Modality.MESSAGING: Preparation(
        modality=Modality.MESSAGING,
        title=_("Using secure messages with your team"),
        summary=_(
            "Secure messages let you and your team write to each other between appointments."
        ),
        sections=(
            Section(
                _("What will happen"),
                (
                    _(
                        "You can send a message at any time. Your team will reply during working "
                        "hours. They will tell you how long a reply usually takes."
                    ),
                    _(
                        "Messages are not watched around the clock. If you need help now, use "
                        "'Need help now?' at the top of the page."
                    ),
                    _(
                        "Writing can feel different from talking. If a message is hard to write, "
                        "you can ask for a call or an appointment instead."
                    ),
                ),
            ),
            Section(
                _("Keeping your messages private"),
                (
                    _("Keep your phone or computer locked with a passcode."),
                    _("Sign out when you finish if other people use the same device."),
                ),
            ),
        ),
    ),
}
