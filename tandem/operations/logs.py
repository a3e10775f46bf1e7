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

from tandem.audit import context

JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


class RequestIdFilter(logging.Filter):
    """Put the current request id (empty outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current_request_id()
        return True
