from django.apps import AppConfig


class WarningsConfig(AppConfig):
    name = "tandem.warnings"
    label = "warnings"

    def ready(self) -> None:
        # Carers sit below this app: their views reach the check through a seam.
        from tandem.carers import screening
        from tandem.warnings.free_text import check_text, explain, in_brief

        def check(text: str, team_id: int | None) -> screening.Found:
            decision = check_text(text=text, team_id=team_id)
            return screening.Found(in_brief=in_brief(decision), why=explain(decision))

        screening.check_with(check)
