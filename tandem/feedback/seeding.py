"""Demo feedback: half a year of synthetic answers for the first team, so
Morgan's results page has figures and free text, and one 'You said, we did'
note that Sam and Alex see on their home pages. Answers are made directly,
as anonymous ones are kept: with no link to anyone."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from tandem.feedback.models import Answer, Occasion, Overall, Reply, YouSaidWeDid
from tandem.people.models import CareTeam, User

WHY = (
    "Phone was easier than getting two buses to the clinic.",
    "The video kept freezing and we lost ten minutes.",
    "I could not talk freely with my flatmate in the next room.",
    "Seeing someone in person helped me feel heard.",
    "Quick and on time, thank you.",
    "",
    "",
)
WAYS = ("face_to_face", "video", "phone")


def _months_back(today: dt.date, n: int) -> dt.date:
    month = today.replace(day=1)
    for _ in range(n):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


def seed_feedback(*, team: CareTeam, manager: User, today: dt.date, rng: random.Random) -> int:
    """Write the demo's answers and note; returns how many answers."""
    overall = [o.value for o in Overall]
    weights = [30, 30, 10, 6, 4, 3]
    answers = []
    for n in range(60):
        way = WAYS[n % 3]
        answers.append(
            Answer(
                team=team,
                occasion=Occasion.CONTACT,
                modality=way,
                month=_months_back(today, rng.randrange(6)),
                anonymous=rng.random() < 0.6,
                overall=rng.choices(overall, weights)[0],
                why=rng.choice(WHY),
                talk_freely=rng.choice([Reply.YES, Reply.YES, Reply.PARTLY, Reply.NO]),
                technology_worked=rng.choice([Reply.YES, Reply.PARTLY, Reply.NO])
                if way != "face_to_face"
                else "",
                listened_to=rng.choice([Reply.YES, Reply.YES, Reply.PARTLY]),
                choose_again=rng.choice([Reply.YES, Reply.YES, Reply.NO]),
                age_band=rng.choice(["under_25", "25_44", "45_64", "65_plus"]),
                sex=rng.choice(["1", "2"]),
                ethnic_group=rng.choice(["white", "white", "asian", "black", "mixed"]),
                imd_quintile=rng.choice(["1", "2", "3", "4", "5"]),
                disability=rng.choice(["Y", "N", "N"]),
                language=rng.choice(["english", "english", "other"]),
            )
        )
    Answer.objects.bulk_create(answers)
    YouSaidWeDid.objects.create(
        team=team,
        you_said="Getting to the clinic for a short check-in takes half a day.",
        we_did="Check-ins can now be by phone or video if you would like, and we ask each time.",
        published_at=timezone.now() - dt.timedelta(days=10),
        published_by=manager,
    )
    return len(answers)
