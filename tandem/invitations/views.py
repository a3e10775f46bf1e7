"""Staff pages: invite a person, see where the invitation is, resend or stop it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tandem.invitations import selectors, services
from tandem.invitations.forms import ConfirmForm, InviteForm
from tandem.invitations.models import Channel, Invitation
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.web.forms import submit_form


def _sent(issued: services.Issued) -> str:
    how = Channel(issued.invitation.channel)
    if how == Channel.LETTER:
        return "The invitation letter will be printed with the next batch of letters"
    return f"Invitation sent by {how.label.lower()}"


def _back(invitation: Invitation) -> str:
    return reverse("invitations:person", kwargs={"pk": invitation.service_user_id})


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.person_for_staff(user, pk=pk, what="Opened their invitations")
    form = InviteForm(request.POST or None, has_account=found.user_id is not None)
    return submit_form(
        request,
        form,
        save=lambda data: services.invite(
            actor=user, person=found, channel=data["channel"], reason=data.get("reason", "")
        ),
        then=lambda issued: _back(issued.invitation),
        success=_sent,
        template="invitations/person.jinja",
        title=f"Invite {found.display_name} to Tandem",
        person=found,
        invitations=selectors.invitations_of(found),
    )


def _confirm(request: HttpRequest, pk: int, *, stopping: bool) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.invitation_for_staff(user, pk=pk)
    person = found.service_user
    if stopping:
        return submit_form(
            request,
            ConfirmForm(request.POST if request.method == "POST" else None),
            save=lambda _: services.stop(actor=user, invitation=found),
            then=_back,
            success="Invitation stopped. Its link or code no longer works",
            template="invitations/confirm.jinja",
            title=f"Stop the invitation for {person.display_name}",
            person=person,
            invitation=found,
            stopping=True,
        )
    return submit_form(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        save=lambda _: services.resend(actor=user, invitation=found),
        then=lambda issued: _back(issued.invitation),
        success=_sent,
        template="invitations/confirm.jinja",
        title=f"Send the invitation for {person.display_name} again",
        person=person,
        invitation=found,
        stopping=False,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, stopping=False)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, stopping=True)
