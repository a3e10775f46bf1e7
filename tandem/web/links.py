"""Addresses that leave Tandem: links in emails, texts and letters.

Messages are read outside the request that sent them, so the address is built
from ``TANDEM_BASE_URL`` rather than from the incoming request's host.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def full_url(path: str) -> str:
    """``path`` (starting with '/') on the service's public address."""
    return settings.TANDEM_BASE_URL.rstrip("/") + path


def full_url_for(name: str, *args: Any, **kwargs: Any) -> str:
    """The public address of the named URL."""
    return full_url(reverse(name, args=args or None, kwargs=kwargs or None))
