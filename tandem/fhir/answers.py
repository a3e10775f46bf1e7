"""Questionnaires and the diary as FHIR resources (ADR 0044), part of the one
mapping (``tandem.fhir.mapping``, ADR 0036) that the FHIR API and the person's
download share: a questionnaire's total and its answers, and each diary item
as an Observation (a component of the download's one Observation a day)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tandem.diary.models import DiaryEntry
from tandem.fhir.mapping import (
    DIARY_ITEM,
    LOINC,
    OBSERVATION_CATEGORY,
    QUESTIONNAIRE,
    TOTAL,
    TOTAL_CODES,
    UCUM,
    build,
    instant,
    section,
    text,
)
from tandem.measures.answered import AnsweredQuestionnaire
from tandem.measures.models import Response


def questionnaire_total(
    found: Response,
    patient: dict[str, str],
    *,
    title: str,
    note: str | None = None,
    derived_from: str | None = None,
) -> Observation:
    """A complete questionnaire's total and its published band, as the person
    and their team see it: a number and its band, never a risk rating."""
    coding = TOTAL_CODES.get(found.instrument.code)
    return build(
        Observation,
        status="final",
        category=[{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
        code={
            "coding": [
                *([{"system": LOINC, "code": coding[0], "display": coding[1]}] if coding else []),
                {"system": TOTAL, "code": found.instrument.code, "display": f"{title} total"},
            ],
            "text": f"{title} total",
        },
        subject=patient,
        effectiveDateTime=instant(found.submitted_at),
        valueInteger=found.total,
        interpretation=[text(found.band)] if found.band else None,
        note=[{"text": note}] if note else None,
        derivedFrom=[{"reference": derived_from}] if derived_from else None,
    )


def questionnaire_response(
    answered: AnsweredQuestionnaire, patient: dict[str, str]
) -> QuestionnaireResponse:
    """The questions in their words, and each answer as the option chosen: the
    instruments hold no free-text items, so nothing here is the person's own words."""
    found = answered.response
    code, version = found.instrument.code, found.instrument.version
    items = []
    for a in answered.answers:
        item: dict[str, Any] = {"linkId": a.key, "text": f"{a.number}. {a.question}"}
        if a.value is not None:
            item["answer"] = [
                {
                    "valueCoding": {
                        "system": f"{QUESTIONNAIRE}:{code}:answers",
                        "code": str(a.value),
                        "display": a.label,
                    }
                }
            ]
        items.append(item)
    return build(
        QuestionnaireResponse,
        questionnaire=f"{QUESTIONNAIRE}:{code}|{version}",
        status="completed",
        subject=patient,
        authored=instant(found.submitted_at),
        author={"display": found.submitted_by.full_name},
        item=items,
    )


@dataclass(frozen=True)
class DiaryItem:
    """One thing a diary tracks: the ``DiaryEntry`` field holding it, Tandem's
    code for it, its words, and a published code where one honestly fits."""

    field: str
    code: str
    words: str
    published: tuple[str, str, str] | None = None  # system, code, display

    def concept(self) -> dict[str, Any]:
        coding = [{"system": DIARY_ITEM, "code": self.code, "display": self.words}]
        if self.published:
            system, code, display = self.published
            coding.insert(0, {"system": system, "code": code, "display": display})
        return {"coding": coding, "text": self.words}

    def value(self, entry: DiaryEntry) -> dict[str, Any]:
        found = getattr(entry, self.field)
        if isinstance(found, bool):
            return {"valueBoolean": found}
        if self.field == "sleep_hours":
            return {
                "valueQuantity": {
                    "value": float(found),
                    "unit": "hours",
                    "system": UCUM,
                    "code": "h",
                }
            }
        return {"valueInteger": found}


DIARY_ITEMS = {
    item.code: item
    for item in (
        DiaryItem("mood", "mood", "Mood (0 to 10)"),
        DiaryItem("sleep_hours", "sleep", "Sleep", (LOINC, "93832-4", "Sleep duration")),
        DiaryItem("anxiety", "anxiety", "Anxiety (0 to 10)"),
        DiaryItem("medication_taken", "medication", "Medication taken"),
    )
}


def diary_component(entry: DiaryEntry, item: DiaryItem) -> dict[str, Any]:
    """The item as a component of the download's one Observation a day."""
    return {"code": item.concept(), **item.value(entry)}


def diary_item(entry: DiaryEntry, item: DiaryItem, patient: dict[str, str]) -> Observation:
    """One value from a day's diary, as the person gave it. The note is never
    here: it is the person's own words, kept for them and their team (ADR 0044)."""
    return build(
        Observation,
        status="final",
        category=section("diary", "Diary"),
        code=item.concept(),
        subject=patient,
        effectiveDateTime=entry.day.isoformat(),
        issued=instant(entry.updated_at),
        **item.value(entry),
    )
