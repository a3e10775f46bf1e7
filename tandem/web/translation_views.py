"""Service administrators see each language's coverage and record a fluent
speaker's review of it (ADR 0061)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.translations import catalogue, languages, queries, services
from tandem.web.forms import submit_form


class SignOffForm(forms.Form):
    reviewer_name = forms.CharField(
        label="Name of the fluent speaker who checked it",
        max_length=200,
        error_messages={
            "required": "Enter the name of the fluent speaker who checked it",
            "max_length": "Enter 200 characters or fewer",
        },
    )


def translated_languages() -> list[languages.Language]:
    return [lang for lang in languages.SHIPPED if lang.code != languages.ENGLISH]


@require_GET
@role_required(Role.ADMIN)
def index(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "language": lang,
            "coverage": catalogue.coverage(lang.code),
            "review": queries.current_review(lang.code),
        }
        for lang in translated_languages()
    ]
    return render(request, "web/translations/index.jinja", {"title": "Translations", "rows": rows})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def sign_off(request: HttpRequest, code: str) -> HttpResponse:
    lang = next((lang for lang in translated_languages() if lang.code == code), None)
    if lang is None:
        raise Http404
    me = signed_in_user(request)
    return submit_form(
        request,
        SignOffForm(request.POST or None),
        save=lambda data: services.sign_off(
            actor=me, language=code, reviewer_name=data["reviewer_name"]
        ),
        then="translations:index",
        success=f"The {lang.english_name} translation is recorded as checked",
        template="web/translations/sign_off.jinja",
        title=f"Record a review of the {lang.english_name} translation",
        language=lang,
        coverage=catalogue.coverage(code),
    )
