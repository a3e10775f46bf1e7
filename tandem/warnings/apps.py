from django.apps import AppConfig


class WarningsConfig(AppConfig):
    name = "tandem.warnings"
    label = "warnings"
