from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What an operations team watches and runs: readiness, metrics, the worker's
    heartbeat, backups and retention (issue 22, ADR 0045)."""

    name = "tandem.operations"
    label = "operations"
