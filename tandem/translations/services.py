"""Recording that a fluent speaker has checked a language's translations."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import User
from tandem.people.roles import Role
from tandem.translations import catalogue
from tandem.translations.models import TranslationReview


@transaction.atomic
def sign_off(*, actor: User, language: str, reviewer_name: str) -> TranslationReview:
    """A service administrator records that `reviewer_name`, a fluent speaker,
    checked every translation in `language` as it is shipped now."""
    if Role.ADMIN not in actor.roles:
        raise PermissionDenied("Only service administrators record a translation review.")
    if (
        language not in {code for code, _ in settings.LANGUAGES}
        or language == settings.LANGUAGE_CODE
    ):
        raise InvalidInput("Choose a language that Tandem translates", field="language")
    if not reviewer_name.strip():
        raise InvalidInput(
            "Enter the name of the fluent speaker who checked it", field="reviewer_name"
        )
    review = TranslationReview.objects.create(
        language=language,
        catalogue_digest=catalogue.digest(language),
        reviewer_name=reviewer_name.strip(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=review,
        what=f"Recorded the {language} translation as checked by {review.reviewer_name}",
    )
    return review
