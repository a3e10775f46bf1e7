"""What service users and carers read before a remote appointment, per modality.

Plain English, short sentences, in our own words. Face to face needs no
preparation page; the modalities here are the remote ones people are offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.preferences.codes import Modality


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Preparation:
    modality: str
    title: str
    summary: str
    sections: tuple[Section, ...]


DROPPED = Section(
    "If the connection drops",
    (
        "Do not worry. It happens and it is not your fault.",
        "Your team will call the phone number they have agreed with you at the start. "
        "Keep that phone with you and switched on.",
        "If nobody calls you within 10 minutes, phone your team's office number.",
    ),
)
PRIVATE_PLACE = Section(
    "Where to be",
    (
        "Find a private, safe place where you can talk freely and will not be overheard, "
        "if you can. Some people use a bedroom, a parked car or a friend's home.",
        "If you cannot talk freely at home, you can tell your team and ask to be seen in person "
        "instead. You do not have to explain why.",
        "You can have someone with you if you want to. Your clinician will ask who is there.",
    ),
)

PREPARATIONS: dict[str, Preparation] = {
    Modality.VIDEO: Preparation(
        modality=Modality.VIDEO,
        title="Getting ready for a video appointment",
        summary="A video appointment is like a face-to-face one, but you see and talk "
        "to your clinician on a screen.",
        sections=(
            Section(
                "What will happen",
                (
                    "At the time of your appointment, use the link your team sent you. "
                    "You may wait in a virtual waiting room until your clinician joins.",
                    "Your clinician will check who you are, where you are, and the phone "
                    "number to call you on if the video stops working.",
                    "It can feel different from being in the same room. It may feel awkward "
                    "at first. That is normal, and you can say so.",
                ),
            ),
            Section(
                "Test your device first",
                (
                    "Use a phone, tablet or computer with a camera and microphone.",
                    "A day or two before, open the link to check your camera, microphone and "
                    "sound work. Charge your device and check your internet or data.",
                    "If you need help getting set up, ask your team. They can help you "
                    "practise, and may be able to lend a device or help with data.",
                ),
            ),
            PRIVATE_PLACE,
            DROPPED,
        ),
    ),
    Modality.PHONE: Preparation(
        modality=Modality.PHONE,
        title="Getting ready for a phone appointment",
        summary="Your clinician will phone you at the agreed time.",
        sections=(
            Section(
                "What will happen",
                (
                    "Your clinician will call you. The number may show as withheld.",
                    "They will check who you are and where you are, in case you need "
                    "help during the call.",
                    "Talking without seeing each other can feel different. Take your time, "
                    "and ask your clinician to repeat anything you did not catch.",
                ),
            ),
            Section(
                "Before the call",
                (
                    "Charge your phone and check it has signal where you will be.",
                    "Have a pen and paper ready if you want to write things down.",
                ),
            ),
            PRIVATE_PLACE,
            Section(
                "If the call drops",
                (
                    "Your clinician will call you back. Stay near your phone.",
                    "If nobody calls you within 10 minutes, phone your team's office number.",
                ),
            ),
        ),
    ),
    Modality.MESSAGING: Preparation(
        modality=Modality.MESSAGING,
        title="Using secure messages with your team",
        summary="Secure messages let you and your team write to each other between appointments.",
        sections=(
            Section(
                "What will happen",
                (
                    "You can send a message at any time. Your team will reply during working "
                    "hours. They will tell you how long a reply usually takes.",
                    "Messages are not watched around the clock. If you need help now, use "
                    "'Need help now?' at the top of the page.",
                    "Writing can feel different from talking. If a message is hard to write, "
                    "you can ask for a call or an appointment instead.",
                ),
            ),
            Section(
                "Keeping your messages private",
                (
                    "Keep your phone or computer locked with a passcode.",
                    "Sign out when you finish if other people use the same device.",
                ),
            ),
        ),
    ),
}
