from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "tandem.feedback"
    label = "feedback"
    verbose_name = "Feedback that shapes the service"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from tandem.appointments.models import Appointment
        from tandem.feedback import home_panels, requests
        from tandem.people import panels
        from tandem.people.models import CaseloadEntry

        # Appointments and people sit below this app and never import it, so the
        # asking starts from their saves (ADR 0042).
        post_save.connect(
            requests.after_appointment_saved, sender=Appointment, dispatch_uid="feedback.held"
        )
        post_save.connect(
            requests.after_caseload_entry_saved,
            sender=CaseloadEntry,
            dispatch_uid="feedback.discharged",
        )
        panels.add("service_user_home", home_panels.on_home_page)
        panels.add("carer_home", home_panels.on_home_page)
