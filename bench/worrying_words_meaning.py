"""Time both worrying-words layers and the language check on one core, and
the memory they add.

No database and no Django. What it does:

1. pins itself to one core (``os.sched_setaffinity``) and sets onnxruntime to
   one thread (``tandem.warnings.meaning`` always does);
2. reads the process's resident memory, loads the encoder, the bank and the
   language detector (``screen.check`` on one text), and reads it again: the
   difference is the extra memory the layers cost, with the load time;
3. checks the development texts (labelled, old held-out, dev, the routine
   corpus: about 1,500 messages of a few words to a few sentences), and 100
   long messages of 5,000 characters (the most a message may hold), once to
   warm up and then timed one at a time: ``screen.check`` (both layers and
   the language check), the phrase list alone (``detector.check``), and the
   floor, one encoder call on the whole text, the least any sentence-encoder
   check must do;
4. prints messages a second, median, 95th and 99th percentile and the
   slowest, for each, and the ratio of the whole check to the floor.

Timings are printed, never asserted.

    .venv/bin/python bench/worrying_words_meaning.py [--long 100] [--seed 19]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import log, percentile  # noqa: E402

DATA = ROOT / "tandem" / "warnings" / "tests" / "data"
SETS = ("labelled.jsonl", "heldout.jsonl", "dev.jsonl", "routine.jsonl")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def texts(long: int, seed: int) -> tuple[list[str], list[str]]:
    short = [
        json.loads(line)["text"]
        for name in SETS
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    longs = []
    for _ in range(long):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 5_000:
            parts.append(rng.choice(short))
        longs.append(" ".join(parts)[:5_000])
    return short, longs


def timed(check: Callable[[str], object], items: list[str]) -> list[float]:
    for text in items[:50]:
        check(text)
    out = []
    for text in items:
        start = time.perf_counter()
        check(text)
        out.append(time.perf_counter() - start)
    return out


def report(name: str, seconds: list[float]) -> float:
    total = sum(seconds)
    p95 = percentile(seconds, 0.95)
    log(
        f"{name:<34} {len(seconds) / total:>8,.0f} msg/s  median "
        f"{percentile(seconds, 0.5) * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms  p99 "
        f"{percentile(seconds, 0.99) * 1000:6.2f} ms  slowest {max(seconds) * 1000:6.1f} ms"
    )
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=int, default=100)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument(
        "--smoke", action="store_true", help="a tiny run (20 short texts), to prove it works"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    log(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    short, longs = texts(args.long, args.seed)
    if args.smoke:
        short = short[:20]

    before = rss_mb()
    from tandem.warnings import detector, meaning, screen

    start = time.perf_counter()
    screen.check("I have found somewhere high enough to jump from")
    loaded = time.perf_counter() - start
    after = rss_mb()
    log(f"load: {loaded:.2f} s; resident memory {before:.0f} MB -> {after:.0f} MB")
    log(f"extra memory for both layers and the language check: {after - before:.0f} MB")

    encoder = meaning.encoder()
    log(f"{len(short)} development texts, {len(longs)} texts of 5,000 characters, one core")
    both = report("both layers + language", timed(screen.check, short))
    phrases = report("phrase list alone", timed(detector.check, short))
    floor = report("floor: one encoder call", timed(lambda t: encoder.encode([t]), short))
    both_long = report("both layers, 5,000 characters", timed(screen.check, longs))
    log(f"p95 ratio to the floor: short {both / floor:.1f}x")
    log(f"phrase list: p95 {phrases * 1000:.2f} ms; long p95 {both_long * 1000:.1f} ms")
    log(f"resident memory at the end: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
