"""A local stand-in for GOV.UK Notify, for tests, the demo and benchmarks.

Speaks enough of Notify's v2 API for ``notifications-python-client``: sending
SMS, email and letters, fetching one notification, and listing them filtered
by ``reference``. It checks the client's JWT bearer token against the API
key's secret, as Notify does, and keeps everything in memory.

Every template is treated as ``((subject))`` / ``((body))``: the text comes in
the personalisation, which is how Tandem uses Notify (see ``templates.py``).

Ways to make it fail, so tests and the demo can show what Tandem does:

- a phone number ending ``999``, or an email address starting
  ``permanent-failure``, is accepted but reported as ``permanent-failure``;
- a phone number ending ``998``, or an email address starting ``rejected``,
  is refused with a 400 ``BadRequestError``;
- ``POST /_fake/fail-next`` with ``{"count": n, "status": 500}`` makes the
  next *n* sends answer with that status (a temporary failure); status 429
  answers as Notify does when a service goes over its rate limit;
- ``--rate-limit N`` (``Store.rate_limit``) refuses sends with Notify's 429
  ``RateLimitError`` once more than *N* were accepted in the last 60 seconds
  (Notify allows 3,000 a minute per service);
- ``GET /_fake/notifications`` lists everything received,
  ``GET /_fake/stats`` counts it (and the sends refused with 429) and
  ``DELETE /_fake/notifications`` forgets it.

Run it with ``python -m tandem.notify.fake_notify --port 6011``; the API key
comes from ``--api-key`` or ``TANDEM_NOTIFY_API_KEY``. It listens on the
loopback interface only and is never for production.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

# A synthetic key in Notify's format: name-<service id>-<secret>. Never a real one.
DEFAULT_API_KEY = (
    "tandem_local-11111111-1111-4111-8111-111111111111-22222222-2222-4222-8222-222222222222"
)
DELIVERED = {"sms": "delivered", "email": "delivered", "letter": "received"}
# Notify's own words when a service sends faster than its limit allows.
RATE_LIMITED = "Exceeded rate limit for key type LIVE of {limit} requests per 60 seconds"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def split_key(api_key: str) -> tuple[str, str]:
    """Service id and secret, as the client takes them from the key."""
    return api_key[-73:-37], api_key[-36:]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store:
    """What the fake has received. Shared by the server's threads."""

    def __init__(self, deliver_after: float = 0.0) -> None:
        self.lock = threading.Lock()
        self.notifications: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.fail_next: list[int] = []
        self.deliver_after = deliver_after
        # Sends accepted a minute at most; None means no limit.
        self.rate_limit: int | None = None
        self.accepted_at: deque[float] = deque()
        self.refused = 0  # sends answered 429

    def reset(self) -> None:
        with self.lock:
            self.notifications.clear()
            self.order.clear()
            self.fail_next.clear()
            self.accepted_at.clear()
            self.refused = 0
            self.rate_limit = None

    def over_limit(self) -> bool:
        """Count one send against the last 60 seconds; True if it is one too many.
        Call with the lock held."""
        if self.rate_limit is None:
            return False
        now = time.monotonic()
        while self.accepted_at and self.accepted_at[0] <= now - 60:
            self.accepted_at.popleft()
        if len(self.accepted_at) >= self.rate_limit:
            self.refused += 1
            return True
        self.accepted_at.append(now)
        return False

    def all(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(self.notifications[i]) for i in self.order]

    def stats(self) -> dict[str, int]:
        """Counts only, cheap to poll while thousands arrive (the benchmarks)."""
        with self.lock:
            references = [self.notifications[i]["reference"] for i in self.order]
            return {
                "received": len(references),
                "references": len(set(references)),
                "refused": self.refused,
            }

    def by_reference(self, reference: str) -> list[dict[str, Any]]:
        return [n for n in self.all() if n["reference"] == reference]

    def status_of(self, item: dict[str, Any]) -> str:
        if item["outcome"] != "delivered":
            return str(item["outcome"])
        if time.monotonic() - item["received"] < self.deliver_after:
            return "sending" if item["type"] != "letter" else "accepted"
        return DELIVERED[item["type"]]


def _outcome(kind: str, recipient: str) -> str | None:
    """The simulated result for a recipient; None means refuse the request."""
    if kind == "sms":
        digits = re.sub(r"\D", "", recipient)
        if digits.endswith("998"):
            return None
        return "permanent-failure" if digits.endswith("999") else "delivered"
    if kind == "email":
        if recipient.startswith("rejected"):
            return None
        if recipient.startswith("permanent-failure"):
            return "permanent-failure"
        if recipient.startswith("temporary-failure"):
            return "temporary-failure"
    return "delivered"


