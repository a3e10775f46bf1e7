"""'Continue with NHS login' against a local OpenID provider that signs real
tokens (tests/oidc_provider.py): the person is matched by NHS number and date
of birth together, and anything that does not check out signs nobody in."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client, override_settings
from django.urls import reverse
from joserfc.jwk import RSAKey

from tandem.audit.models import Action, AuditEvent
from tandem.signin.services import NhsLoginRefusal, nhs_login_refusal_for
from tests import factories
from tests.oidc_provider import Provider, running_provider
from tests.personas import Personas

CALLBACK = "http://testserver/account/nhs-login/callback/"
REFUSED = "We could not sign you in with NHS login"


@pytest.fixture
def provider(personas: Personas) -> Iterator[Provider]:
    with running_provider() as running:
        running.person = {
            "nhs_number": personas.su.nhs_number,
            "birthdate": personas.su.date_of_birth.isoformat(),
            "identity_proofing_level": "P9",
            "given_name": "Somebody",
            "family_name": "Else",
        }
        with override_settings(TANDEM_NHS_LOGIN=running.settings(redirect_uri=CALLBACK)):
            yield running


def to_provider_and_back(client: Client) -> str:
    """Press 'Continue with NHS login' and come back from the provider: the
    address the browser would be sent to (the callback with code and state)."""
    start = client.get(reverse("account:nhs-login"))
    assert start.status_code == 302
    back = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    url = urlsplit(back.headers["Location"])
    return f"{url.path}?{url.query}"


def sign_in_with_nhs_login(client: Client) -> str:
    """The page the person sees after NHS login: where they were sent, or the refusal."""
    response = client.get(to_provider_and_back(client))
    if response.status_code == 302:
        return str(response["Location"])
    assert response.status_code == 200
    return response.content.decode()


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def last_nhs_login_event() -> AuditEvent:
    return AuditEvent.objects.filter(what__contains="NHS login").latest("id")


def assert_refused(client: Client, page: str, reason: NhsLoginRefusal) -> AuditEvent:
    assert REFUSED in page
    assert "Contact your care team" in page
    assert "999" in page  # crisis help on the same page
    assert signed_in_user_id(client) is None
    event = last_nhs_login_event()
    assert event.action == Action.SIGN_IN_FAILED
    assert event.actor_id is None
    assert event.what.startswith(f"NHS login refused: {reason.value}")
    return event


# --- without settings, nothing shows -------------------------------------------------


@override_settings(TANDEM_NHS_LOGIN=None)
def test_without_settings_there_is_no_button_and_the_addresses_are_404(db: None) -> None:
    client = Client()
    assert "NHS login" not in client.get(reverse("signin:sign-in")).content.decode()
    assert client.get(reverse("account:nhs-login")).status_code == 404
    assert client.get(reverse("account:nhs-login-callback") + "?code=x&state=y").status_code == 404


def test_with_settings_the_sign_in_page_offers_nhs_login(provider: Provider) -> None:
    page = Client().get(reverse("signin:sign-in")).content.decode()
    assert "Continue with NHS login" in page
    assert f'href="{reverse("account:nhs-login")}"' in page
    assert "nhsuk-button--login" in page  # the design system's NHS login button


# --- the person is found ---------------------------------------------------------------


def test_a_service_user_is_matched_by_nhs_number_and_date_of_birth(
    provider: Provider, personas: Personas
) -> None:
    client = Client()
    assert sign_in_with_nhs_login(client) == reverse("people:home")
    assert signed_in_user_id(client) == personas.service_user.pk
    home = client.get(reverse("people:home"), follow=True)
    assert home.redirect_chain[-1][0] == reverse("people:service-user-home")
    assert "Sam" in home.content.decode()
    event = last_nhs_login_event()
    assert (event.action, event.actor_id, event.what) == (
        Action.SIGN_IN,
        personas.service_user.pk,
        "Signed in with NHS login",
    )
    # The request carried a nonce and a PKCE challenge, and asked for P9.
    [asked] = provider.nonces_seen
    assert asked


# --- nobody, or the wrong person, is found -----------------------------------------------


def test_an_nhs_number_that_matches_nobody_signs_nobody_in(provider: Provider) -> None:
    provider.person["nhs_number"] = "9990000026"
    client = Client()
    assert_refused(client, sign_in_with_nhs_login(client), NhsLoginRefusal.NO_MATCH)


def test_a_different_date_of_birth_signs_nobody_in(provider: Provider, personas: Personas) -> None:
    other_day = personas.su.date_of_birth + dt.timedelta(days=1)
    provider.person["birthdate"] = other_day.isoformat()
    client = Client()
    event = assert_refused(client, sign_in_with_nhs_login(client), NhsLoginRefusal.BIRTHDATE)
    assert event.subject_id == personas.su.pk  # the team can see someone tried


def test_two_records_with_the_claimed_nhs_number_sign_nobody_in(personas: Personas) -> None:
    # The database keeps NHS numbers unique, so two records can only come from
    # a future change (or a merge by mistake); the match must still refuse.
    born = personas.su.date_of_birth
    personas.other_su.date_of_birth = born
    refusal, person = nhs_login_refusal_for([personas.su, personas.other_su], birthdate=born)
    assert (refusal, person) == (NhsLoginRefusal.MANY, None)


def test_a_staff_account_never_signs_in_with_nhs_login(
    provider: Provider, personas: Personas
) -> None:
    # A nurse who is also a patient: their staff access needs the authenticator.
    factories.ServiceUserFactory(
        user=personas.clinician, nhs_number="9990000034", date_of_birth=dt.date(1980, 5, 1)
    )
    provider.person.update(nhs_number="9990000034", birthdate="1980-05-01")
    client = Client()
    assert_refused(client, sign_in_with_nhs_login(client), NhsLoginRefusal.STAFF)


def test_a_record_without_an_account_signs_nobody_in(provider: Provider) -> None:
    factories.ServiceUserFactory(nhs_number="9990000042", date_of_birth=dt.date(1990, 2, 3))
    provider.person.update(nhs_number="9990000042", birthdate="1990-02-03")
    client = Client()
    assert_refused(client, sign_in_with_nhs_login(client), NhsLoginRefusal.NO_ACCOUNT)


def test_a_closed_account_signs_nobody_in(provider: Provider, personas: Personas) -> None:
    personas.service_user.is_active = False
    personas.service_user.save(update_fields=["is_active"])
    client = Client()
    assert_refused(client, sign_in_with_nhs_login(client), NhsLoginRefusal.CLOSED)


def test_identity_not_checked_to_p9_signs_nobody_in(provider: Provider) -> None:
    provider.person["identity_proofing_level"] = "P5"
    client = Client()
    assert_refused(client, sign_in_with_nhs_login(client), NhsLoginRefusal.NOT_CHECKED)


# --- the token does not check out --------------------------------------------------------

BAD_TOKENS = {
    "signed with a key that is not NHS login's": (
        lambda p: {"sign_with": RSAKey.generate_key(2048)},
        "BadSignatureError",
    ),
    "for another service": (lambda p: {"aud": "someone-else"}, "aud"),
    "expired": (
        lambda p: {"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600},
        "expired",
    ),
    "from another issuer": (lambda p: {"iss": "https://impostor.example"}, "iss"),
}


@pytest.mark.parametrize("what", BAD_TOKENS)
def test_a_token_that_does_not_check_out_signs_nobody_in(provider: Provider, what: str) -> None:
    mischief, named = BAD_TOKENS[what]
    provider.mischief = mischief(provider)
    client = Client()
    event = assert_refused(client, sign_in_with_nhs_login(client), NhsLoginRefusal.PROVIDER)
    assert named in event.what


def test_a_replayed_nonce_signs_nobody_in(provider: Provider) -> None:
    # A token minted for an earlier sign-in, played back into a new one.
    first = Client()
    sign_in_with_nhs_login(first)
    provider.mischief = {"nonce": provider.nonces_seen[0]}
    client = Client()
    event = assert_refused(client, sign_in_with_nhs_login(client), NhsLoginRefusal.PROVIDER)
    assert "nonce" in event.what


def test_a_replayed_state_signs_nobody_in(provider: Provider, personas: Personas) -> None:
    client = Client()
    callback = to_provider_and_back(client)
    # Someone else's browser given the address (a login CSRF): no state of theirs.
    stranger = Client()
    page = stranger.get(callback).content.decode()
    event = assert_refused(stranger, page, NhsLoginRefusal.PROVIDER)
    assert "MismatchingStateError" in event.what
    # The person's own return works once, and not twice.
    assert client.get(callback).status_code == 302
    assert signed_in_user_id(client) == personas.service_user.pk
    again = Client()
    again.cookies = client.cookies
    assert REFUSED in again.get(callback).content.decode()


def test_a_refusal_from_nhs_login_signs_nobody_in(provider: Provider) -> None:
    client = Client()
    client.get(reverse("account:nhs-login"))
    prefix = "_state_nhs_login_"
    # A session cannot be iterated, only its keys().
    state = next(k for k in client.session.keys() if k.startswith(prefix))  # noqa: SIM118
    state = state.removeprefix(prefix)
    back = reverse("account:nhs-login-callback") + "?error=access_denied&state=" + state
    event = assert_refused(client, client.get(back).content.decode(), NhsLoginRefusal.PROVIDER)
    assert "access_denied" in event.what


@pytest.mark.parametrize("persona", ["anonymous", "service_user", "carer", "clinician"])
def test_with_settings_who_gets_what(provider: Provider, client_for, persona: str) -> None:
    """The access matrix runs without NHS login (404 for all); with it on,
    nobody signed in is sent to NHS login, anyone signed in goes home, and a
    return with no state of theirs is refused for everyone."""
    client = client_for(persona)
    start = client.get(reverse("account:nhs-login"))
    assert start.status_code == 302
    if persona == "anonymous":
        assert start["Location"].startswith(provider.base_url + "/authorize?")
    else:
        assert start["Location"] == reverse("people:home")
    refused = client.get(reverse("account:nhs-login-callback") + "?code=x&state=y")
    assert refused.status_code == 200
    assert REFUSED in refused.content.decode()
