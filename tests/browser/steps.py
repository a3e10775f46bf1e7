"""Steps the browser tests are written in: what a person does, in their words."""

from __future__ import annotations

import base64

from django_otp.oath import TOTP
from playwright.sync_api import Locator

from tandem.people.models import User
from tests.browser.tab import Tab
from tests.factories import PASSWORD
from tests.personas import TEST_TOTP_SECRET

NHS_BLUE = "rgb(0, 94, 184)"


def security_code(secret: str = TEST_TOTP_SECRET) -> str:
    """What the persona's authenticator app shows right now."""
    key = base64.b32decode(secret.replace(" ", "").upper())
    return f"{TOTP(key).token():06d}"


def fill_sign_in_form(tab: Tab, email: str, password: str) -> None:
    tab.page.get_by_label("Email address", exact=True).fill(email)
    tab.page.get_by_label("Password", exact=True).fill(password)


def sign_in_with_password(tab: Tab, user: User, password: str = PASSWORD) -> None:
    tab.visit("/sign-in/")
    assert tab.heading() == "Sign in to Tandem"
    fill_sign_in_form(tab, user.email, password)
    tab.submit("Sign in")


def enter_security_code(tab: Tab) -> None:
    assert tab.heading() == "Enter your security code", tab.heading()
    tab.page.get_by_label("Security code", exact=True).fill(security_code())
    tab.submit("Continue")


def sign_in(tab: Tab, user: User) -> None:
    """Sign in through the real form; staff also enter their security code.

    django-otp will not accept the same code twice for one device, so sign each
    member of staff in once per test.
    """
    sign_in_with_password(tab, user)
    if user.is_staff_member:
        enter_security_code(tab)


def sign_out(tab: Tab) -> None:
    tab.follow(tab.page.locator("header").get_by_role("button", name="Sign out"))


def header_background(tab: Tab) -> str:
    return tab.page.locator("header.nhsuk-header").evaluate(
        "(el) => getComputedStyle(el).backgroundColor"
    )


def crisis_link(tab: Tab) -> Locator:
    """The 'Need help now?' link in the bar under the header."""
    return tab.page.get_by_role("region", name="Urgent help").get_by_role(
        "link", name="Need help now?"
    )


def error_summary(tab: Tab) -> Locator:
    return tab.page.locator(".nhsuk-error-summary")


def error_summary_messages(tab: Tab) -> dict[str, str]:
    """Each message in the error summary, with the id of the field it links to."""
    links = error_summary(tab).get_by_role("link")
    return {
        link.inner_text().strip(): (link.get_attribute("href") or "").removeprefix("#")
        for link in links.all()
    }


def field_error(tab: Tab, field_id: str) -> str:
    """The error message shown with the field whose input has ``field_id``."""
    group = tab.page.locator(f".nhsuk-form-group--error:has(#{field_id})").first
    return " ".join(group.locator(".nhsuk-error-message").first.inner_text().split())


def fill_date(tab: Tab, name: str, day: str, month: str, year: str) -> None:
    tab.page.locator(f"#{name}_day").fill(day)
    tab.page.locator(f"#{name}_month").fill(month)
    tab.page.locator(f"#{name}_year").fill(year)


def footer_link(tab: Tab, text: str) -> Locator:
    return tab.page.get_by_role("contentinfo").get_by_role("link", name=text, exact=True)
