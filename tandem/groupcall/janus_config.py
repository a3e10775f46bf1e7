"""Janus's configuration, written into a directory of Tandem's own at start-up.

Tandem never uses the system service or /etc/janus: the configuration here
loads only the VideoRoom plugin and the HTTP transport, listens on loopback,
needs the API secret (for Tandem's server) or a token (for a participant) for
every request, the admin secret for the admin API, and the VideoRoom
``admin_key`` to create a room, so only Tandem's server can make rooms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PLUGINS_DIR = Path("/usr/lib/x86_64-linux-gnu/janus")
# Everything Debian ships that Tandem does not use stays switched off.
UNUSED_PLUGINS = (
    "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,"
    "libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,"
    "libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
)
UNUSED_TRANSPORTS = (
    "libjanus_websockets.so,libjanus_mqtt.so,libjanus_nanomsg.so,"
    "libjanus_pfunix.so,libjanus_rabbitmq.so"
)


@dataclass(frozen=True)
class JanusSettings:
    http_port: int
    admin_port: int
    api_secret: str
    admin_secret: str
    admin_key: str
    # Origins whose pages may call the Janus API from the browser (CORS).
    allow_origin: str = "*"
    # Where media is offered: the interfaces browsers can reach.
    rtp_ports: str = "20000-20999"
    debug_level: int = 3


def _quote(value: str) -> str:
    if '"' in value or "\\" in value or "\n" in value:
        raise ValueError("Janus configuration values cannot hold quotes or backslashes")
    return f'"{value}"'


def write(*, directory: Path, conf: JanusSettings) -> Path:
    """Write the configuration files; returns the path of janus.jcfg."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    files = {
        "janus.jcfg": f"""general: {{
    configs_folder = {_quote(str(directory))}
    plugins_folder = {_quote(str(PLUGINS_DIR / "plugins"))}
    transports_folder = {_quote(str(PLUGINS_DIR / "transports"))}
    events_folder = {_quote(str(PLUGINS_DIR / "events"))}
    loggers_folder = {_quote(str(PLUGINS_DIR / "loggers"))}
    debug_level = {conf.debug_level}
    admin_secret = {_quote(conf.admin_secret)}
    api_secret = {_quote(conf.api_secret)}
    token_auth = true
    session_timeout = 60
    server_name = "Tandem group calls"
}}
media: {{
    rtp_port_range = {_quote(conf.rtp_ports)}
}}
nat: {{
    ice_ignore_list = "vmnet"
}}
plugins: {{
    disable = {_quote(UNUSED_PLUGINS)}
}}
transports: {{
    disable = {_quote(UNUSED_TRANSPORTS)}
}}
loggers: {{
    disable = "libjanus_jsonlog.so"
}}
events: {{
    broadcast = false
}}
""",
        "janus.transport.http.jcfg": f"""general: {{
    json = "plain"
    base_path = "/janus"
    http = true
    port = {conf.http_port}
    ip = "127.0.0.1"
    https = false
}}
admin: {{
    admin_base_path = "/admin"
    admin_http = true
    admin_port = {conf.admin_port}
    admin_ip = "127.0.0.1"
    admin_https = false
}}
cors: {{
    allow_origin = {_quote(conf.allow_origin)}
}}
""",
        # No room is configured here: every room is made by Tandem for one session.
        "janus.plugin.videoroom.jcfg": f"""general: {{
    admin_key = {_quote(conf.admin_key)}
    lock_rtp_forward = true
}}
""",
    }
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600)
    return directory / "janus.jcfg"
