"""Tandem's own URLs plus small views that use the one error path, the one
form-page helper and the one confirm-page helper, so their behaviour is tested
apart from any feature."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from tandem.errors import InvalidInput
from tandem.urls import handler400, handler403, handler404, handler500, urlpatterns
from tandem.web.forms import confirm_page, submit_form

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

SAVED: list[str] = []


def refuses(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Only the person's care team can do this.")


class NameForm(forms.Form):
    name = forms.CharField(max_length=20, error_messages={"required": "Enter a name"})


def save_name(data: dict[str, str]) -> str:
    if data["name"] == "taken":
        raise InvalidInput("That name is already in use", field="name")
    if data["name"] == "late":
        raise InvalidInput("Someone changed this while you were writing")
    if data["name"] == "not-yours":
        raise PermissionDenied("not theirs")
    SAVED.append(data["name"])
    return data["name"]


def name_page(request: HttpRequest) -> HttpResponse:
    return submit_form(
        request,
        NameForm(request.POST or None),
        save=save_name,
        success=lambda name: f"{name} saved",
        then=lambda name: f"/help/?saved={name}",
        template="web/error.jinja",  # any page that shows a form's errors will do
        title="Name",
        message="",
    )


RETIRED: list[str] = []


def retire(what: str) -> None:
    if what == "in-use":
        raise InvalidInput("It is still in use")
    RETIRED.append(what)


def retire_page(request: HttpRequest, what: str) -> HttpResponse:
    return confirm_page(
        request,
        act=lambda: retire(what),
        success=f"{what} retired",
        then="/help/",
        template="web/error.jinja",  # any page that shows the error summary will do
        title=f"Retire {what}",
        anchor="#retire",
        message="",
    )


urlpatterns = [
    *urlpatterns,
    path("refuses/", refuses),
    path("name/", name_page),
    path("retire/<str:what>/", retire_page),
]
