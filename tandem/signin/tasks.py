"""Background half of 'Forgotten your password?' (see services.ask_for_reset)."""

from __future__ import annotations

from django_tasks import task

from tandem.signin import scheduling, services


@task()
def send_reset_link(address: str) -> None:
    # Returns nothing: the task's result is stored, and must not say whether
    # the address belongs to an account.
    services.send_reset_link(address=address)


# services.ask_for_reset queues this through tandem.signin.scheduling, which
# does not import this module (it would be a circle: tasks -> services -> tasks).
scheduling.register(send_reset_link=send_reset_link)
