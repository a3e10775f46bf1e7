from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "tandem.preferences"
    label = "preferences"

    def ready(self) -> None:
        from tandem.people import panels
        from tandem.preferences import people_panels

        panels.add("person", people_panels.on_person_page)
        panels.add("carer_person", people_panels.on_carer_person_page)
