"""Validators for what people type: properties over many generated inputs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.people.validators import (
    nhs_number_check_digit,
    normalise_nhs_number,
    normalise_phone,
    normalise_postcode,
    validate_date_of_birth,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@st.composite
def valid_nhs_numbers(draw: st.DrawFn) -> str:
    first = draw(nine_digits.filter(lambda d: nhs_number_check_digit(d) is not None))
    return first + str(nhs_number_check_digit(first))


@given(valid_nhs_numbers(), st.sampled_from(["{}", "{} {} {}", "{}-{}-{}"]))
def test_valid_nhs_numbers_are_accepted_however_spaced(number, layout):
    typed = (
        layout.format(number)
        if layout == "{}"
        else layout.format(number[:3], number[3:6], number[6:])
    )
    assert normalise_nhs_number(typed) == number


@given(valid_nhs_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_mistake_is_caught(number, position, shift):
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    with pytest.raises(ValidationError):
        normalise_nhs_number(wrong)


@given(valid_nhs_numbers(), st.integers(0, 8))
def test_swapping_two_neighbouring_digits_is_caught(number, i):
    if number[i] == number[i + 1]:
        return
    swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    with pytest.raises(ValidationError):
        normalise_nhs_number(swapped)


@given(st.text(max_size=40))
def test_nhs_number_never_fails_other_than_with_a_message(raw):
    try:
        assert len(normalise_nhs_number(raw)) == 10
    except ValidationError as error:
        assert error.messages[0].startswith("Enter")


def test_known_examples():
    assert normalise_nhs_number("999 000 0018") == "9990000018"
    with pytest.raises(ValidationError, match="10 digits"):
        normalise_nhs_number("12345")
    with pytest.raises(ValidationError, match="valid NHS number"):
        normalise_nhs_number("9990000019")


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_phone_is_e164_or_a_clear_message(raw):
    try:
        assert normalise_phone(raw).startswith("+")
    except ValidationError as error:
        assert "phone number" in error.messages[0]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0113 496 0000", "+441134960000"),
        ("+44 20 7946 0123", "+442079460123"),
        ("020-7946-0123", "+442079460123"),
    ],
)
def test_uk_phone_numbers(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "12", "0113 496", "+44 1134"])
def test_bad_phone_numbers(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


@given(st.text(max_size=20))
def test_postcode_is_formatted_or_refused(raw):
    try:
        value = normalise_postcode(raw)
        assert value == value.upper() and value[-4] == " "
    except ValidationError as error:
        assert "postcode" in error.messages[0]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_date_of_birth_must_be_past_and_plausible(day):
    today = dt.date(2026, 11, 21)
    if day > today:
        with pytest.raises(ValidationError, match="in the past"):
            validate_date_of_birth(day, today=today)
    else:
        validate_date_of_birth(day, today=today)
