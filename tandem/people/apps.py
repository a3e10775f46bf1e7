from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tandem.people"
    label = "people"

    def ready(self) -> None:
        from tandem.audit.services import describe_roles_with
        from tandem.people.roles import role_and_team

        describe_roles_with(role_and_team)
