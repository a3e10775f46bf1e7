"""What the video benchmarks share: headless Chromium with a fake camera and
microphone (bench/consult_time_to_video.py, browser to browser, and
bench/group_call.py, through Janus), and whether media can leave loopback.
"""

from __future__ import annotations

import socket
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
]


def launch(playwright: Any) -> Any:
    """One Chromium for every page of a run: each page gets its own fake devices."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def only_loopback() -> bool:
    """True inside a private network namespace where 'lo' is the only interface."""
    # Read from the kernel for this network namespace (/sys may show the host's).
    return {name for _, name in socket.if_nameindex()} == {"lo"}
