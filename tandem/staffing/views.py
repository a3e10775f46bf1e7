"""The service administrator's staff pages, and a new member's invitation link.

Every administrator page is behind role_required(Role.ADMIN) and reads through
tandem.staffing.selectors; writes go through tandem.staffing.services by
submit_form (ADR 0024).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.errors import InvalidInput, found_or_404
from tandem.people import mfa
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.models import StaffMember, User
from tandem.people.roles import Role
from tandem.staffing import selectors, services
from tandem.staffing.forms import (
    AddStaffForm,
    CoordinatorForm,
    EndAccountForm,
    ResetAuthenticatorForm,
    SetPasswordForm,
    TeamsForm,
)
from tandem.web.dates import day, when
from tandem.web.forms import submit_form


def state_of(staff: StaffMember) -> str:
    """One word or phrase for where an account is, as the list and page show it."""
    leaving = getattr(staff, "leaving", None)
    if leaving is not None and leaving.applied_at is not None:
        return f"Left on {day(leaving.leaves_on)}"
    if leaving is not None:
        return f"Leaving on {day(leaving.leaves_on)}"
    if not staff.user.has_usable_password():
        return "Invited"
    return "Active"


def teams_text(staff: StaffMember) -> str:
    parts = [
        f"{m.team.name} (manager)" if m.role == m.Role.MANAGER else m.team.name
        for m in staff.memberships.all()
    ]
    return ", ".join(parts) or "No team"


def _context(staff: StaffMember) -> dict[str, Any]:
    return {"staff": staff, "state": state_of(staff), "teams_text": teams_text(staff)}


@require_GET
@role_required(Role.ADMIN)
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rows = [
        (staff, state_of(staff), teams_text(staff)) for staff in selectors.staff_for_admin(user)
    ]
    return render(request, "staffing/index.jinja", {"title": "Staff", "rows": rows})


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(Role.ADMIN)
def add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = AddStaffForm(request.POST or None, teams=list(selectors.teams_for_admin(user)))

    def save(data: dict[str, Any]) -> StaffMember:
        return services.add_staff(
            actor=user,
            full_name=data["full_name"],
            email=data["email"],
            professional_role=data["professional_role"],
            teams=form.chosen_teams(),
            is_manager=data["manager"] == "yes",
        )

    return submit_form(
        request,
        form,
        save=save,
        then=lambda staff: reverse("staffing:member", kwargs={"pk": staff.pk}),
        success=lambda staff: (
            f"{staff.user} added. Their invitation has been emailed to {staff.user.email}"
        ),
        template="staffing/add.jinja",
        title="Add a member of staff",
    )


@require_GET
@role_required(Role.ADMIN)
def member(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    staff = selectors.staff_member_for_admin(user, pk=pk)
    return render(
        request,
        "staffing/member.jinja",
        {
            "title": str(staff.user),
            **_context(staff),
            "invitation": selectors.latest_invitation(staff),
            "resets": selectors.resets_of(staff),
            "role_label": staff.get_professional_role_display(),
            "is_self": staff.user_id == user.pk,
            "has_app": mfa.confirmed_device(staff.user) is not None,
            "when": when,
            "now": timezone.now(),
        },
    )


@require_POST
@role_required(Role.ADMIN)
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    staff = selectors.staff_member_for_admin(user, pk=pk)
    try:
        services.resend_invitation(actor=user, staff=staff)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"A new invitation has been emailed to {staff.user.email}")
    return redirect("staffing:member", pk=staff.pk)


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(Role.ADMIN)
def teams(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    staff = selectors.staff_member_for_admin(user, pk=pk)
    memberships = list(staff.memberships.all())
    initial = {
        "teams": [str(m.team_id) for m in memberships],
        "manager": "yes" if any(m.role == m.Role.MANAGER for m in memberships) else "no",
    }
    form = TeamsForm(
        request.POST or None, initial=initial, teams=list(selectors.teams_for_admin(user))
    )
    return submit_form(
        request,
        form,
        save=lambda data: services.change_teams(
            actor=user, staff=staff, teams=form.chosen_teams(), is_manager=data["manager"] == "yes"
        ),
        then=reverse("staffing:member", kwargs={"pk": staff.pk}),
        success=f"{staff.user}'s teams changed",
        template="staffing/teams.jinja",
        title=f"Change teams for {staff.user}",
        **_context(staff),
    )


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(Role.ADMIN)
def reset_authenticator(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    staff = selectors.staff_member_for_admin(user, pk=pk)
    form = ResetAuthenticatorForm(request.POST or None)
    return submit_form(
        request,
        form,
        save=lambda data: services.reset_authenticator(
            actor=user, staff=staff, reason=data["reason"]
        ),
        then=reverse("staffing:member", kwargs={"pk": staff.pk}),
        success=(
            f"{staff.user}'s authenticator app has been reset. They have been signed out and "
            "emailed, and will set up their app again when they next sign in"
        ),
        template="staffing/reset_authenticator.jinja",
        title=f"Reset the authenticator app for {staff.user}",
        field="reason",
        **_context(staff),
    )


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(Role.ADMIN)
def end_account(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    staff = selectors.staff_member_for_admin(user, pk=pk)
    form = EndAccountForm(request.POST or None)

    def success(leaving: Any) -> str:
        if leaving.applied_at is not None:
            return (
                f"{staff.user}'s account has ended. The people they coordinated are on their "
                "team managers' task lists to hand over"
            )
        return f"{staff.user}'s account will end on {day(leaving.leaves_on)}"

    return submit_form(
        request,
        form,
        save=lambda data: services.end_account(
            actor=user, staff=staff, leaves_on=data["leaves_on"]
        ),
        then=reverse("staffing:member", kwargs={"pk": staff.pk}),
        success=success,
        template="staffing/end_account.jinja",
        title=f"End the account of {staff.user}",
        field="leaves_on",
        **_context(staff),
    )


@sensitive_post_parameters("password", "password_again")
@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """A new member sets their password, then sets up their authenticator app
    through the usual staff sign-in step. The token is the only credential: a
    used, stopped, expired or unknown one gets the single 404."""
    invitation = found_or_404(selectors.usable_invitation(token))
    form = SetPasswordForm(request.POST or None)

    def signed_in(new_member: User) -> HttpResponse:
        # The same session rules as the sign-in page: a new session key, then
        # the authenticator app set-up every member of staff passes through.
        login(request, new_member, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("signin:set-up")

    return submit_form(
        request,
        form,
        save=lambda data: services.accept_invitation(token=token, password=data["password"]),
        then=signed_in,
        success=_("Your password is set"),
        template="staffing/join.jinja",
        title=_("Set your password"),
        staff=invitation.staff,
    )


# --- Handing over a leaver's people (team managers) -------------------------------


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(Role.MANAGER)
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    entry = selectors.handover_for(user, pk=pk)
    choices = [(str(s.pk), s.user.full_name) for s in selectors.new_coordinators_for(entry)]
    person = entry.service_user
    return submit_form(
        request,
        CoordinatorForm(request.POST or None, choices=choices),
        save=lambda data: services.choose_care_coordinator(
            actor=user, entry=entry, coordinator_id=int(data["coordinator"])
        ),
        success=lambda chosen: f"{chosen.user} is now care coordinator for {person.display_name}",
        then=reverse("people:person", kwargs={"pk": person.pk}),
        template="staffing/hand_over.jinja",
        title=f"Choose a new care coordinator for {person.display_name}",
        entry=entry,
        person=person,
    )
