"""'You said, we did' on service users' and carers' home pages (through
``tandem.people.panels``, as the core never imports this app)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tandem.feedback import selectors
from tandem.people.models import User


def on_home_page(user: User, **_: Any) -> dict[str, Any]:
    return {"you_said_we_did": selectors.notes_for_home(user, now=timezone.now())}
