from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "tandem.staffing"
    label = "staffing"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from tandem.people import panels
        from tandem.staffing import people_panels

        panels.add("person", people_panels.on_person_page)
