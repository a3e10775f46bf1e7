"""The words of every message Tandem sends (see ``templates.py`` for how they
are filled in, and ``template_rules.py`` for what they may say).

The words are in four parts, by what the messages are about: appointments
(``wording_appointments.py``), carers (``wording_carers.py``), the account
(``wording_account.py``) and care between appointments (``wording_care.py``).
This module is the index that ``templates.py`` imports: ``TEMPLATES`` is built
from the parts, and a name given twice stops Tandem starting rather than one
message silently standing in for another.

Each piece a person reads is marked ``N_`` so ``make messages`` finds it, and
is read in the recipient's language when the message is sent (``Words``).
Labels and notes are for staff and stay English; the labels are marked too,
for the list of what was sent in the person's own record (``record:letters``)."""

from __future__ import annotations

from collections.abc import Iterable

from tandem.notify import wording_account, wording_appointments, wording_care, wording_carers
from tandem.notify.template_rules import Template
from tandem.notify.wording_carers import CARER_COPIES, CARER_NOTE

__all__ = ["CARER_COPIES", "CARER_NOTE", "TEMPLATES", "by_name"]


def by_name(*parts: Iterable[Template]) -> dict[str, Template]:
    """Every template of the parts by its name, refusing a name given twice."""
    found: dict[str, Template] = {}
    for part in parts:
        for template in part:
            if template.name in found:
                raise ValueError(f"Two message templates are named {template.name!r}")
            found[template.name] = template
    return found


TEMPLATES: dict[str, Template] = by_name(
    wording_appointments.MESSAGES,
    wording_carers.MESSAGES,
    wording_account.MESSAGES,
    wording_care.MESSAGES,
)
