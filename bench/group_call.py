"""Group video on Janus: time until every member sees the facilitator, and the
Janus server's CPU per member, for groups of 3 and 6 members (ADR 0054).

What it does, for each group size:

1. starts a Janus of Tandem's own on loopback (tandem/groupcall/janus_process.py,
   fresh secrets), makes a private room with a pin through Tandem's control
   API and adds one token per participant, as Tandem's pages do;
2. serves a bare page that joins with janus-gateway's janus.js (the file the
   group call pages use) and opens one headless Chromium page per participant
   with a fake camera and microphone: the facilitator first, then every member
   at once; each publishes 320x240 video and sound, members subscribe to the
   facilitator and the facilitator to every member;
3. reports the time from the members starting to the last member's video of
   the facilitator playing (a frame decoded), and once everyone is receiving,
   Janus's CPU time (utime + stime from /proc/<pid>/stat) over ``--seconds``,
   as a share of one core and per member.

Timings are printed, never asserted. Chromium and Janus share the machine;
read the CPU per member as a guide for sizing, not a production figure.

    .venv/bin/python bench/group_call.py [--sizes 3,6] [--seconds 10]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from video_browser import launch  # noqa: E402

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="adapter.js"></script><script src="janus.js"></script></head><body><script>
const q = new URLSearchParams(location.search);
const c = {server: q.get("server"), token: q.get("token"), room: Number(q.get("room")),
  pin: q.get("pin"), id: Number(q.get("id")),
  watch: q.get("watch").split(",").filter(Boolean).map(Number)};
window.receiving = 0;
function sub(janus, feed) {
  let h; janus.attach({plugin: "janus.plugin.videoroom",
    success: (x) => { h = x; h.send({message: {request: "join", ptype: "subscriber", room: c.room,
      pin: c.pin, feed, token: c.token}}); },
    onmessage: (m, jsep) => { if (jsep) h.createAnswer({jsep, tracks: [{type: "data"}],
      success: (a) => h.send({message: {request: "start", room: c.room}, jsep: a})}); },
    onremotetrack: (track, mid, on) => { if (track.kind !== "video" || !on) return;
      const v = document.createElement("video"); v.muted = true; v.autoplay = true;
      v.srcObject = new MediaStream([track]); document.body.append(v);
      v.addEventListener("loadeddata", () => { window.receiving += 1; }); }});
}
Janus.init({debug: false, callback: () => {
  const janus = new Janus({server: c.server, token: c.token,
  success: () => { let p; janus.attach({plugin: "janus.plugin.videoroom",
    success: (x) => { p = x; p.send({message: {request: "join", ptype: "publisher", room: c.room,
      pin: c.pin, id: c.id, display: "p" + c.id, token: c.token}}); },
    onmessage: (m, jsep) => {
      if (m.videoroom === "joined") { p.createOffer({tracks: [
        {type: "audio", capture: true, recv: false},
        {type: "video", capture: {width: 320, height: 240}, recv: false}],
        success: (j) => p.send({message: {request: "configure", audio: true, video: true},
          jsep: j})});
        window.joined = true; }
      for (const pub of (m.publishers || [])) {
        if (c.watch.includes(pub.id)) sub(janus, pub.id);
      }
      if (jsep) p.handleRemoteJsep({jsep}); }}); }}); }});
</script></body></html>"""
FACILITATOR = 1


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


def one_group(browser, members: int, seconds: float, work: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from tandem.groupcall import janus_process, room_keys
    from tandem.groupcall.janus import Room

    janus = janus_process.start(directory=work / f"janus-{members}")
    httpd, port = serve(work)
    pages = []
    try:
        control = janus.control()
        room = Room(room_id=1, secret=room_keys.room_secret(1), pin=room_keys.room_pin(1))
        control.create_room(room=room, description="bench", publishers=members + 2)
        ids = [FACILITATOR, *range(2, members + 2)]
        tokens = {}
        for pid in ids:
            tokens[pid] = room_keys.participant_token(1, pid)
            control.add_token(tokens[pid])
            control.allow(room=room, token=tokens[pid])

        def url(pid: int, watch: list[int]) -> str:
            return (
                f"http://127.0.0.1:{port}/page.html?server={janus.url}&token={tokens[pid]}"
                f"&room=1&pin={room.pin}&id={pid}&watch={','.join(map(str, watch))}"
            )

        facilitator = browser.new_context().new_page()
        pages.append(facilitator)
        facilitator.goto(url(FACILITATOR, ids[1:]))
        facilitator.wait_for_function("() => window.joined === true", timeout=30_000)
        started = time.perf_counter()
        for pid in ids[1:]:
            page = browser.new_context().new_page()
            page.goto(url(pid, [FACILITATOR]), wait_until="commit")
            pages.append(page)
        for page in pages[1:]:
            page.wait_for_function("() => window.receiving >= 1", timeout=120_000)
        everyone_sees = time.perf_counter() - started
        facilitator.wait_for_function(f"() => window.receiving >= {members}", timeout=120_000)
        before, at = cpu_seconds(janus.process.pid), time.perf_counter()
        time.sleep(seconds)  # a measuring window, not a wait for a state
        used = cpu_seconds(janus.process.pid) - before
        share = used / (time.perf_counter() - at)
        return {
            "members": members,
            "everyone_sees_facilitator_s": round(everyone_sees, 2),
            "janus_cpu_share_of_a_core": round(share, 3),
            "janus_cpu_per_member": round(share / members, 4),
        }
    finally:
        for page in pages:
            page.context.close()
        httpd.shutdown()
        janus.stop()


def main() -> int:
    found = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    found.add_argument("--sizes", default="3,6")
    found.add_argument("--seconds", type=float, default=10.0)
    args = found.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    os.environ.setdefault("TANDEM_SECRET_KEY", "bench-only-" + "x" * 40)
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        work = Path(tmp)
        (work / "page.html").write_text(PAGE)
        shutil.copy(ROOT / "node_modules/janus-gateway/npm/src/janus.js", work)
        shutil.copy(ROOT / "node_modules/webrtc-adapter/out/adapter.js", work)
        browser = launch(playwright)
        for size in (int(s) for s in args.sizes.split(",")):
            results.append(one_group(browser, size, args.seconds, work))
            print(json.dumps(results[-1]), flush=True)
        browser.close()
    print(
        json.dumps(
            {
                "machine": platform.node(),
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg(),
                "results": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
