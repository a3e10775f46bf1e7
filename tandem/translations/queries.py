"""Reads of translation sign-offs. Not personal data: a language and who checked it."""

from __future__ import annotations

from tandem.translations import catalogue
from tandem.translations.models import TranslationReview


def current_review(code: str) -> TranslationReview | None:
    """The sign-off for the catalogue as it is now, if there is one."""
    return (
        TranslationReview.objects.filter(language=code, catalogue_digest=catalogue.digest(code))
        .select_related("recorded_by")
        .first()
    )


def needs_review(code: str) -> bool:
    return current_review(code) is None
