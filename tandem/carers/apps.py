from django.apps import AppConfig


class CarersConfig(AppConfig):
    name = "tandem.carers"
    label = "carers"

    def ready(self) -> None:
        from tandem.carers import people_panels
        from tandem.people import panels

        panels.add("person", people_panels.on_person_page)
        panels.add("carer_person", people_panels.on_carer_person_page)
