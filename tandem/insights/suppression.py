"""Making every figure safe to share (small-number suppression and rounding).

- A count from 1 to 7 is shown as '*'. Zero stays 0.
- Every other count is rounded to the nearest 5 (8 shows as 10, 12 as 10, 13 as 15).
- A rate whose numerator or denominator is suppressed is suppressed too.
- A rate is worked out from the *rounded* counts, so the exact count cannot be
  worked back from a rate and the count beside it. For small groups this makes
  the rate a little rough; the page says so.
- The same goes for the 95% interval around a rate.

Pages, CSV files and the PDF all show ``Shown`` values made here, so what is
exported is what is on the page. The rule is stated on every page
(``RULE_IN_WORDS``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.insights.intervals import wilson

SMALLEST_SHOWN = 8
ROUND_TO = 5
SUPPRESSED = "*"
NO_DENOMINATOR = "\u2013"  # an en dash; nothing to divide by: not a suppression, just no rate

RULE_IN_WORDS = (
    "To keep people from being identified, counts from 1 to 7 are shown as *, other counts "
    "are rounded to the nearest 5, and a rate is not shown (*) when its numerator or "
    "denominator is. Rates are worked out from the rounded counts."
)


def is_suppressed(count: int) -> bool:
    return 0 < count < SMALLEST_SHOWN


def rounded(count: int) -> int | None:
    """The count as it may be shown, or None when it must be suppressed."""
    if count < 0:
        raise ValueError("A count cannot be negative")
    if count == 0:
        return 0
    if is_suppressed(count):
        return None
    # Half-way values cannot happen for whole numbers and a step of 5.
    return ROUND_TO * round(count / ROUND_TO)


@dataclass(frozen=True)
class Shown:
    """One figure as it appears on a page and in a CSV file."""

    text: str
    # The value for charts; None when suppressed or not applicable.
    value: float | None = None
    low: float | None = None
    high: float | None = None

    def __str__(self) -> str:
        return self.text


def count(n: int) -> Shown:
    safe = rounded(n)
    if safe is None:
        return Shown(SUPPRESSED)
    return Shown(f"{safe:,}", float(safe))


def rate(numerator: int, denominator: int, *, interval: bool = False) -> Shown:
    """A percentage, from the rounded counts, to the nearest whole number."""
    top, bottom = rounded(numerator), rounded(denominator)
    if top is None or bottom is None:
        return Shown(SUPPRESSED)
    if bottom == 0:
        return Shown(NO_DENOMINATOR)
    top = min(top, bottom)  # rounding both can put the top above the bottom
    value = 100 * top / bottom
    if not interval:
        return Shown(f"{value:.0f}%", value)
    low, high = wilson(top, bottom)
    return Shown(f"{value:.0f}%", value, 100 * low, 100 * high)


def hours(value: float) -> Shown:
    """Staff hours, to the nearest 5 (team totals: never one person's)."""
    return Shown(
        f"{ROUND_TO * round(value / ROUND_TO):,}", float(ROUND_TO * round(value / ROUND_TO))
    )


def days(value: float | None, *, based_on: int) -> Shown:
    """A median number of days, shown only when the count it rests on is."""
    if value is None or rounded(based_on) in (None, 0):
        return Shown(SUPPRESSED if is_suppressed(based_on) else NO_DENOMINATOR)
    return Shown(f"{value:g}", value)
