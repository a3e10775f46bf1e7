from django.apps import AppConfig


class InclusionConfig(AppConfig):
    name = "tandem.inclusion"
    label = "inclusion"
