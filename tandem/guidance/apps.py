from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "tandem.guidance"
    label = "guidance"

    def ready(self) -> None:
        from tandem.guidance.queries import guidance_for
        from tandem.preferences import guidance_source

        guidance_source.register(guidance_for)
