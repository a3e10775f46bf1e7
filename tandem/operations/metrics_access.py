"""Who may read /metrics: a scraper with the bearer token, or one of the listed
addresses. Neither is on by default, so a fresh install shows its metrics to
no one; anyone else gets the same 404 as a page that does not exist.

Addresses are compared with REMOTE_ADDR, the address that connected to this
process. Behind a reverse proxy on the same host that is the proxy's own
loopback address for every visitor, so list addresses only where the scraper
connects to the app server directly; otherwise use the token (ADR 0045).
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def token_matches(request: HttpRequest) -> bool:
    expected = settings.TANDEM_METRICS_TOKEN
    if not expected:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), expected)


def address_allowed(request: HttpRequest) -> bool:
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.TANDEM_METRICS_ALLOWED_IPS
    )


def may_read_metrics(request: HttpRequest) -> bool:
    return token_matches(request) or address_allowed(request)
