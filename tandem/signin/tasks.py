"""Background half of 'Forgotten your password?' (see services.ask_for_reset)."""

from __future__ import annotations

from django_tasks import task

from tandem.signin import services


@task()
def send_reset_link(address: str) -> None:
    # Returns nothing: the task's result is stored, and must not say whether
    # the address belongs to an account.
    services.send_reset_link(address=address)
