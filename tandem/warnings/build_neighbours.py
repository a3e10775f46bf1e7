"""Rebuild ``neighbours.npz`` from the committed development sets.

    .venv/bin/python -m tandem.warnings.build_neighbours          # write it
    .venv/bin/python -m tandem.warnings.build_neighbours --check  # compare

The same sets give the same file: the statements are listed in a fixed order
(``statements``) and encoded by the pinned encoder; the vectors are
stored as float16 (2 MB instead of 4; a similarity moves by under 0.002).
``--check`` re-encodes every statement and says whether the shipped file is
what this script produces (the tests check the statements, the fingerprint
and a sample of the vectors, to stay fast).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from tandem.warnings import detector, language, meaning, neighbours

# float16 rounding and the encoder's own last bits, on another CPU.
TOLERANCE = 2e-3


def statements(sources: Sequence[str] = neighbours.SOURCES) -> list[neighbours.Statement]:
    """The labelled statements of ``sources`` (``tests/data``), in a fixed
    order, each text once, by the rules in ``neighbours``' docstring."""
    found: dict[str, neighbours.Statement] = {}
    for name in sources:
        for line in (neighbours.DATA / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = row["text"][: detector.SCAN_LIMIT]
            if language.not_english(text) is not None:
                continue
            if row["label"]:
                whole = text.strip()
                if whole and len(meaning.encoder().token_spans([whole])[0]) <= meaning.WINDOW:
                    found.setdefault(whole, neighbours.Statement(whole, worrying=True))
            else:
                for a, b in meaning.units(text):
                    piece = text[a:b].strip()
                    found.setdefault(piece, neighbours.Statement(piece, worrying=False))
    return list(found.values())


def build() -> tuple[list[neighbours.Statement], meaning.Vectors]:
    found = statements()
    return found, meaning.encoder().encode([s.text for s in found])


def write(found: list[neighbours.Statement], vectors: meaning.Vectors) -> None:
    import numpy as np

    np.savez_compressed(
        neighbours.SHIPPED,
        texts=np.array([s.text for s in found]),
        worrying=np.array([s.worrying for s in found], dtype=bool),
        vectors=vectors.astype(np.float16),
        fingerprint=np.array(neighbours.fingerprint()),
    )


def differences(found: list[neighbours.Statement], vectors: meaning.Vectors) -> list[str]:
    import numpy as np

    shipped = neighbours.shipped()
    problems = []
    if shipped.fingerprint != neighbours.fingerprint():
        problems.append("the development sets changed since the file was built")
    if list(shipped.texts) != [s.text for s in found]:
        problems.append("the statements differ")
    elif list(shipped.worrying) != [s.worrying for s in found]:
        problems.append("the labels differ")
    elif not np.allclose(shipped.vectors, vectors, atol=TOLERANCE):
        problems.append("the vectors differ")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    found, vectors = build()
    worrying = sum(s.worrying for s in found)
    print(f"{len(found)} statements: {worrying} worrying, {len(found) - worrying} ordinary")
    if not args.check:
        write(found, vectors)
        print(f"wrote {neighbours.SHIPPED.name}")
        return 0
    problems = differences(found, vectors)
    for problem in problems:
        print(f"{neighbours.SHIPPED.name}: {problem}; rebuild it", file=sys.stderr)
    if not problems:
        print(f"{neighbours.SHIPPED.name} is what this script produces")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
