"""A date typed as day, month and year: every message names the date it is about,
and shows once in the error summary (linked to the field) and once by the field."""

from __future__ import annotations

import re

import pytest
from django import forms

from tandem.web.forms import DateInputField, error_summary


class Dates(forms.Form):
    date_of_birth = DateInputField(
        label="Date of birth", error_messages={"required": "Enter date of birth"}
    )
    first = DateInputField(label="From", what="the start of the period", required=False)
    review = DateInputField(label="Review by")


def errors_for(**typed: str) -> dict[str, list[str]]:
    data = {
        "date_of_birth_day": "27",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1985",
        "review_day": "1",
        "review_month": "3",
        "review_year": "2027",
        **typed,
    }
    form = Dates(data)
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2"},
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        ({"date_of_birth_day": "31111"}, "date_of_birth", "Date of birth must be a real date"),
        ({"date_of_birth_month": ""}, "date_of_birth", "Date of birth must include a month"),
        (
            {"date_of_birth_year": "85"},
            "date_of_birth",
            "The year in date of birth must include 4 numbers",
        ),
        (
            {"date_of_birth_day": "x"},
            "date_of_birth",
            "Date of birth must be written in numbers, like 27 3 1985",
        ),
        (
            {"first_day": "30", "first_month": "2", "first_year": "2026"},
            "first",
            "The start of the period must be a real date",
        ),
        ({"review_day": "0"}, "review", "Review by must be a real date"),
    ],
)
def test_each_message_names_its_date(typed: dict[str, str], field: str, message: str) -> None:
    assert errors_for(**typed) == {field: [message]}


def test_two_bad_dates_say_which_is_which_once_each_in_the_summary() -> None:
    form = Dates(
        {
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "1985",
            "first_day": "31",
            "first_month": "4",
            "first_year": "2026",
        }
    )
    summary = error_summary(form)
    assert {"text": "Date of birth must be a real date", "href": "#date_of_birth_day"} in summary
    assert {"text": "The start of the period must be a real date", "href": "#first_day"} in summary
    texts = [item["text"] for item in summary]
    assert len(texts) == len(set(texts))


def test_the_period_on_the_insights_page_names_each_bad_date_once_in_each_place(
    client_for, personas
) -> None:
    page = (
        client_for("manager")
        .get(
            "/insights/",
            {
                "first_day": "31",
                "first_month": "2",
                "first_year": "2026",
                "last_day": "31",
                "last_month": "4",
                "last_year": "2026",
            },
        )
        .content.decode()
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Date must be a real date" not in text
    # Once in the error summary, once by its own field.
    assert text.count("The start of the period must be a real date") == 2
    assert text.count("The end of the period must be a real date") == 2
    assert 'href="#first_day"' in page and 'href="#last_day"' in page
