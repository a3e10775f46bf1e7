from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What an operations team watches and runs: readiness, metrics, the worker's
    heartbeat, backups and retention (issue 22, ADR 0045)."""

    name = "tandem.operations"
    label = "operations"

    def ready(self) -> None:
        # The person page (in the core) shows the date of death through a
        # template function, so people never imports this app.
        from django.template import engines

        from tandem.operations import deaths

        for engine in engines.all():
            env = getattr(engine, "env", None)
            if env is not None:
                env.globals["death_on_person_page"] = deaths.on_person_page
