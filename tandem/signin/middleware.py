"""Notes when each signed-in session was last used, at most every few minutes,
so a busy page does not write to the database on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tandem.signin import services

SEEN_KEY = "_tandem_seen"


class LastSeenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view: a view that signed the person out has already removed it.
        user = getattr(request, "user", None)
        key = request.session.session_key if hasattr(request, "session") else None
        if user is not None and user.is_authenticated and key:
            # The time of the last write rides in the session, which is read
            # anyway, so most requests cost no extra query.
            now = int(time.time())
            if now - int(request.session.get(SEEN_KEY, 0)) >= services.SEEN_EVERY:
                request.session[SEEN_KEY] = now
                services.seen(session_key=key)
        return response
