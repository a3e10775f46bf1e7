"""Start a Janus of Tandem's own, for the tests, the benchmark and ``make demo``.

The configuration is written fresh into a directory Tandem owns, with new
random secrets each time; the system's Janus service and /etc/janus are never
used. Production runs Janus under its own supervisor with the same files.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tandem.groupcall import janus_config
from tandem.groupcall.janus import JanusControl

JANUS_BINARY = "/usr/bin/janus"
START_SECONDS = 30


def available() -> bool:
    return shutil.which("janus") is not None or Path(JANUS_BINARY).exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class RunningJanus:
    process: subprocess.Popen[bytes]
    conf: janus_config.JanusSettings
    directory: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.conf.http_port}/janus"

    @property
    def admin_url(self) -> str:
        return f"http://127.0.0.1:{self.conf.admin_port}/admin"

    def control(self) -> JanusControl:
        return JanusControl(
            url=self.url,
            admin_url=self.admin_url,
            api_secret=self.conf.api_secret,
            admin_secret=self.conf.admin_secret,
            admin_key=self.conf.admin_key,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(*, directory: Path, allow_origin: str = "*") -> RunningJanus:
    conf = janus_config.JanusSettings(
        http_port=free_port(),
        admin_port=free_port(),
        api_secret=secrets.token_hex(16),
        admin_secret=secrets.token_hex(16),
        admin_key=secrets.token_hex(16),
        allow_origin=allow_origin,
    )
    config_file = janus_config.write(directory=directory, conf=conf)
    log = (directory / "janus.log").open("wb")
    process = subprocess.Popen(
        [JANUS_BINARY, "-C", str(config_file), "-F", str(directory), "-o"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    running = RunningJanus(process=process, conf=conf, directory=directory)
    control = running.control()
    deadline = time.monotonic() + START_SECONDS
    while not control.is_up():
        if process.poll() is not None or time.monotonic() > deadline:
            running.stop()
            raise RuntimeError(f"Janus did not start; see {directory / 'janus.log'}")
        time.sleep(0.1)
    return running
