"""Replay past diaries through the deterioration detector and print the alerts
it would have raised, so a service can check and tune it before switching on.

    manage.py replay_series history.csv
    some-export | manage.py replay_series - --change-threshold 2.5 --change-days 4

The CSV has columns person,date,item,value (``tandem.alerts.series``). Each
person is judged night by night, from their first day to the last date in the
file (or ``--until``), exactly as the nightly sweep would have judged them,
with one alert per episode. Nothing is written to the database. Every row is
checked first: a bad row stops the replay with its line number.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.alerts import detector, episodes, series

KIND_WORDS = {detector.CHANGE: "A change from their usual", detector.MISSED: "Check-ins missed"}


class Command(BaseCommand):
    help = "Print the early-warning alerts the detector would have raised on past diaries (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        # The recommended settings (docs/early-warning.md), not a new team's.
        defaults = detector.recommended()
        parser.add_argument(
            "path", help="A CSV file (person,date,item,value), or - for standard input"
        )
        parser.add_argument(
            "--baseline-days",
            type=int,
            default=defaults.baseline_days,
            help="Days with a value needed before an item is compared with the person's usual",
        )
        parser.add_argument(
            "--change-threshold",
            type=float,
            default=defaults.change_threshold,
            help="How many of the person's usual spreads a smoothed value must move",
        )
        parser.add_argument(
            "--change-days",
            type=int,
            default=defaults.change_days,
            help="For how many days in a row",
        )
        parser.add_argument(
            "--missed-in-a-row",
            type=int,
            default=defaults.missed_in_a_row,
            help="Missed daily check-ins in a row that raise an alert (0: off)",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="People had no daily check-in schedule: do not count missed days "
            "(a regular diarist who stops is still noticed)",
        )
        parser.add_argument(
            "--watch-high-mood",
            action="store_true",
            help="Notice mood rising above the usual as well as falling",
        )
        parser.add_argument(
            "--people",
            default=None,
            metavar="CSV",
            help="A CSV with columns person,watch_high_mood (yes/no): whose rises to judge, "
            "person by person (instead of --watch-high-mood for everyone)",
        )
        parser.add_argument("--until", default=None, help="Last day to judge (YYYY-MM-DD)")
        parser.add_argument(
            "--alerts-csv",
            default=None,
            metavar="CSV",
            help="Also write each alert as a row person,date (the last day of data) to this file",
        )
        parser.add_argument("--json", action="store_true", help="One JSON object per alert")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            thresholds = detector.Thresholds(
                baseline_days=options["baseline_days"],
                change_threshold=options["change_threshold"],
                change_days=options["change_days"],
                missed_in_a_row=options["missed_in_a_row"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        until = None
        if options["until"]:
            try:
                until = dt.date.fromisoformat(options["until"])
            except ValueError as exc:
                raise CommandError("--until must be a date written as YYYY-MM-DD") from exc
        if options["path"] == "-":
            people = self._read(sys.stdin)
        else:
            try:
                with open(options["path"], encoding="utf-8", newline="") as handle:
                    people = self._read(handle)
            except OSError as exc:
                raise CommandError(f"Cannot read {options['path']}: {exc.strerror}") from exc
            except UnicodeDecodeError as exc:
                raise CommandError(f"{options['path']} is not UTF-8 text") from exc
        if not people:
            raise CommandError("The file has no rows to replay.")
        options["high_mood"] = self._high_mood(options["people"]) if options["people"] else None
        self._replay(people, thresholds=thresholds, until=until, options=options)

    def _high_mood(self, path: str) -> set[str]:
        """The people whose plan watches for high mood, from ``--people``."""
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                return series.read_high_mood(handle)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        except series.BadSeries as exc:
            raise CommandError(
                f"Nothing was replayed: {path} has rows that cannot be read.\n{exc}"
            ) from exc

    def _read(self, handle: TextIO) -> dict[str, series.PersonSeries]:
        try:
            return series.read(handle)
        except series.BadSeries as exc:
            raise CommandError(
                f"Nothing was replayed: {len(exc.problems)} rows cannot be read.\n{exc}"
            ) from exc

    def _replay(
        self,
        people: dict[str, series.PersonSeries],
        *,
        thresholds: detector.Thresholds,
        until: dt.date | None,
        options: dict[str, Any],
    ) -> None:
        last = until or max(max(p.days) for p in people.values())
        as_json = options["json"]
        if not as_json:
            self.stdout.write(
                f"Thresholds: baseline {thresholds.baseline_days} days, change "
                f"{thresholds.change_threshold:g} spreads for {thresholds.change_days} days, "
                f"missed in a row {thresholds.missed_in_a_row or 'off'}"
                f"{' (no schedule)' if options['no_schedule'] else ' (daily check-ins)'}.\n"
                "Each alert shows the last day of data the nightly sweep would have read "
                "(it runs early the next morning).\n"
            )
        written: list[tuple[str, dt.date]] = []
        counts = dict.fromkeys(KIND_WORDS, 0)
        nights = 0
        compared = 0
        for name in sorted(people):
            person = people[name]
            if person.first > last:
                continue
            diary = person.diary(
                daily=not options["no_schedule"],
                until=last,
                watch_high_mood=(
                    name in options["high_mood"]
                    if options["high_mood"] is not None
                    else options["watch_high_mood"]
                ),
            )
            earlier: list[episodes.Earlier] = []
            ever_compared = False
            day = person.first
            while day <= last:
                nights += 1
                judged = detector.judge(diary, as_of=day, thresholds=thresholds)
                ever_compared = ever_compared or judged.compared
                for alert in episodes.to_raise(
                    judged.signals, earlier=earlier, diary=diary, look_back=thresholds.look_back
                ):
                    earlier.append(
                        episodes.Earlier(
                            alert.kind, alert.about_key, alert.data_from, alert.data_to
                        )
                    )
                    counts[alert.kind] += 1
                    written.append((name, day))
                    self._print(name, day, alert, as_json=as_json)
                day += dt.timedelta(days=1)
            compared += ever_compared
        if options["alerts_csv"]:
            self._write(options["alerts_csv"], written)
        total = sum(counts.values())
        years = nights / 365
        rate = f"{total / years:.1f} a person-year" if years else "no full days"
        summary = (
            f"Replayed {len(people)} people over {nights} nights; {compared} had enough days to "
            f"compare with their usual. Alerts it would have raised: {total} "
            f"({counts[detector.CHANGE]} change from their usual, "
            f"{counts[detector.MISSED]} check-ins missed), {rate}."
        )
        if as_json:
            self.stderr.write(summary)
        else:
            self.stdout.write(f"\n{summary}")

    def _write(self, path: str, written: list[tuple[str, dt.date]]) -> None:
        try:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                out = csv.writer(handle)
                out.writerow(["person", "date"])
                out.writerows((person, day.isoformat()) for person, day in written)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from exc

    def _print(self, person: str, day: dt.date, alert: episodes.ToRaise, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "person": person,
                        "day": day.isoformat(),
                        "kind": alert.kind,
                        "summary": alert.summary,
                        "reasons": alert.reasons,
                        "data_from": alert.data_from.isoformat(),
                        "data_to": alert.data_to.isoformat(),
                        "about_key": alert.about_key,
                    }
                )
            )
            return
        self.stdout.write(f"{person}  {day.isoformat()}  {KIND_WORDS[alert.kind]}: {alert.summary}")
        for reason in alert.reasons:
            self.stdout.write(f"    - {reason}")
