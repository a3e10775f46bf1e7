"""Time to video: from the second person opening the call page to both
receiving each other's video, in two headless Chromium pages with fake
cameras and microphones, on loopback.

What it does:

1. drops and re-creates a throwaway PostgreSQL database
   (``tandem_bench_video``), migrates it and makes one call per run (a
   clinician and a service user, both admitted; bench/consult_common.py);
2. starts the app under uvicorn (one process, in-memory channel layer) with
   ``TANDEM_PRODUCTION=0`` so session cookies work over plain HTTP on
   loopback (everything else as in production: DEBUG off, a real secret);
3. for each run, in fresh browser contexts: the clinician opens the call page
   and waits until the socket says nobody else is there; then the clock
   starts, the person opens the call page, and the clock stops when both
   pages show the other's video (a ``<video>`` with a width and frames);
4. prints every run, the median and the slowest.

Run it in a private network namespace so media cannot leave loopback; reach
PostgreSQL through its Unix socket there:

    unshare --net sh -c 'ip link set lo up && exec .venv/bin/python
        bench/consult_time_to_video.py --server-url postgres://postgres@%2Fvar%2Frun%2Fpostgresql'

Timings are printed, never asserted.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from consult_common import make_calls  # noqa: E402
from in_process import log, parser, setup_django  # noqa: E402
from run import (  # noqa: E402
    drop_database,
    environment,
    free_port,
    recreate_database,
    server,
    wait_until_up,
)
from video_browser import CHROMIUM, launch, only_loopback  # noqa: E402

RECEIVING = """() => [...document.querySelectorAll('video[data-peer]')]
  .some((v) => v.videoWidth > 0 && v.readyState >= 2)"""
ALONE = "() => document.getElementById('consult-status').textContent.startsWith('Waiting')"


def main() -> int:
    found = parser(__doc__.splitlines()[0], database="tandem_bench_video")
    found.add_argument("--runs", type=int, default=10)
    args = found.parse_args()
    from playwright.sync_api import sync_playwright

    database_url = f"{args.server_url}/{args.database}"
    recreate_database(args.server_url, args.database)
    try:
        setup_django(database_url)
        calls = make_calls(args.runs, prefix="video")
        with tempfile.TemporaryDirectory() as var_dir:
            env = environment(database_url, Path(var_dir))
            env["TANDEM_SECRET_KEY"] = os.environ["TANDEM_SECRET_KEY"]
            env["TANDEM_PRODUCTION"] = "0"
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            with server(env, port, 1) as process, sync_playwright() as playwright:
                wait_until_up(process, port)
                browser = launch(playwright)
                times = []
                for n, call in enumerate(calls, 1):
                    pages = []
                    for cookie in (call.clinician_cookie, call.person_cookie):
                        context = browser.new_context()
                        name, value = cookie.split("=", 1)
                        context.add_cookies([{"name": name, "value": value, "url": base}])
                        pages.append(context.new_page())
                    clinician, person = pages
                    clinician.goto(f"{base}/video/{call.appointment}/call/")
                    clinician.wait_for_function(ALONE, timeout=30_000)
                    started = time.perf_counter()
                    person.goto(f"{base}/video/{call.appointment}/call/", wait_until="commit")
                    person.wait_for_function(RECEIVING, timeout=60_000)
                    clinician.wait_for_function(RECEIVING, timeout=60_000)
                    took = time.perf_counter() - started
                    times.append(took)
                    log(f"run {n}: {1000 * took:.0f} ms")
                    for page in pages:
                        page.context.close()
                browser.close()
        print(
            json.dumps(
                {
                    "runs_ms": [round(1000 * t) for t in times],
                    "median_ms": round(1000 * statistics.median(times)),
                    "slowest_ms": round(1000 * max(times)),
                    "loopback_only": only_loopback(),
                    "machine": f"{os.cpu_count()} cores, {platform.platform()}",
                    "chromium": CHROMIUM,
                }
            )
        )
    finally:
        if not args.keep_db:
            drop_database(args.server_url, args.database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
