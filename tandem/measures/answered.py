"""A questionnaire as the person answered it: each question in its words and
the answer's words, from the instrument's definition. Used by the person's
download (``tandem.record``) and the FHIR API's QuestionnaireResponse
(``tandem.fhir``), so both say the same thing."""

from __future__ import annotations

from dataclasses import dataclass

from tandem.measures import instruments
from tandem.measures.models import Response


@dataclass(frozen=True)
class Answer:
    number: int
    key: str
    question: str
    value: int | None
    label: str  # the option's words, or 'Not answered'


@dataclass(frozen=True)
class AnsweredQuestionnaire:
    """One questionnaire as the person answered it: each question in its words,
    the answer's words, and the total with its published band (or why none)."""

    response: Response
    title: str
    short_title: str
    answers: list[Answer]
    highest_total: int

    @property
    def result(self) -> str:
        found = self.response
        if not found.complete or found.total is None:
            return "Not every question was answered, so there is no total"
        band = f": {found.band}" if found.band else ""
        return f"{found.total} out of {self.highest_total}{band}"


def answered(found: Response, parsed: dict[int, instruments.Definition]) -> AnsweredQuestionnaire:
    """The response with its questions' words; each instrument is parsed once."""
    if found.instrument_id not in parsed:
        parsed[found.instrument_id] = instruments.parse(found.instrument.definition)
    definition = parsed[found.instrument_id]
    given = found.answers or {}
    answers = []
    for item in definition.items:
        value = given.get(item.key)
        label = "Not answered"
        if isinstance(value, int):
            label = item.label_for(value)
        answers.append(
            Answer(
                number=item.number,
                key=item.key,
                question=item.text,
                value=value if isinstance(value, int) else None,
                label=label,
            )
        )
    return AnsweredQuestionnaire(
        response=found,
        title=definition.title,
        short_title=definition.short_title,
        answers=answers,
        highest_total=definition.highest_total,
    )
