from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "tandem.safety"
    label = "safety"

    def ready(self) -> None:
        # The public 'Need help now?' page (tandem.web, below us) shows the safety
        # plans a person can reach next, through the page's section registry.
        from tandem.safety.selectors import help_now_plans
        from tandem.web import help_sections

        help_sections.register(help_now_plans)
