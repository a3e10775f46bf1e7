from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "tandem.groups"
    label = "groups"

    def ready(self) -> None:
        # A group session keeps every facilitator busy, not only the lead whose
        # diary holds the members' appointments: booking and slot finding ask
        # appointments' seam, which cannot import groups (ADR 0060).
        from tandem.appointments import elsewhere
        from tandem.groups import diary

        elsewhere.register_busy_source("groups", diary.facilitating)
