"""Signing in and out: password, then (for staff) a code from an authenticator app."""

from __future__ import annotations

import re
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from markupsafe import Markup

from tandem.people import mfa, services
from tandem.people.models import User
from tandem.translations.filled import filled
from tandem.web.forms import form_page


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    raw = (credentials or {}).get("email") or request.POST.get("email", "")
    return str(raw).strip().lower()[:254]


class SignInForm(forms.Form):
    # Marked for translation: someone not signed in may read the page in Welsh
    # or Arabic (ADR 0073). Figures stay out of the words (ADR 0061).
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": filled(_("Email address must be %(most)s characters or fewer"), most=254),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        strip=False,
        error_messages={
            "required": _("Enter your password"),
            "max_length": filled(_("Password must be %(most)s characters or fewer"), most=200),
        },
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Security code",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        help_text="The 6-digit code shown in your authenticator app",
        error_messages={
            "required": "Enter the security code",
            "invalid": "Security code must be 6 numbers",
            "max_length": "Security code must be 6 numbers",
        },
    )


def safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def go_home(request: HttpRequest) -> HttpResponseRedirect:
    return redirect(safe_next(request) or "people:home")


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return go_home(request)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        user = authenticate(request, email=email, password=form.cleaned_data["password"])
        if isinstance(user, User):
            # login() gives a new session key, so a planted session id is useless.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            services.record_sign_in(user=user, succeeded=True)
            if user.is_staff_member:
                return redirect("signin:verify" if mfa.confirmed_device(user) else "signin:set-up")
            return go_home(request)
        services.record_sign_in(user=None, succeeded=False, email=email)
        form.add_error(None, gettext("Enter a correct email address and password"))
    return form_page(
        request,
        "people/sign_in.jinja",
        gettext("Sign in"),
        form,
        timed_out="timed_out" in request.GET,
        next=safe_next(request) or "",
        # 'Continue with NHS login' shows only when the service has set it up.
        nhs_login=bool(settings.TANDEM_NHS_LOGIN),
    )


def staff_pending(request: HttpRequest) -> User | None:
    """The staff member half-way through signing in, if that is who this is."""
    user = request.user
    if isinstance(user, User) and user.is_authenticated and user.is_staff_member:
        return user
    return None


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = staff_pending(request)
    if user is None:
        return redirect("signin:sign-in")
    if user.is_verified():  # type: ignore[attr-defined]
        return go_home(request)
    device = mfa.confirmed_device(user)
    if device is None:
        return redirect("signin:set-up")
    form = CodeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and mfa.check_code(device=device, code=form.cleaned_data["code"], form=form)
    ):
        otp_login(request, device)
        return go_home(request)
    return form_page(request, "people/verify.jinja", "Enter your security code", form)


def qr_svg(uri: str) -> Markup:
    # Drawn inline rather than as a data: image, which the page's
    # Content-Security-Policy (img-src 'self') blocks. The drawing is one path
    # of numbers made by qrcode: none of the URI's text is in it.
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    drawing = image.to_string(encoding="unicode")
    drawing = re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", drawing)
    return Markup(  # noqa: S704 - numbers only, see above
        drawing.replace(
            "<svg ",
            '<svg role="img" aria-label="QR code for your authenticator app"'
            ' width="200" height="200" ',
            1,
        )
    )


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    user = staff_pending(request)
    if user is None:
        return redirect("signin:sign-in")
    if mfa.confirmed_device(user) is not None:
        return redirect("signin:verify")
    device: TOTPDevice = mfa.pending_device(user)
    form = CodeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and mfa.check_code(device=device, code=form.cleaned_data["code"], form=form)
    ):
        mfa.confirm(user=user, device=device)
        otp_login(request, device)
        return go_home(request)
    return form_page(
        request,
        "people/set_up.jinja",
        "Set up your authenticator app",
        form,
        secret=mfa.secret_for_display(device),
        qr=qr_svg(device.config_url),
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User) and request.user.is_authenticated:
        services.record_sign_out(user=request.user)
    logout(request)
    return render(request, "people/signed_out.jinja", {"title": gettext("You have signed out")})


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    return render(
        request,
        "people/locked_out.jinja",
        {
            "title": gettext("Too many attempts to sign in"),
            "locked_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
        status=429,
    )
