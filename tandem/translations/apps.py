from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "tandem.translations"
    label = "translations"
