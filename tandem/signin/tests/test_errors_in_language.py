"""A form's errors come in the reader's language: Tandem's own wording from
Tandem's catalogue, and the password rules from Django's, where Django has
them (ADR 0061).

Every error on the carers, invitations and account pages is Tandem's wording
except the password rules (AUTH_PASSWORD_VALIDATORS), which Django words. Django
ships them in Arabic (all but 'too short', whose wording Django 5.2 changed
after its Arabic was written); its Welsh catalogue leaves them untranslated, so
a Welsh reader sees the password rules in English.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tandem.notify.models import Message
from tandem.notify.tests.helpers import set_contact
from tandem.people.models import User
from tandem.signin import services
from tests.factories import PASSWORD
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db


def reading(user: User, language: str) -> Client:
    User.objects.filter(pk=user.pk).update(language=language)
    return sign_in(Client(), user)


def test_a_welsh_carer_is_told_what_is_missing_in_welsh(personas: Personas) -> None:
    client = reading(personas.carer, "cy")
    page = client.post(reverse("invitations:contact-change"), {"new_value": "", "password": ""})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mae problem wedi codi" in text  # 'There is a problem'
    assert "Rhowch eich cyfrinair" in text  # 'Enter your password'
    assert "Dewiswch beth i&#39;w newid" in text  # 'Select what to change'
    assert "Rhowch eich cyfeiriad e-bost neu rif ffôn symudol newydd" in text
    assert "Enter your password" not in text
    personas.carer.refresh_from_db()
    assert personas.carer.check_password(PASSWORD)  # nothing changed


def test_the_same_mistake_reads_english_for_an_english_reader(personas: Personas) -> None:
    client = reading(personas.carer, "en-gb")
    page = client.post(reverse("invitations:contact-change"), {"new_value": "", "password": ""})
    assert "Enter your password" in page.content.decode()


def test_an_arabic_reader_gets_the_password_rules_from_djangos_catalogue(
    personas: Personas,
) -> None:
    set_contact(personas.su, personas.clinician, channels=("sms",), preferred="sms")
    personas.su.phone = "+447700900123"
    personas.su.save()
    assert services.send_reset_link(address="07700 900123")
    link = Message.objects.get(template="password_reset").personalisation["link"]
    found = re.search(r"/account/reset-password/[0-9a-f]{64}/", link)
    assert found is not None
    # Opened on a phone where they are still signed in, reading Arabic.
    client = reading(personas.service_user, "ar")
    common = "q1w2e3r4t5y6"  # long enough, and on Django's list of common passwords
    page = client.post(found.group(0), {"password": common, "password_again": common})
    assert page.status_code == 200
    text = page.content.decode()
    assert "كلمة المرور هذه شائعة جداً." in text  # Django's 'This password is too common.'
    assert "too common" not in text
    personas.service_user.refresh_from_db()
    assert personas.service_user.check_password(PASSWORD)  # nothing saved half-way
