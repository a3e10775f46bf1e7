from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "tandem.diary"
    label = "diary"
