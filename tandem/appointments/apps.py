from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "tandem.appointments"
    label = "appointments"

    def ready(self) -> None:
        from tandem.appointments import interpreting
        from tandem.preferences import communication

        # Needs recorded after a booking reach the appointments already booked (HAZ-346).
        communication.register_on_change(interpreting.on_needs_changed)
