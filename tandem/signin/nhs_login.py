"""NHS login, the OpenID Connect client (ADR 0031).

Authlib does the protocol: the state and nonce kept in the session and checked
on return, PKCE (S256), the ID token's signature checked against the
provider's published keys, and its issuer, audience, expiry and nonce. This
module only builds the client from settings and reads the two claims Tandem
matches people by. Nothing here decides who signs in: that is
``services.sign_in_with_nhs_login``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from joserfc.errors import JoseError

from tandem.errors import NOT_FOUND

# NHS login vouches for the NHS number only when identity is checked to P9.
CHECKED_LEVEL = "P9"
# Everything that means "NHS login did not give us a person we can trust":
# a refusal or error sent back, a state that is not ours (or used already),
# a token whose signature, issuer, audience, expiry or nonce is wrong, or the
# provider unreachable.
FAILURES = (OAuthError, JoseError, requests.RequestException, ValueError)


class NotConfigured(Http404):
    pass


@dataclass(frozen=True)
class Claims:
    """What NHS login says about the person, after the token was verified."""

    subject: str
    nhs_number: str
    birthdate: dt.date | None
    proofing_level: str


def settings_or_404() -> dict[str, Any]:
    """NHS login's settings; without them its pages do not exist."""
    config: dict[str, Any] | None = settings.TANDEM_NHS_LOGIN
    if not config:
        raise NotConfigured(NOT_FOUND)
    return config


def _client_for(config: dict[str, Any]) -> DjangoOAuth2App:
    private_key = config["private_key"]
    client_kwargs: dict[str, Any] = {
        "scope": config["scopes"],
        "code_challenge_method": "S256",
        "token_endpoint_auth_method": "private_key_jwt" if private_key else "client_secret_post",
        "default_timeout": 10,
    }
    return DjangoOAuth2App(
        DjangoIntegration("nhs_login"),
        name="nhs_login",
        client_id=config["client_id"],
        # Authlib signs the client assertion with the "secret" when it is a key.
        client_secret=private_key or config["client_secret"],
        server_metadata_url=config["discovery_url"],
        client_kwargs=client_kwargs,
        client_auth_methods=[PrivateKeyJWT()] if private_key else None,
    )


@cache
def _cached_client(frozen: tuple[tuple[str, Any], ...]) -> DjangoOAuth2App:
    # One client per configuration, so the discovery document and keys are
    # fetched once per process rather than on every sign-in.
    return _client_for(dict(frozen))


def client() -> DjangoOAuth2App:
    return _cached_client(tuple(sorted(settings_or_404().items())))


def start(request: HttpRequest) -> HttpResponse:
    """Send the browser to NHS login, remembering state, nonce and PKCE verifier."""
    config = settings_or_404()
    response: HttpResponse = client().authorize_redirect(
        request, config["redirect_uri"], vtr=config["vtr"]
    )
    return response


def finish(request: HttpRequest) -> Claims:
    """Check what came back and return the verified claims, or raise one of FAILURES."""
    app = client()
    config = settings_or_404()
    metadata = app.load_server_metadata()
    token = app.authorize_access_token(
        request,
        claims_options={
            "iss": {"essential": True, "value": metadata["issuer"]},
            "aud": {"essential": True, "value": config["client_id"]},
            "exp": {"essential": True},
        },
        leeway=60,
    )
    id_token = token.get("userinfo")
    if not id_token:
        raise OAuthError(description="No ID token came back")
    # NHS login gives the NHS number and date of birth from its userinfo
    # endpoint; OpenID Connect says its subject must match the ID token's.
    userinfo = app.userinfo(token=token)
    if userinfo.get("sub") != id_token["sub"]:
        raise OAuthError(description="The userinfo is about someone else")
    claims = {**id_token, **userinfo}
    return Claims(
        subject=str(id_token["sub"]),
        nhs_number=str(claims.get("nhs_number") or "").replace(" ", ""),
        birthdate=_date(claims.get("birthdate")),
        proofing_level=str(claims.get("identity_proofing_level") or ""),
    )


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
