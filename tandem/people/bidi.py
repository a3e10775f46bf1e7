"""A figure kept in its own order inside a right-to-left sentence (HAZ-353).

In an Arabic sentence the digit groups of "116 123" or "0113 496 0001" are
laid out right to left, so a person can read "123 116". Wrapped in Unicode's
left-to-right isolate, the figure reads in order wherever the sentence goes: a
page, a letter, a PDF or a text message, where no markup such as <bdi> can.
"""

from __future__ import annotations

from django.utils.translation import get_language_bidi

LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def in_order(figure: str) -> str:
    """``figure`` as it is in a left-to-right language; isolated in a
    right-to-left one."""
    if not figure or not get_language_bidi():
        return figure
    return f"{LEFT_TO_RIGHT_ISOLATE}{figure}{POP_DIRECTIONAL_ISOLATE}"
