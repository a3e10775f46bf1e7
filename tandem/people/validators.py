"""Validators for identifiers people type in: NHS numbers, phones, postcodes, dates."""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers
from django.core.exceptions import ValidationError

NHS_NUMBER_WEIGHTS = range(10, 1, -1)
# Postcode shape only (the Royal Mail file is not bundled); 'GIR 0AA' is the one oddity.
POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$")
OLDEST_PLAUSIBLE_AGE = 130


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None where none is valid."""
    total = sum(int(d) * w for d, w in zip(first_nine, NHS_NUMBER_WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(raw: str) -> str:
    """Return the ten digits of a valid NHS number or raise ValidationError."""
    digits = re.sub(r"[\s-]", "", raw or "")
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(
            "Enter an NHS number with 10 digits, like 485 777 3456", code="nhs_number_length"
        )
    if nhs_number_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            "Enter a valid NHS number. Check you have typed it correctly",
            code="nhs_number_check_digit",
        )
    return digits


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def normalise_phone(raw: str) -> str:
    """Return a UK or international phone number in E.164 or raise ValidationError."""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            "Enter a phone number, like 0113 496 0000 or +44 113 496 0000", code="phone_format"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            "Enter a phone number, like 0113 496 0000 or +44 113 496 0000", code="phone_invalid"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "GB")
    region_format = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, region_format)


def normalise_postcode(raw: str) -> str:
    compact = re.sub(r"\s+", "", (raw or "").upper())
    if not POSTCODE_RE.match(compact):
        raise ValidationError("Enter a full UK postcode, like LS1 4AP", code="postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def validate_date_of_birth(value: dt.date, *, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if value > today:
        raise ValidationError("Date of birth must be in the past", code="dob_future")
    if value.year < today.year - OLDEST_PLAUSIBLE_AGE:
        raise ValidationError(
            f"Date of birth must be after {today.year - OLDEST_PLAUSIBLE_AGE}", code="dob_too_old"
        )
