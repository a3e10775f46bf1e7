from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "tandem.preferences"
    label = "preferences"
