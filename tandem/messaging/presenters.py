"""What every message page for a service user or carer shows besides its own
content: the crisis contacts there and then, and the helpers its templates
use to write dates and file sizes."""

from __future__ import annotations

from typing import Any

from tandem.messaging.attachments import size_text
from tandem.people.crisis import crisis_contacts_for
from tandem.people.models import User
from tandem.web.dates import when


def for_person(user: User) -> dict[str, Any]:
    """Context for a person's message page: messages are not read around the
    clock, so the crisis contacts are on every one."""
    return {"when": when, "size_text": size_text, "crisis": crisis_contacts_for(user)}
