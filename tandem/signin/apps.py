from django.apps import AppConfig


class SigninConfig(AppConfig):
    """Where a person is signed in, and resetting a forgotten password (issue 17)."""

    name = "tandem.signin"
    label = "signin"
    verbose_name = "Signing in"

    def ready(self) -> None:
        from tandem.signin import receivers  # noqa: F401  (connects the auth signals)
