"""'Chrome on Android': a device described in words a person recognises."""

from __future__ import annotations

from functools import lru_cache

from ua_parser import parse

# The parser's names for mobile browsers say 'Mobile' twice over once the
# system is named ('Chrome Mobile on Android'); people know them by the plain name.
_PLAIN = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Mobile Safari": "Safari",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Edge Mobile": "Edge",
    "Samsung Internet": "Samsung Internet",
    "HeadlessChrome": "Chrome",
    "Mac OS X": "Mac",
}


@lru_cache(maxsize=256)
def describe(user_agent: str) -> str:
    """A short description of the browser and system, or 'Unknown device'."""
    if not user_agent.strip():
        return "Unknown device"
    result = parse(user_agent[:1000])
    browser = result.user_agent.family if result.user_agent else ""
    system = result.os.family if result.os else ""
    browser = _PLAIN.get(browser, browser)
    system = _PLAIN.get(system, system)
    if browser and system and browser != "Other" and system != "Other":
        return f"{browser} on {system}"[:100]
    return (browser if browser and browser != "Other" else "Unknown device")[:100]
