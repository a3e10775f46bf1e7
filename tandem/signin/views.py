"""'Where you are signed in', 'Forgotten your password?' and 'Language'."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.people import services as people
from tandem.people.models import User
from tandem.signin import selectors, services
from tandem.signin.forms import ForgottenForm, LanguageForm, NewPasswordForm
from tandem.translations import languages
from tandem.web.forms import submit_form

View = Callable[..., HttpResponse]


def signed_in(view: View) -> View:
    """Anyone signed in, whatever their role: these pages are about their own account."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not isinstance(request.user, User) or not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@signed_in
def sessions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "signin/sessions.jinja",
        {
            "title": _("Where you are signed in"),
            "sessions": list(selectors.own_sessions(_me(request))),
            "current_key": request.session.session_key,
        },
    )


@require_http_methods(["GET", "POST"])
def language(request: HttpRequest) -> HttpResponse:
    """A service user or carer chooses the language of their pages and messages;
    someone not signed in chooses the language of the pages they read before
    signing in, on this browser only (ADR 0073).

    Staff pages stay English (ADR 0061), so staff get the same 404 as any page
    that is not theirs."""
    if not isinstance(request.user, User) or not request.user.is_authenticated:
        return _signed_out_language(request)
    me = _me(request)
    if not languages.reads_translated_pages(me):
        raise Http404
    current = languages.language_for(me)
    form = LanguageForm(request.POST or None, initial={"language": current})

    def save(data: dict[str, Any]) -> bool:
        changed = people.choose_language(actor=me, code=data["language"])
        # The note below is read on the next page, which is in the new language.
        translation.activate(data["language"])
        return changed

    return submit_form(
        request,
        form,
        save=save,
        then="account:language",
        success=lambda changed: str(_("Your language has been saved")) if changed else "",
        template="signin/language.jinja",
        title=_("Language"),
        languages=languages.SHIPPED,
        current=languages.language(current),
        signed_out=False,
    )


def _back_to(request: HttpRequest) -> str:
    """The signed-out page the person came from, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("signin:sign-in")


def _signed_out_language(request: HttpRequest) -> HttpResponse:
    """The language cookie, and nothing stored: no account to store it on.

    It lasts until the browser is closed, so on a shared computer the next
    person starts from their own browser's language, not this one's (HAZ-355)."""
    current = languages.language(translation.get_language() or languages.ENGLISH)
    form = LanguageForm(request.POST or None, initial={"language": current.code})
    back = _back_to(request)

    def chosen(code: str) -> HttpResponse:
        response = redirect(back)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=None,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite="Lax",
        )
        return response

    return submit_form(
        request,
        form,
        save=lambda data: data["language"],
        then=chosen,
        template="signin/language.jinja",
        title=_("Language"),
        languages=languages.SHIPPED,
        current=current,
        signed_out=True,
        back=back,
    )


@require_POST
@signed_in
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    services.end_session(actor=_me(request), session_id=pk, current_key=request.session.session_key)
    messages.success(request, _("You have been signed out on that device"))
    return redirect("account:sessions")


@require_POST
@signed_in
def end_others(request: HttpRequest) -> HttpResponse:
    ended = services.end_other_sessions(actor=_me(request), current_key=request.session.session_key)
    messages.success(
        request,
        _("You have been signed out on every other device")
        if ended
        else _("You were not signed in anywhere else"),
    )
    return redirect("account:sessions")


@never_cache
@require_http_methods(["GET", "POST"])
def forgotten(request: HttpRequest) -> HttpResponse:
    return submit_form(
        request,
        ForgottenForm(request.POST or None),
        save=lambda data: services.ask_for_reset(address=data["address"]),
        then="account:reset-sent",
        template="signin/forgotten.jinja",
        title=_("Reset your password"),
    )


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    # The same page whether or not the address belongs to an account (HAZ-174).
    return render(request, "signin/sent.jinja", {"title": _("Check your email or text messages")})


@sensitive_post_parameters("password", "password_again")
@never_cache
@require_http_methods(["GET", "POST"])
def reset_password(request: HttpRequest, token: str) -> HttpResponse:
    if services.reset_for(token) is None:
        return render(request, "signin/link_expired.jinja", {"title": _("This link has expired")})
    return submit_form(
        request,
        NewPasswordForm(request.POST or None),
        save=lambda data: services.set_new_password(token=token, **data),
        success=_("Your password has been changed. Sign in with your new password."),
        then="signin:sign-in",
        template="signin/new_password.jinja",
        title=_("Choose a new password"),
    )