class Handler(BaseHTTPRequestHandler):
    server: FakeNotifyServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the second
    # waits for the client's delayed ACK (about 40 ms) on every kept-alive request,
    # a stall of this fake's making that real Notify does not have.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    # --- plumbing -------------------------------------------------------------------

    def _send(self, status: int, body: dict[str, Any] | list[Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, error: str, message: str) -> None:
        self._send(
            status, {"status_code": status, "errors": [{"error": error, "message": message}]}
        )

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if not length:
            return {}
        loaded = json.loads(self.rfile.read(length) or b"{}")
        return loaded if isinstance(loaded, dict) else {}

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            self._error(401, "AuthError", "Unauthorized: authentication token must be provided")
            return False
        token = header.removeprefix("Bearer ").strip()
        service_id, secret = split_key(self.server.api_key)
        try:
            if get_token_issuer(token) != service_id:
                raise TokenError("Invalid token: service id not found")
            decode_jwt_token(token, secret)
        except TokenError as error:
            self._error(403, "AuthError", error.message)
            return False
        return True

    # --- verbs -----------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/_fake/notifications":
            self._send(200, self.server.store.all())
            return
        if url.path == "/_fake/stats":
            self._send(200, self.server.store.stats())
            return
        if not self._authorised():
            return
        if url.path.rstrip("/") == "/v2/notifications":
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            self._send(200, self._list(query))
            return
        match = re.fullmatch(r"/v2/notifications/([^/]+)", url.path)
        if match:
            item = self.server.store.notifications.get(match.group(1))
            if item is None:
                self._error(404, "NoResultFound", "No result found")
                return
            self._send(200, self._public(item))
            return
        self._error(404, "NotFound", "Not found")

    def do_DELETE(self) -> None:
        if urlsplit(self.path).path == "/_fake/notifications":
            self.server.store.reset()
            self._send(200, {"ok": True})
            return
        self._error(404, "NotFound", "Not found")

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        try:
            body = self._body()
        except json.JSONDecodeError:
            self._error(400, "BadRequestError", "Invalid JSON")
            return
        if path == "/_fake/fail-next":
            count, status = int(body.get("count", 1)), int(body.get("status", 500))
            with self.server.store.lock:
                self.server.store.fail_next.extend([status] * count)
            self._send(200, {"ok": True})
            return
        if not self._authorised():
            return
        match = re.fullmatch(r"/v2/notifications/(sms|email|letter)", path)
        if not match:
            self._error(404, "NotFound", "Not found")
            return
        store = self.server.store
        with store.lock:
            forced = store.fail_next.pop(0) if store.fail_next else None
            limited = forced is None and store.over_limit()
            if forced == 429:
                store.refused += 1
        if forced == 429 or limited:
            self._error(429, "RateLimitError", RATE_LIMITED.format(limit=store.rate_limit or 3000))
            return
        if forced is not None:
            self._error(forced, "Exception", "Internal server error (simulated)")
            return
        self._create(match.group(1), body)

    # --- Notify's behaviour ----------------------------------------------------------

    def _create(self, kind: str, body: dict[str, Any]) -> None:
        template_id = str(body.get("template_id", ""))
        if not UUID_RE.match(template_id):
            self._error(400, "ValidationError", "template_id is not a valid UUID")
            return
        personalisation = body.get("personalisation") or {}
        if not isinstance(personalisation, dict):
            self._error(400, "ValidationError", "personalisation must be an object")
            return
        recipient = ""
        if kind == "sms":
            recipient = str(body.get("phone_number", ""))
        elif kind == "email":
            recipient = str(body.get("email_address", ""))
        else:
            lines = [str(personalisation.get(f"address_line_{n}", "")).strip() for n in range(1, 8)]
            lines = [line for line in lines if line]
            if len(lines) < 2:
                self._error(400, "ValidationError", "Address must be at least 2 lines")
                return
            recipient = " / ".join(lines)
        if not recipient:
            self._error(400, "ValidationError", f"{kind} recipient is a required property")
            return
        outcome = _outcome(kind, recipient)
        if outcome is None:
            self._error(400, "BadRequestError", f"Not a valid {kind} recipient")
            return
        notification_id = str(uuid.uuid4())
        item = {
            "id": notification_id,
            "reference": body.get("reference"),
            "type": kind,
            "recipient": recipient,
            "template_id": template_id,
            "subject": str(personalisation.get("subject", "")),
            "body": str(personalisation.get("body", "")),
            "personalisation": personalisation,
            "created_at": _now(),
            "received": time.monotonic(),
            "outcome": outcome,
        }
        store = self.server.store
        with store.lock:
            store.notifications[notification_id] = item
            store.order.append(notification_id)
        if self.server.reply_delay:
            # Notify has it but the caller does not know yet: the window in which
            # a killed worker must not cause a second send (bench/notify_crash.py).
            time.sleep(self.server.reply_delay)
        content: dict[str, Any] = {"body": item["body"]}
        if kind == "sms":
            content["from_number"] = "Tandem"
        else:
            content["subject"] = item["subject"]
        if kind == "email":
            content["from_email"] = "tandem.local@notifications.service.gov.uk"
        self._send(
            201,
            {
                "id": notification_id,
                "reference": item["reference"],
                "content": content,
                "uri": f"/v2/notifications/{notification_id}",
                "template": {"id": template_id, "version": 1, "uri": f"/v2/template/{template_id}"},
                "scheduled_for": None,
            },
        )

    def _public(self, item: dict[str, Any]) -> dict[str, Any]:
        status = self.server.store.status_of(item)
        finished = status not in ("created", "sending", "accepted", "pending")
        return {
            "id": item["id"],
            "reference": item["reference"],
            "type": item["type"],
            "status": status,
            "email_address": item["recipient"] if item["type"] == "email" else None,
            "phone_number": item["recipient"] if item["type"] == "sms" else None,
            "line_1": item["recipient"].split(" / ")[0] if item["type"] == "letter" else None,
            "template": {"id": item["template_id"], "version": 1, "uri": ""},
            "body": item["body"],
            "subject": item["subject"] or None,
            "created_at": item["created_at"],
            "sent_at": item["created_at"],
            "completed_at": _now() if finished else None,
        }

    def _list(self, query: dict[str, str]) -> dict[str, Any]:
        items = list(reversed(self.server.store.all()))  # newest first, as Notify
        if reference := query.get("reference"):
            items = [i for i in items if i["reference"] == reference]
        if kind := query.get("template_type"):
            items = [i for i in items if i["type"] == kind]
        if older_than := query.get("older_than"):
            ids = [i["id"] for i in items]
            items = items[ids.index(older_than) + 1 :] if older_than in ids else []
        public = [self._public(i) for i in items]
        if status := query.get("status"):
            public = [p for p in public if p["status"] == status]
        page = public[:250]
        links = {"current": "/v2/notifications"}
        if len(public) > 250:
            links["next"] = f"/v2/notifications?older_than={page[-1]['id']}"
        return {"notifications": page, "links": links}


class FakeNotifyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        port: int = 0,
        *,
        api_key: str = DEFAULT_API_KEY,
        deliver_after: float = 0.0,
        reply_delay: float = 0.0,
        rate_limit: int | None = None,
        verbose: bool = False,
    ) -> None:
        # Loopback only: this must never be reachable from another machine.
        super().__init__(("127.0.0.1", port), Handler)
        self.api_key = api_key
        self.reply_delay = reply_delay
        self.store = Store(deliver_after=deliver_after)
        self.store.rate_limit = rate_limit
        self.verbose = verbose

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def running(
    *, api_key: str = DEFAULT_API_KEY, deliver_after: float = 0.0
) -> Iterator[FakeNotifyServer]:
    """A fake on a free loopback port, served from a thread until the block ends."""
    server = FakeNotifyServer(0, api_key=api_key, deliver_after=deliver_after)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A local fake of GOV.UK Notify (loopback only)")
    parser.add_argument("--port", type=int, default=6011)
    parser.add_argument(
        "--api-key", default=os.environ.get("TANDEM_NOTIFY_API_KEY") or DEFAULT_API_KEY
    )
    parser.add_argument(
        "--deliver-after",
        type=float,
        default=0.0,
        help="seconds before a notification reports delivered (default 0)",
    )
    parser.add_argument(
        "--reply-delay",
        type=float,
        default=0.0,
        help="seconds between storing a notification and answering (default 0)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=None,
        help="sends accepted a minute before answering 429, as Notify does (default no limit)",
    )
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    server = FakeNotifyServer(
        args.port,
        api_key=args.api_key,
        deliver_after=args.deliver_after,
        reply_delay=args.reply_delay,
        rate_limit=args.rate_limit,
        verbose=args.verbose,
    )
    print(f"Fake GOV.UK Notify listening on {server.base_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
