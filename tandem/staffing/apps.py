from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "tandem.staffing"
    label = "staffing"
    verbose_name = "Staff accounts"
