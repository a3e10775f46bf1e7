"""Structured logs: one JSON object a line, each with the request id.

The request id is the one RequestIdMiddleware gives each request (sent back as
X-Request-ID and written on audit rows), so a log line, an audit row and a
person's report of 'it went wrong at 10:32' can be joined up. settings.LOGGING
puts this filter on the console handler and formats with python-json-logger.

Logs must carry no clinical content or message text: Tandem's own log calls
name records by id only, and tandem/operations/tests/test_logs.py runs flows
with worrying words, a diary note and a safety plan and searches the log for them.
"""

from __future__ import annotations

import logging
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from tandem.audit import context

FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}
# Django passes the request to its own log lines; its text form holds the whole
# URL with the query string (a search for support can say something clinical).
LEFT_OUT = [*RESERVED_ATTRS, "request"]


class RequestIdFilter(logging.Filter):
    """Put the request id on every record: the current one, or (for the line
    Django writes about an error response after the middleware has finished)
    the one RequestIdMiddleware gave the request passed with the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = context.current_request_id() or getattr(request, "request_id", "")
        return True


class TandemJsonFormatter(JsonFormatter):
    """One JSON object a line: time, level, logger, message, request id and any
    extra fields a call passes, never the request itself."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", FIELDS)
        kwargs.setdefault("rename_fields", RENAMED)
        kwargs.setdefault("reserved_attrs", LEFT_OUT)
        super().__init__(**kwargs)
