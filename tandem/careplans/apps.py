from django.apps import AppConfig


class CarePlansConfig(AppConfig):
    name = "tandem.careplans"
    label = "careplans"

    def ready(self) -> None:
        # The manager's team overview (tandem.home, below us) shows overdue care
        # plan reviews through the people pages' panel registry (ADR 0025).
        from tandem.careplans import people_panels
        from tandem.people import panels

        panels.add("manager_home", people_panels.on_manager_home)
