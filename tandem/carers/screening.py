"""A seam (ADR 0025): the worrying-words check for what carers write.

Carers sit below ``tandem.warnings``, which holds the check (the phrase list,
the meaning layer and the language check), so warnings plugs it in here from
its ``AppConfig.ready()``; that is its sole user. ``from_carers.give_view``
asks it about every carer's view (issue 19): a view can tell of a crisis as it
happens, and should not wait for the next time someone opens the record.

No check plugged in is an error, never a silent 'nothing found': a view that
was not checked must not look as if it had been.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    # For the team's task, which the person can read in their record
    # download: the categories in words, never the carer's words.
    in_brief: str
    # For staff beside the view: a line a reason, with the words found and
    # what they were close to. Empty: nothing found.
    why: list[str]


# (text, team id) -> what the check found.
Check = Callable[[str, int | None], Found]

_plugged: list[Check] = []


def check_with(check: Check) -> None:
    _plugged[:] = [check]


class NotPluggedIn(RuntimeError):
    """The worrying-words check was not plugged in (tandem.warnings is not installed)."""


def why_read_sooner(text: str, *, team_id: int | None) -> Found:
    if not _plugged:
        raise NotPluggedIn("No worrying-words check is plugged in for carers' views")
    return _plugged[0](text, team_id)
