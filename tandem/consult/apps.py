from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "tandem.consult"
    label = "consult"
    verbose_name = "Video consultations"
