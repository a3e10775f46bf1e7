from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "tandem.notify"
    label = "notify"
    verbose_name = "Messages out"

    def ready(self) -> None:
        # Hands the send and check tasks to tandem.notify.scheduling.
        from django.db.models.signals import post_save

        from tandem.notify import tasks  # noqa: F401
        from tandem.notify.formats import flag_notify_letter
        from tandem.notify.models import Message

        # A letter through Notify for someone who needs easy read or braille is
        # a task, by whichever route it was queued (HAZ-347).
        post_save.connect(flag_notify_letter, sender=Message, dispatch_uid="notify-letter-format")
