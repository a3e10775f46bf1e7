from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "tandem.notify"
    label = "notify"
    verbose_name = "Messages out"

    def ready(self) -> None:
        # Hands the send and check tasks to tandem.notify.scheduling.
        from tandem.notify import tasks  # noqa: F401
