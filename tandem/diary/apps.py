from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "tandem.diary"
    label = "diary"

    def ready(self) -> None:
        from tandem.alerts import diary_source
        from tandem.diary import deterioration_sweep

        # The chart of the days behind an alert reads the diary as the sweep does.
        diary_source.register(deterioration_sweep.diary_for_alert)
