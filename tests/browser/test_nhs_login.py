"""'Continue with NHS login' in a real browser, through a local OpenID provider
that signs real tokens (tests/oidc_provider.py), to the person's home page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.oidc_provider import Provider, running_provider
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(personas: Personas, live_server) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    with running_provider() as running:
        running.person = {
            "nhs_number": personas.su.nhs_number,
            "birthdate": personas.su.date_of_birth.isoformat(),
            "identity_proofing_level": "P9",
        }
        callback = f"{live_server.url}/account/nhs-login/callback/"
        with override_settings(TANDEM_NHS_LOGIN=running.settings(redirect_uri=callback)):
            yield running


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_service_user_continues_with_nhs_login_to_their_home_page(
    open_tab: OpenTab, provider: Provider, javascript: bool
) -> None:
    # Given Sam on the sign-in page of a service that has set up NHS login
    tab = open_tab(javascript=javascript)
    tab.allow_origin(provider.base_url)
    tab.visit("/sign-in/")

    # When Sam presses 'Continue with NHS login' (the NHS blue login button)
    # and NHS login vouches for them
    button = tab.page.get_by_role("button", name="Continue with NHS login")
    assert button.evaluate("(b) => getComputedStyle(b).backgroundColor") == steps.NHS_BLUE
    tab.follow(button)

    # Then Sam lands on their own home page, signed in
    assert tab.page.url == tab.url("/me/")
    assert tab.heading() == "Hello Sam"
    assert len(provider.nonces_seen) == 1
