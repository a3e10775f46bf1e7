from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "tandem.support"
    label = "support"
