"""Cross-set figures for the worrying-words check: the meaning layer votes with
the labelled statements of every development set but one, and is measured on
the one left out. This is the best estimate there is of what a new set will
show, since the shipped file votes with all of them (issue 19, round 4).

For each set left out (held-out sets A, C, D, E and F by default; D is not
voted with at all, so it is measured with every set) it prints recall,
precision and negatives flagged for the phrase list alone, the meaning layer
alone and both layers with the language check, then, for both, the share
flagged by category. The bank itself is the same in every split (it was
extended from set A's misses in round 3, so the split that leaves A out
still flatters A a little).

    .venv/bin/python bench/worrying_words_cross_set.py [--leave-out heldout_a.jsonl ...]

No database, no network. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tandem.warnings import build_neighbours, meaning, neighbours, screen  # noqa: E402


def learned_without(left_out: str) -> neighbours.Learned:
    """The shipped statements, less those only the left-out set gives."""
    import numpy as np

    shipped = neighbours.shipped()
    index = {t: i for i, t in enumerate(shipped.texts)}
    kept = build_neighbours.statements([s for s in neighbours.SOURCES if s != left_out])
    missing = [s.text for s in kept if s.text not in index]
    fresh = dict(zip(missing, meaning.encoder().encode(missing), strict=True)) if missing else {}
    vectors = np.array(
        [shipped.vectors[index[s.text]] if s.text in index else fresh[s.text] for s in kept],
        dtype=np.float32,
    )
    return neighbours.Learned(
        texts=tuple(s.text for s in kept),
        worrying=tuple(s.worrying for s in kept),
        vectors=vectors,
        fingerprint=f"without {left_out}",
    )


def line(name: str, tp: int, fp: int, positives: int, negatives: int) -> str:
    def share(a: int, b: int) -> str:
        return f"{a / b:.1%} ({a}/{b})" if b else "n/a"

    return (
        f"  {name:<9} recall {share(tp, positives):<17} precision {share(tp, tp + fp):<17} "
        f"negatives flagged {share(fp, negatives)}"
    )


def measure(left_out: str) -> None:
    rows = [
        json.loads(x)
        for x in (neighbours.DATA / left_out).read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    learned = learned_without(left_out)
    print(f"{left_out}: {len(rows)} texts; voting with {len(learned.texts)} statements")
    by_category: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for layers in screen.Layers:
        tp = fp = 0
        for row in rows:
            flagged = screen.check(row["text"], layers=layers, learned=learned).flagged
            tp += bool(row["label"]) and flagged
            fp += (not row["label"]) and flagged
            counts = by_category[row.get("category", "(none)")]
            counts["n"] += layers == screen.Layers.BOTH
            counts[str(layers)] += flagged
        positives = sum(1 for r in rows if r["label"])
        print(line(str(layers), tp, fp, positives, len(rows) - positives))
    print("  by category (flagged / n): phrases, meaning, both")
    for category, counts in sorted(by_category.items()):
        print(
            f"    {category:<22} {counts['n']:>3}  {counts['phrases']:>3} "
            f"{counts['meaning']:>3} {counts['both']:>3}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--leave-out",
        nargs="+",
        default=[
            "heldout_c.jsonl",
            "heldout_a.jsonl",
            "heldout_d.jsonl",
            "heldout_e.jsonl",
            "heldout_f.jsonl",
        ],
        # A set not voted with (set D, round 5) is measured with all of them.
        # Only the files directly in data/: never unseen/, set G, held out.
        choices=sorted(p.name for p in neighbours.DATA.glob("*.jsonl")),
    )
    args = parser.parse_args()
    print(f"bank {meaning.BUILT_IN.version}, vote {meaning.BUILT_IN.vote}")
    for left_out in args.leave_out:
        measure(left_out)


if __name__ == "__main__":
    main()
