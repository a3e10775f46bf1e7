"""Dates as people read them."""

from __future__ import annotations

import datetime as dt

from tandem.carers.text import when

__all__ = ["day", "when"]


def day(value: dt.date | None) -> str:
    """'3 March 2026'."""
    return f"{value:%-d %B %Y}" if value is not None else ""
