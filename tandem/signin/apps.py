from django.apps import AppConfig


class SigninConfig(AppConfig):
    """Where a person is signed in, and resetting a forgotten password (issue 17)."""

    name = "tandem.signin"
    label = "signin"
    verbose_name = "Signing in"

    def ready(self) -> None:
        # receivers connects the auth signals; tasks hands the reset task to
        # tandem.signin.scheduling.
        from tandem.signin import receivers, tasks  # noqa: F401
