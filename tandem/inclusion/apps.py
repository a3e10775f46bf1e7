from django.apps import AppConfig


class InclusionConfig(AppConfig):
    name = "tandem.inclusion"
    label = "inclusion"

    def ready(self) -> None:
        from tandem.inclusion import people_panels
        from tandem.people import panels

        panels.add("person", people_panels.on_person_page)
