"""The Wilson score interval for a proportion, used for the 95% intervals drawn
around rates (it behaves well for small groups and rates near 0 or 100%)."""

from __future__ import annotations

import math

Z_95 = 1.959963984540054


def wilson(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """Lower and upper bounds of the interval for ``successes`` out of ``trials``."""
    if trials <= 0:
        raise ValueError("An interval needs at least one trial")
    if not 0 <= successes <= trials:
        raise ValueError("Successes must be between 0 and the number of trials")
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = (z / (1 + z2 / trials)) * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    return max(0.0, centre - half), min(1.0, centre + half)
