from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "tandem.guidance"
    label = "guidance"
