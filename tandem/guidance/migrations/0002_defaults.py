"""Starter guidance drawn from the evidence in the seeds, in our own words.

Each cell's source names the document its reason rests on. Managers can change
any of it later; every change is kept as a new version.
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations

MHPRU = "NIHR Mental Health Policy Research Unit briefing on remote technology, 2021"
LIBERATI = "Liberati et al., BMJ Open 2021 (service users, carers and staff in NHS services)"
VERA = "Vera et al. 2021, in the NIHR Mental Health Policy Research Unit briefing"

R, S, C, N = "recommended", "suitable", "care", "not_advised"
F2F, VIDEO, PHONE, MSG, EMAIL = "face_to_face", "video", "phone", "messaging", "email_text"

# kind -> modality -> (level, reason, source)
CELLS: dict[str, dict[str, tuple[str, str, str]]] = {
    "initial_assessment": {
        F2F: (R, "Meeting in person lets you see non-verbal cues, build trust and notice things a person may not say at a first meeting.", LIBERATI),
        VIDEO: (C, "Assessments were found harder remotely: cues are lost and you cannot see the person's home situation. Use video only if the person prefers it, and plan a face-to-face follow-up.", LIBERATI),
        PHONE: (C, "A phone call can decide how urgently someone needs to be seen, but it should not replace a fuller assessment.", LIBERATI),
        MSG: (N, "A first assessment needs a conversation. Messages cannot show how someone is and risks can be missed.", MHPRU),
        EMAIL: (N, "A first assessment needs a conversation. Use email or text only to arrange it.", MHPRU),
    },
    "risk_review": {
        F2F: (R, "Staff found risks harder to identify remotely. In person you can see how someone is and who else is around.", LIBERATI),
        VIDEO: (C, "Video shows some cues but not all, and you may not know who else is in the room. Ask whether the person can talk freely.", LIBERATI),
        PHONE: (C, "Without any visual cues, deterioration is easier to miss. Keep calls for when meeting is not possible and follow up.", LIBERATI),
        MSG: (N, "Reviewing risk needs a conversation. Messages can be delayed and are not watched around the clock.", MHPRU),
        EMAIL: (N, "Reviewing risk needs a conversation. Email and text are not watched around the clock.", MHPRU),
    },
    "check_in": {
        F2F: (S, "Always an option, and some people prefer it.", MHPRU),
        VIDEO: (S, "Remote contact works best where the person already knows their clinician: continuity is where it helps most.", LIBERATI),
        PHONE: (S, "Many people valued the convenience of a call with a clinician they already know.", LIBERATI),
        MSG: (S, "A short message between meetings can keep contact going, if the person finds it helpful.", MHPRU),
        EMAIL: (S, "Email or text between meetings can keep contact going. Keep clinical detail out of texts and subject lines.", MHPRU),
    },
    "medication_review": {
        F2F: (R, "Managing medication was one of the areas where remote care was found least effective; in person you can check side effects and physical health.", MHPRU),
        VIDEO: (S, "Video lets you see the person and talk through side effects. Arrange a face-to-face check if anything physical needs looking at.", MHPRU),
        PHONE: (C, "Without seeing the person it is harder to judge side effects and how they are. Use with care and follow up in person if unsure.", MHPRU),
        MSG: (N, "Changing or reviewing medication needs a conversation. Messages can be used for repeat prescription requests.", VERA),
        EMAIL: (N, "Reviews need a conversation. Email or text suits only practical matters such as repeat prescriptions.", VERA),
    },
    "psychological_therapy": {
        F2F: (R, "Many people felt the therapeutic space of a room was hard to recreate at home.", LIBERATI),
        VIDEO: (S, "Therapy by video can work well for people who have a private space and prefer it. Check privacy each session.", MHPRU),
        PHONE: (C, "Some people find phone therapy easier, but the loss of cues makes the relationship harder to build.", LIBERATI),
        MSG: (N, "Therapy sessions need a live conversation. Messages can support work between sessions.", MHPRU),
        EMAIL: (N, "Therapy sessions need a live conversation.", MHPRU),
    },
    "trauma_therapy": {
        F2F: (R, "Staff found trauma processing so ill suited to remote care that some paused it. A safe room and being present matter.", LIBERATI),
        VIDEO: (C, "Only if the person chooses it, has a private and safe place and there is a clear plan for distress and dropped calls.", LIBERATI),
        PHONE: (N, "Without seeing the person you cannot tell if they become overwhelmed during trauma work.", LIBERATI),
        MSG: (N, "Trauma work needs a therapist present in real time.", MHPRU),
        EMAIL: (N, "Trauma work needs a therapist present in real time.", MHPRU),
    },
    "physical_health_check": {
        F2F: (R, "Physical health checks (blood pressure, weight, bloods) need the person to be there.", MHPRU),
        VIDEO: (N, "Physical health support was found not to work remotely; measurements cannot be taken.", MHPRU),
        PHONE: (N, "Physical health support was found not to work remotely; measurements cannot be taken.", MHPRU),
        MSG: (N, "Use messages only to arrange the check or share results the person has asked for.", VERA),
        EMAIL: (N, "Use email or text only to arrange the check.", VERA),
    },
    "group_session": {
        F2F: (R, "Being together in a room suits most groups and includes people without devices or data.", MHPRU),
        VIDEO: (S, "Online groups can build connections people would not otherwise have, but they exclude people without a video connection.", MHPRU),
        PHONE: (C, "Phone groups are hard to follow and people cannot see each other; check everyone can take part.", MHPRU),
        MSG: (N, "A group session needs people to be present together.", MHPRU),
        EMAIL: (N, "A group session needs people to be present together.", MHPRU),
    },
    "carers_meeting": {
        F2F: (S, "Always an option; some carers feel left out when meetings are remote.", LIBERATI),
        VIDEO: (S, "Remote meetings can make it easier for family and others to take part. Make sure carers are invited and can join.", MHPRU),
        PHONE: (S, "A call can include carers who cannot travel. Check who is on the call.", MHPRU),
        MSG: (C, "Fine for practical arrangements; carers' views are better heard in a conversation.", LIBERATI),
        EMAIL: (C, "Fine for practical arrangements only, with the service user's consent to share.", LIBERATI),
    },
    "admin": {
        F2F: (S, "Always an option, for people who prefer it or cannot use other channels.", MHPRU),
        VIDEO: (S, "Possible but rarely needed for practical matters.", VERA),
        PHONE: (S, "A quick call suits people who prefer to talk.", VERA),
        MSG: (R, "Functional contacts such as appointments and repeat prescriptions suit written messages.", VERA),
        EMAIL: (R, "Functional contacts such as appointments and reminders suit email and text. Never put clinical details in a text or subject line.", VERA),
    },
}

SAFE_SESSION = (
    "Before you start, confirm who you are speaking to. Check their name and date of birth, or another detail you both know.\n\n"
    "Ask where they are right now, and note the address. If you become worried about their safety during the session, you need to know where to send help.\n\n"
    "Ask who else is in the room or can hear, and whether they can talk freely. If they cannot, agree a simple way to end the call safely and offer another time or a face-to-face appointment.\n\n"
    "Agree a fallback number: the phone you will call if the video or call drops. Check it at the start of every session.\n\n"
    "At the end, check how the person is feeling and that they know how to reach the team and urgent help."
)
CALL_FAILS = (
    "If a video call fails, call the person on their fallback number straight away. Do not wait for them to call back.\n\n"
    "If you cannot reach them, try again within a few minutes, then try any other number you hold. Leave a message only if they have agreed messages may be left.\n\n"
    "If you were worried about their safety before the call dropped and you still cannot reach them, follow your team's procedure for someone you cannot contact, and tell a senior colleague.\n\n"
    "Record what happened and offer to finish the session by phone or face to face."
)

GENERAL_PAGES = [
    ("safe-remote-session", "Running a safe remote session", SAFE_SESSION),
    ("when-a-call-fails", "What to do when a call fails", CALL_FAILS),
]

MODALITY_PAGES = {
    F2F: ("Face-to-face contact", (
        "Face to face must always be offered, and used whenever the person prefers it.\n\n"
        "Use it when: it is a first assessment, risk is a concern, the work is trauma-focused, a physical health check is needed, or the person has no private, safe place to talk at home.\n\n"
        "Some people may need face-to-face care but not say why at first, for example because of abuse at home. Offer it without asking for a reason."
    )),
    VIDEO: ("Video calls", (
        "Use video when: the person prefers it, already knows their clinician, has a working device and a private place, and the kind of contact suits it.\n\n"
        "Do not use it when: the person cannot talk freely at home, has no reliable connection, or finds screens distressing. Offer face to face instead.\n\n"
        "Follow 'Running a safe remote session' every time, and have the person's fallback number ready."
    )),
    PHONE: ("Phone calls", (
        "Use the phone when: the person prefers it, for a check-in with a clinician they know, or to decide how soon someone needs to be seen.\n\n"
        "Do not rely on it for: first assessments, reviewing risk or trauma work. You cannot see how the person is.\n\n"
        "Confirm who you are speaking to and where they are, and ask if anyone else can hear."
    )),
    MSG: ("Secure messaging", (
        "Use messages for: practical matters, keeping in touch between meetings, and sharing information the person has asked for.\n\n"
        "Do not use them for: assessments, reviewing risk, medication changes or therapy.\n\n"
        "Messages are not watched around the clock. Tell people how quickly they can expect a reply and where to get urgent help."
    )),
    EMAIL: ("Email and text messages", (
        "Use email and text for: appointments, reminders and other practical matters.\n\n"
        "Never put clinical details in a text message or an email subject line; someone else may see the screen.\n\n"
        "Check the person has agreed to be contacted this way and that the number or address is theirs alone."
    )),
}

KIND_PAGES = {
    "initial_assessment": ("Initial assessments", "Offer a face-to-face first meeting. If the person chooses a remote assessment, plan an in-person follow-up and ask whether a carer or family member should take part, with the person's consent.\n\nRemote assessments miss non-verbal cues and the person's home situation."),
    "risk_review": ("Risk reviews", "Review risk in person where you can. If you must do it remotely, confirm where the person is, who is with them and whether they can talk freely.\n\nA phone call can help decide how soon someone needs to be seen; it is not a full review."),
    "check_in": ("Check-ins with a care coordinator", "Check-ins with a clinician the person already knows are where remote contact works best. Use the mode the person prefers.\n\nIf the person seems different from usual, offer to meet in person."),
    "medication_review": ("Medication reviews", "See the person face to face or by video. Use the phone with care: side effects and physical health are hard to judge without seeing someone.\n\nRepeat prescription requests can be handled by message."),
    "psychological_therapy": ("Psychological therapy", "Therapy can work by video for people with a private space who prefer it. Check privacy at the start of every session.\n\nIf the person cannot talk freely at home, offer sessions in person."),
    "trauma_therapy": ("Trauma-focused therapy", "Trauma processing is best done in person. Only use video if the person chooses it, is in a private, safe place, and you have agreed what happens if they become distressed or the call drops.\n\nDo not do trauma work by phone or message."),
    "physical_health_check": ("Physical health checks", "Physical health checks need the person to be there. Use messages or email only to arrange them."),
    "group_session": ("Group sessions", "Groups in a room include people without devices or data. Online groups can suit people who cannot travel; check that nobody is left out for lack of a connection."),
    "carers_meeting": ("Carers' meetings", "Remote meetings can make it easier for carers to take part. Only share what the service user has agreed to share, and check who is present."),
    "admin": ("Admin and reminders", "Appointments and reminders suit text, email and messages. Never include clinical details in a text or email subject line."),
}


def load(apps, schema_editor):
    Cell = apps.get_model("guidance", "GuidanceCell")
    CellVersion = apps.get_model("guidance", "GuidanceCellVersion")
    Page = apps.get_model("guidance", "GuidancePage")
    PageVersion = apps.get_model("guidance", "PageVersion")
    for kind, row in CELLS.items():
        for modality, (level, reason, source) in row.items():
            cell = Cell.objects.create(
                kind=kind, modality=modality, level=level, reason=reason, source=source
            )
            CellVersion.objects.create(
                cell=cell, version=1, level=level, reason=reason, source=source
            )
    review_by = dt.date.today() + dt.timedelta(days=365)
    position = 0
    pages = [(slug, {}, title, body) for slug, title, body in GENERAL_PAGES]
    pages += [
        (f"modality-{m.replace('_', '-')}", {"modality": m}, t, b)
        for m, (t, b) in MODALITY_PAGES.items()
    ]
    pages += [
        (f"kind-{k.replace('_', '-')}", {"kind": k}, t, b) for k, (t, b) in KIND_PAGES.items()
    ]
    for slug, subject, title, body in pages:
        position += 1
        page = Page.objects.create(slug=slug, position=position, **subject)
        PageVersion.objects.create(page=page, number=1, title=title, body=body, review_by=review_by)


def unload(apps, schema_editor):
    apps.get_model("guidance", "GuidancePage").objects.all().delete()
    apps.get_model("guidance", "GuidanceCell").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
