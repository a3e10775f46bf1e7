from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "tandem.consult"
    label = "consult"
    verbose_name = "Video consultations"

    def ready(self) -> None:
        # Appointments' reminders carry consult's join links without importing
        # consult (it sits above them; issue 23).
        from tandem.appointments import notices
        from tandem.consult import join_links

        notices.register_join_link_issuer(join_links.issue)
