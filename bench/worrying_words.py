"""Time the worrying-words detector on one core, against a plain floor.

No database and no Django: the detector is pure Python (``tandem.warnings
.detector``). What it does:

1. builds a mixed corpus of synthetic texts (default 20,000): everyday
   messages of a sentence to a few paragraphs, texts with worrying words,
   negations and sayings (the labelled set), emoji, HTML, mixed scripts
   (Arabic, Cyrillic, Chinese, Latin look-alikes), stretched letters, and a
   share of long texts (20,000 to 1,000,000 characters; the detector checks
   the first 20,000 characters of each);
2. checks every text once to warm up, then times ``detector.check`` on each
   text, one at a time, in this one process (one core);
3. times the floor over the same texts: ``str.lower()`` and a substring
   test for each of the detector's built-in phrase labels' first word, which
   is the least any word check must do, and does no negation, folding or
   highlighting;
4. prints messages a second, the median, 95th and 99.9th percentile and
   the slowest text, for each, and the same for the long texts alone.

Timings are printed, never asserted (the tests check behaviour, not speed).

    .venv/bin/python bench/worrying_words.py [--texts 20000] [--seed 8]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import log, percentile  # noqa: E402

from tandem.warnings import detector  # noqa: E402

EVERYDAY = [
    "Can we move my appointment to Thursday afternoon?",
    "Thank you for yesterday, the new plan is helping.",
    "I have run out of my tablets, can the GP send a new prescription?",
    "My sleep has been better this week but my mood is up and down.",
    "Is the group still on next Tuesday? I might be a bit late because of the bus.",
    "I've started walking every morning with my neighbour's dog.",
    "Could you explain what the letter from the hospital means?",
    "Work has been stressful but I'm managing with the breathing exercises.",
]
EMOJI = "\U0001f600\U0001f62d\u2764\ufe0f\U0001f44d\U0001f3fd\U0001f469\u200d\U0001f467"
SCRIPTS = [
    "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064a\u0643\u0645",
    "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430?",
    "\u6211\u4eca\u5929\u611f\u89c9\u597d\u591a\u4e86",
    "Dzie\u0144 dobry, dzi\u0119kuj\u0119",
    "k\u0456ll m\u0443self",  # Cyrillic look-alikes
]
HTML = '<p>Hello <b>team</b>,</p><div class="x">{}</div><!-- note --><a href="#">link</a>'


def labelled_texts() -> list[str]:
    path = ROOT / "tandem" / "warnings" / "tests" / "data" / "labelled.jsonl"
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


def corpus(size: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """(all texts, the long ones among them)."""
    labelled = labelled_texts()
    texts: list[str] = []
    long: list[str] = []
    for i in range(size):
        kind = rng.random()
        if kind < 0.45:
            text = " ".join(rng.choices(EVERYDAY, k=rng.randint(1, 6)))
        elif kind < 0.70:
            text = " ".join([*rng.choices(EVERYDAY, k=rng.randint(0, 3)), rng.choice(labelled)])
        elif kind < 0.78:
            text = rng.choice(EVERYDAY) + " " + "".join(rng.choices(EMOJI, k=rng.randint(1, 40)))
        elif kind < 0.86:
            text = HTML.format(rng.choice(labelled + EVERYDAY))
        elif kind < 0.94:
            text = " ".join(rng.choices(SCRIPTS + EVERYDAY[:2], k=rng.randint(1, 8)))
        elif kind < 0.99:
            text = rng.choice(EVERYDAY).replace("o", "ooooo").upper() + " soooo tired!!!!!!"
        else:
            # About 1 in 100: a pasted document, 20,000 to 1,000,000 characters.
            length = rng.choice([20_000, 100_000, 1_000_000])
            unit = " ".join(rng.choices(EVERYDAY + SCRIPTS, k=8)) + " " + EMOJI + "\n"
            text = (unit * (length // len(unit) + 1))[:length]
            if i % 2:
                text = "I want to die. " + text
            long.append(text)
        texts.append(text)
    return texts, long


def floor_words() -> list[str]:
    return sorted({c.phrase.label.split()[0].strip(",").lower() for c in detector.BUILT_IN})


def timed(fn: Callable[[str], object], texts: list[str]) -> list[float]:
    times = []
    clock = time.perf_counter
    for text in texts:
        start = clock()
        fn(text)
        times.append(clock() - start)
    return times


def report(name: str, times: list[float]) -> None:
    total = sum(times)
    rate = len(times) / total if total else float("inf")
    print(
        f"{name:<34} {len(times):>7} texts  {rate:>10,.0f}/s  "
        f"median {percentile(times, 0.5) * 1e6:>8.1f} us  "
        f"p95 {percentile(times, 0.95) * 1e6:>8.1f} us  "
        f"p99.9 {percentile(times, 0.999) * 1e3:>7.2f} ms  "
        f"max {max(times) * 1e3:>7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, stated
    rng = random.Random(args.seed)
    log(f"building {args.texts:,} texts")
    texts, long = corpus(args.texts, rng)
    words = floor_words()

    def floor(text: str) -> bool:
        lowered = text.lower()
        return any(word in lowered for word in words)

    # Counting the flags is the warm-up pass (compiled patterns, folded characters).
    flagged = sum(detector.check(t).flagged for t in texts)
    print(
        f"Python {platform.python_version()} on {platform.machine()}, one core; "
        f"{len(texts):,} texts ({sum(map(len, texts)):,} characters, {len(long)} long), "
        f"{flagged:,} flagged; floor checks {len(words)} words"
    )
    report("detector.check, all texts", timed(detector.check, texts))
    report("floor: lower() + in, all texts", timed(floor, texts))
    short = [t for t in texts if len(t) < 20_000]
    report("detector.check, under 20,000 chars", timed(detector.check, short))
    report("floor, under 20,000 chars", timed(floor, short))
    if long:
        report("detector.check, long texts", timed(detector.check, long))
        report("floor, long texts", timed(floor, long))


if __name__ == "__main__":
    main()
