from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "tandem.appointments"
    label = "appointments"
