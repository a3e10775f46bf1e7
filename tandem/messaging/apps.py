from django.apps import AppConfig
from django.db.backends.signals import connection_created


class MessagingConfig(AppConfig):
    name = "tandem.messaging"
    label = "messaging"

    def ready(self) -> None:
        from tandem.messaging.immutability import register_sqlite_function

        # Every SQLite connection needs the function the immutability trigger calls.
        connection_created.connect(register_sqlite_function, dispatch_uid="messaging_erasure")
