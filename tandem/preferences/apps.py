from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "tandem.preferences"
    label = "preferences"

    def ready(self) -> None:
        from tandem.people import panels
        from tandem.preferences import people_panels, reading
        from tandem.web import reading as web_reading

        panels.add("person", people_panels.on_person_page)
        panels.add("carer_person", people_panels.on_carer_person_page)
        # The key pages' easy-read version follows the person's choice (ADR 0062).
        web_reading.register(reading.easy_read_for_user)
