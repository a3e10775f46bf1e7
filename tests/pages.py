"""Comparing two pages for 'looks exactly the same' (the same 404 for missing
and not yours, the same page for every dead link)."""

from __future__ import annotations

import re

from django.http import HttpResponse

# What a page rightly changes on every request: the CSRF token in its forms and
# the Content-Security-Policy nonce on its inline script (ADR 0023). Everything
# else must match byte for byte, or the difference tells a prober something.
PER_REQUEST = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce=")[^"]*"')


def same_page_text(response: HttpResponse) -> str:
    """The page's HTML with its per-request tokens blanked out."""
    return PER_REQUEST.sub(r'\1"', response.content.decode())
