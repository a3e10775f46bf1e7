"""Keeping the session records in step with Django's sign-in and sign-out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from tandem.people.models import User
from tandem.signin import services


@receiver(user_logged_in, dispatch_uid="signin-session-started")
def _started(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not isinstance(user, User) or not request.session.session_key:
        return
    services.session_started(
        user=user,
        session_key=request.session.session_key,
        user_agent=request.headers.get("user-agent", ""),
    )


@receiver(user_logged_out, dispatch_uid="signin-session-ended")
def _ended(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and request.session.session_key:
        services.session_ended(session_key=request.session.session_key)
