"""Feedback results for managers (issue 24): the Friends and Family Test and the
four questions about the contact, by way of contact, by team, by each equity
group and by month, with Insights' small-number suppression on every figure.

The answers come from ``tandem.feedback.selectors.answers_for`` (the teams the
manager manages). Each table shows one grouping at a time, never two crossed,
so a cell is never narrower than the group it names (HAZ-236). The free text
is shown without month, team or group, in no set order (answers have random
keys), and only when the answers behind it are not a small number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from tandem.feedback import equity
from tandem.feedback.models import NEGATIVE, POSITIVE, Answer, Occasion, Reply
from tandem.insights import suppression
from tandem.insights.sections import Table
from tandem.people.models import CareTeam
from tandem.preferences.codes import Modality

HEADINGS = ["", "Answers", "Very good or good", "Poor or very poor"]
WAYS = (
    (Modality.FACE_TO_FACE.value, "Face to face"),
    (Modality.VIDEO.value, "Video"),
    (Modality.PHONE.value, "Phone"),
    ("", "At discharge"),
)
QUESTIONS = (
    ("talk_freely", "Could talk freely"),
    ("technology_worked", "Technology worked (phone and video)"),
    ("listened_to", "Felt listened to"),
    ("choose_again", "Would choose this way again"),
)
FREE_TEXT_SHOWN = 50


@dataclass(frozen=True)
class Results:
    answers: suppression.Shown
    tables: list[Table]
    free_text: list[tuple[str, str]]  # (way of contact, what they wrote)
    free_text_held_back: bool


def _fft_row(label: str, counts: Counter[str]) -> list[str | suppression.Shown]:
    total = sum(counts.values())
    good = sum(counts[k] for k in POSITIVE)
    poor = sum(counts[k] for k in NEGATIVE)
    return [
        label,
        suppression.count(total),
        suppression.rate(good, total),
        suppression.rate(poor, total),
    ]


def _by(answers: QuerySet[Answer], field: str) -> dict[str, Counter[str]]:
    tallies: dict[str, Counter[str]] = {}
    for row in answers.values(field, "overall").annotate(n=Count("pk")):
        # Keys as text, so team ids and months match their labels' keys.
        tallies.setdefault(str(row[field]), Counter())[row["overall"]] += row["n"]
    return tallies


def _table(
    slug: str,
    caption: str,
    first_heading: str,
    labels: Iterable[tuple[str, str]],
    tallies: dict[str, Counter[str]],
) -> Table:
    return Table(
        slug=slug,
        caption=caption,
        headings=[first_heading, *HEADINGS[1:]],
        rows=[_fft_row(label, tallies.get(key, Counter())) for key, label in labels],
    )


def _questions(answers: QuerySet[Answer]) -> Table:
    rows: list[list[str | suppression.Shown]] = []
    for key, label in WAYS[:3]:
        row: list[str | suppression.Shown] = [label]
        for field, _ in QUESTIONS:
            replies = Counter(
                dict(
                    answers.filter(modality=key, occasion=Occasion.CONTACT)
                    .exclude(**{field: ""})
                    .values(field)
                    .annotate(n=Count("pk"))
                    .values_list(field, "n")
                )
            )
            row.append(suppression.rate(replies[Reply.YES], sum(replies.values())))
        rows.append(row)
    return Table(
        slug="feedback-questions",
        caption="Answering yes to each question about the contact, by way of contact",
        headings=["Way of contact", *(label for _, label in QUESTIONS)],
        rows=rows,
    )


def build(answers: QuerySet[Answer], *, teams: list[CareTeam]) -> Results:
    total = answers.count()
    by_way = _by(answers.filter(occasion=Occasion.CONTACT), "modality")
    by_way[""] = _by(answers.filter(occasion=Occasion.DISCHARGE), "occasion").get(
        Occasion.DISCHARGE, Counter()
    )
    tables = [
        _table(
            "feedback-ways", "Overall experience by way of contact", "Way of contact", WAYS, by_way
        ),
        _questions(answers),
        _table(
            "feedback-teams",
            "Overall experience by team",
            "Team",
            [(str(t.pk), t.name) for t in teams],
            _by(answers, "team_id"),
        ),
    ]
    months = sorted(set(answers.values_list("month", flat=True)))
    tables.append(
        _table(
            "feedback-months",
            "Overall experience by month of the contact",
            "Month",
            [(str(m), f"{m:%B %Y}") for m in months],
            _by(answers, "month"),
        )
    )
    for field, heading, labels in equity.GROUPS:
        tables.append(
            _table(
                f"feedback-{field}",
                f"Overall experience by {heading.lower()}",
                heading,
                labels,
                _by(answers, field),
            )
        )
    held_back = suppression.is_suppressed(total)
    free_text: list[tuple[str, str]] = []
    if not held_back:
        ways = dict(WAYS)
        free_text = [
            (
                ways.get(modality, "At discharge")
                if occasion == Occasion.CONTACT
                else "At discharge",
                why,
            )
            # Random keys: this order says nothing about when, or by whom.
            for occasion, modality, why in answers.exclude(why="")
            .order_by("pk")
            .values_list("occasion", "modality", "why")[:FREE_TEXT_SHOWN]
        ]
    return Results(
        answers=suppression.count(total),
        tables=tables,
        free_text=free_text,
        free_text_held_back=held_back,
    )
