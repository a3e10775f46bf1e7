"""Run the worrying-words detector over JSON lines and print each decision
with its reasons; with labels, a recall and precision summary.

    manage.py check_texts examples.jsonl
    some-export | manage.py check_texts -
    manage.py check_texts examples.jsonl --errors-only --service-phrases --team 3
    manage.py check_texts examples.jsonl --errors-only --by-category

Each line: {"text": "...", "label": true}. ``label`` is optional (1/0,
true/false, yes/no, positive/negative): true means a human should read the
text sooner. Both layers (the phrase list and the meaning layer) and the
language check run unless ``--layers phrases`` or ``--layers meaning`` asks
for one layer alone. Built-in phrases and examples only unless
``--service-phrases``. ``--by-category`` ends with how many texts of each
``category`` (an optional field of the line) were flagged, and the recall and
precision of each.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.warnings import detector, meaning, screen
from tandem.warnings.evaluate import BadLine, Example, Summary, percent, read_examples

SHOWN_TEXT = 100


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN_TEXT else flat[: SHOWN_TEXT - 1] + "…"


def _layer(hit: detector.Hit) -> str:
    return "meaning" if hit.reason.startswith("Close in meaning") else "phrases"


class Command(BaseCommand):
    help = "Check texts (JSON lines with a 'text' field) for worrying words and print why."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A JSON-lines file, or - for standard input")
        parser.add_argument(
            "--errors-only",
            action="store_true",
            help="Print only labelled texts the detector got wrong (and the summary)",
        )
        parser.add_argument("--json", action="store_true", help="One JSON object per decision")
        parser.add_argument(
            "--service-phrases",
            action="store_true",
            help="Include the phrases the service added (service-wide, or --team's too)",
        )
        parser.add_argument(
            "--team", type=int, default=None, help="A team's id, with --service-phrases"
        )
        parser.add_argument(
            "--by-category",
            action="store_true",
            help="End with recall and precision for each value of the lines' 'category' field",
        )
        parser.add_argument(
            "--layers",
            choices=[str(layer) for layer in screen.Layers],
            default=str(screen.Layers.BOTH),
            help="Which checks to run: both layers and the language check (the default), "
            "or the phrase list or the meaning layer alone",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        extra: list[detector.Compiled] = []
        examples: list[meaning.Example] = []
        if options["service_phrases"]:
            from tandem.warnings.queries import custom_examples_for, custom_phrases_for

            extra = custom_phrases_for(options["team"])
            examples = custom_examples_for(options["team"])
        check = functools.partial(
            screen.check, extra=extra, examples=examples, layers=screen.Layers(options["layers"])
        )
        if options["path"] == "-":
            self._run(sys.stdin, options, check)
            return
        try:
            with open(options["path"], encoding="utf-8") as handle:
                self._run(handle, options, check)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['path']}: {exc.strerror}") from exc

    def _run(
        self, lines: Any, options: dict[str, Any], check: Callable[[str], detector.Decision]
    ) -> None:
        summary = Summary()
        # One summary for each value of the optional 'category' field.
        by_category: dict[str, Summary] = {}
        bad = 0
        for item in read_examples(lines):
            if isinstance(item, BadLine):
                bad += 1
                self.stderr.write(f"Skipped {item}")
                continue
            decision = check(item.text)
            summary.add(item, decision)
            category = str(item.row.get("category") or "(none)")
            by_category.setdefault(category, Summary()).add(item, decision)
            wrong = item.label is not None and item.label != decision.flagged
            if options["errors_only"] and not wrong:
                continue
            if options["json"]:
                self.stdout.write(json.dumps(self._as_json(item, decision), ensure_ascii=False))
            else:
                self._print(item, decision, wrong)
        self._summary(summary, bad, as_json=options["json"])
        if options["by_category"] and not options["json"]:
            self._by_category(by_category)

    @staticmethod
    def _as_json(item: Example, decision: detector.Decision) -> dict[str, object]:
        return {
            "line": item.line,
            "flagged": decision.flagged,
            "label": item.label,
            "hits": [{**h.as_json(), "layer": _layer(h)} for h in decision.hits],
            "not_read": decision.not_read,
            "set_aside": [{**s.hit.as_json(), "why": s.why} for s in decision.set_aside],
            "truncated": decision.truncated,
        }

    def _print(self, item: Example, decision: detector.Decision, wrong: bool) -> None:
        verdict = "FLAG   " if decision.flagged else "no flag"
        mark = ""
        if item.label is not None:
            mark = " MISSED" if wrong and item.label else " FALSE FLAG" if wrong else " ok"
        self.stdout.write(f"{item.line:>5} {verdict}{mark}: {_short(item.text)}")
        if decision.not_read:
            self.stdout.write(f"        {decision.not_read}")
        for hit in decision.hits:
            self.stdout.write(
                f"        {hit.category.label} ({_layer(hit)}): '{_short(hit.text)}'. {hit.reason}"
            )
        for aside in decision.set_aside:
            self.stdout.write(f"        set aside: '{aside.hit.text}' ({aside.why})")
        if decision.truncated:
            self.stdout.write(f"        only the first {detector.SCAN_LIMIT:,} characters checked")

    def _summary(self, summary: Summary, bad: int, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "summary": {
                            "checked": summary.checked,
                            "flagged": summary.flagged,
                            "labelled": summary.labelled,
                            "true_positives": summary.true_pos,
                            "false_positives": summary.false_pos,
                            "false_negatives": summary.false_neg,
                            "true_negatives": summary.true_neg,
                            "recall": summary.recall,
                            "precision": summary.precision,
                            "skipped_lines": bad,
                        }
                    }
                )
            )
            return
        self.stdout.write("")
        self.stdout.write(f"Checked {summary.checked} texts; flagged {summary.flagged}.")
        if bad:
            self.stdout.write(f"Skipped {bad} lines that could not be read.")
        if summary.labelled:
            self.stdout.write(
                f"Of {summary.labelled} labelled: {summary.true_pos} flagged rightly, "
                f"{summary.false_neg} missed, {summary.false_pos} false flags, "
                f"{summary.true_neg} rightly left."
            )
            self.stdout.write(
                f"Recall {percent(summary.recall)} (share of texts that should be flagged "
                f"that were); precision {percent(summary.precision)} (share of flags that "
                "were right)."
            )

    def _by_category(self, by_category: dict[str, Summary]) -> None:
        self.stdout.write("")
        self.stdout.write("By category (flagged of checked; recall; precision):")
        for category, part in sorted(by_category.items()):
            self.stdout.write(
                f"    {category}: {part.flagged} of {part.checked} flagged; "
                f"recall {percent(part.recall)}; precision {percent(part.precision)}"
            )
