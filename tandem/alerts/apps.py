from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "tandem.alerts"
    label = "alerts"
