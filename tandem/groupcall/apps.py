from django.apps import AppConfig


class GroupcallConfig(AppConfig):
    name = "tandem.groupcall"
    label = "groupcall"
    verbose_name = "Group video calls"
