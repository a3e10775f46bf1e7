from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "tandem.alerts"
    label = "alerts"

    def ready(self) -> None:
        from tandem.alerts import people_panels
        from tandem.people import panels

        panels.add("caseload", people_panels.on_caseload)
