from django.apps import AppConfig


class WorklistConfig(AppConfig):
    name = "tandem.worklist"
    label = "worklist"
