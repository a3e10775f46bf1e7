"""A database that cannot be reached is a 503 that says to try again, with the
crisis numbers (ADR 0046, HAZ-261); any other failure stays a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from tandem.web.views import server_error


def test_a_database_that_cannot_be_reached_is_a_503_with_the_crisis_numbers(
    rf: RequestFactory,
) -> None:
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "116 123" in page and "999" in page
    assert "Nothing you entered has been saved half-way." in page


@pytest.mark.parametrize("error", [ValueError("a bug"), None])
def test_any_other_failure_is_still_a_500(rf: RequestFactory, error: Exception | None) -> None:
    if error is None:
        response = server_error(rf.get("/"))
    else:
        try:
            raise error
        except ValueError:
            response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
