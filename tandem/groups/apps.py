from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "tandem.groups"
    label = "groups"
