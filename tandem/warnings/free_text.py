"""The worrying-words check for every free text a service user or carer
writes that staff read, not only messages (issue 19).

Messages have their own flag and inbox (``services.flag_message``). Anything
else a person or carer writes for staff to read (a diary note, a carer's view,
feedback) goes through this module, so every text gets the same check (the
phrase list, the meaning layer and the language check: ``screen.check``) and
staff read the same words-not-scores explanation:

- ``check_text`` only decides: for a caller that raises its own kind of
  flag (the diary raises an alert in the team's alert queue) or that sits below
  this app and reaches it through a seam (carers' views,
  ``tandem.carers.screening``). It writes nothing, so a caller can run it
  before opening its transaction: the meaning layer takes tens of
  milliseconds, and a long text more.
- ``screen_text`` decides and, when a clinician should read the text sooner,
  raises a review task for the team in the worklist, linking back to where the
  text is read. This is the seam for new sources: feedback calls it.
- ``explain`` is what staff read beside the text (each category, the words
  found, the phrase or the example they were close to); ``in_brief`` is what
  a task or an alert may say (the categories only, never the words).

Nothing here acts on the person. A flag asks a human to read the text sooner;
it carries the category and the words found, never a score (ADR 0014, ADR 0034).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import transaction

from tandem.people.models import CareTeam, ServiceUser
from tandem.warnings import detector, queries, screen
from tandem.worklist.models import WorkItem, WorkKind
from tandem.worklist.services import raise_work_item

# The most of one found phrase or sentence quoted in an explanation: enough to
# recognise it; the whole text is where the link goes.
QUOTE_MAX = 160


def check_text(*, text: str, team_id: int | None) -> detector.Decision:
    """Both layers and the language check, with the service's own phrases
    and examples for ``team_id`` (and every team's). Writes nothing.

    A text longer than the detector reads (``detector.SCAN_LIMIT``) is brought
    to attention as well, so a long text is never taken as checked whole."""
    decision = screen.check(
        text,
        extra=queries.custom_phrases_for(team_id),
        examples=queries.custom_examples_for(team_id),
    )
    if decision.truncated and decision.not_read is None:
        decision = replace(
            decision,
            not_read=f"Longer than {detector.SCAN_LIMIT:,} characters: only the start was "
            "checked for worrying words; read it all soon",
        )
    return decision


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rstrip() + "\u2026"


def explain(decision: detector.Decision) -> list[str]:
    """Why a text was brought to attention, for staff, one line a reason: the
    language it could not be read in, then each category with the words found
    and the phrase or the example they were close to. Never a score."""
    lines = [decision.not_read] if decision.not_read else []
    for hit in decision.hits:
        if hit.label.startswith("close in meaning to"):
            lines.append(f'{hit.category.label}: "{_quote(hit.text)}", {hit.label}')
        else:
            lines.append(f'{hit.category.label}: "{_quote(hit.text)}" ({hit.reason})')
    return list(dict.fromkeys(lines))


def in_brief(decision: detector.Decision) -> str:
    """What the check found, for a task or an alert: the categories in words
    and the language it could not read. Never the words written (a task is in
    the person's record download, and a carer's words are not theirs to
    read there; an alert's notice goes by email) and never a score."""
    parts = []
    if decision.categories:
        about = ", ".join(c.label.lower() for c in decision.categories)
        parts.append(f"it has words that may be about {about}")
    if decision.not_read:
        parts.append(decision.not_read)
    return "; ".join(parts)


@dataclass(frozen=True)
class Screened:
    decision: detector.Decision
    # The review task raised for the team, when the text was flagged.
    task: WorkItem | None

    @property
    def flagged(self) -> bool:
        return self.decision.flagged

    @property
    def explanation(self) -> list[str]:
        return explain(self.decision)


@transaction.atomic
def screen_text(
    *,
    text: str,
    source: str,
    person: ServiceUser,
    team: CareTeam | None,
    about_key: str,
    where: str,
    decision: detector.Decision | None = None,
) -> Screened:
    """Check a free text a service user or carer wrote about ``person`` for
    ``team`` to read; if a clinician should read it sooner, raise a review
    task for the team saying why in words and where to read it.

    ``source`` says what the text is in plain words ('feedback', 'a carer's
    view'); ``about_key`` names it uniquely (``feedback:12``), so checking the
    same text twice raises one task; ``where`` is the page (a path) where staff
    read it. ``decision``: pass ``check_text``'s answer when it was run before
    the caller's transaction. With no team (nobody to read it) nothing is
    raised, and the caller must still show the writer the crisis contacts
    when ``flagged``: the check never stands in for help now.
    """
    if decision is None:
        decision = check_text(text=text, team_id=team.pk if team else None)
    if not decision.flagged or team is None:
        return Screened(decision=decision, task=None)
    # The task is in the person's record download and its title in the audit
    # log: it names the categories, never the words written. The caller shows
    # ``explanation`` (the words, and what they were close to) where staff
    # read the text.
    task = raise_work_item(
        team=team,
        kind=WorkKind.OTHER,
        title=f"Read {source} about {person.display_name} sooner",
        reason=(
            f"The worrying-words check brought {source} to attention: {in_brief(decision)}. "
            f"Read it at {where} and decide what to do."
        ),
        service_user=person,
        about_key=f"worrying-words:{about_key}",
    )
    return Screened(decision=decision, task=task)
