"""How much of what Tandem marks for translation each language has, and
whether a fluent speaker has checked it (ADR 0061)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.translations import catalogue, languages, queries


class Command(BaseCommand):
    help = "Per language: marked strings translated, and whether a fluent speaker checked them."

    def handle(self, *args: Any, **options: Any) -> None:
        marked = len(catalogue.marked())
        self.stdout.write(f"{marked} strings marked for translation")
        for lang in languages.SHIPPED:
            if lang.code == languages.ENGLISH:
                continue
            found = catalogue.coverage(lang.code)
            review = queries.current_review(lang.code)
            state = (
                f"checked by {review.reviewer_name} on {review.signed_off_at:%Y-%m-%d}"
                if review
                else "needs review by a fluent speaker"
            )
            self.stdout.write(
                f"{lang.code} {lang.english_name}: {found.translated} of {found.marked} "
                f"translated ({found.percent}%), {state}"
            )
