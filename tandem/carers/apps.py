from django.apps import AppConfig


class CarersConfig(AppConfig):
    name = "tandem.carers"
    label = "carers"
