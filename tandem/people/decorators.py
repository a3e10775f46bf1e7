"""Role gates for views. A signed-in person without the role gets the same 404
as a missing page, so URLs reveal nothing about what exists."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from tandem.errors import NOT_FOUND
from tandem.people.models import User
from tandem.people.roles import Role

View = Callable[..., HttpResponse]


def signed_in_user(request: HttpRequest) -> User:
    """The person signed in, for views already behind ``role_required``."""
    assert isinstance(request.user, User)
    return request.user


def role_required(*allowed: Role) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.roles & set(allowed):
                raise Http404(NOT_FOUND)
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorate


STAFF = (Role.CLINICIAN, Role.MANAGER)
