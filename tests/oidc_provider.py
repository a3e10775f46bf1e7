"""A small OpenID provider for the NHS login tests, on a loopback port.

It signs real ID tokens with an RSA key made for the test, publishes the public
half as its JWKS, checks the client's signed assertion (private_key_jwt) and
PKCE, and answers userinfo the way NHS login does (NHS number, date of birth,
identity proofing level). Each test sets who is signing in (``person``) and,
to test a refusal, what goes wrong (``mischief``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "tandem-test-client"


@dataclass
class Provider:
    base_url: str = ""
    signing_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, auto_kid=True))
    client_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, auto_kid=True))
    # What NHS login says about the person signing in.
    person: dict[str, Any] = field(default_factory=dict)
    # Changes to the ID token's claims ("aud", "exp", "nonce") or "sign_with" a
    # key that is not the published one.
    mischief: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    nonces_seen: list[str] = field(default_factory=list)

    def settings(self, *, redirect_uri: str) -> dict[str, object]:
        """The value of settings.TANDEM_NHS_LOGIN for a client of this provider."""
        return {
            "discovery_url": f"{self.base_url}/.well-known/openid-configuration",
            "client_id": CLIENT_ID,
            "private_key": self.client_key.as_pem(private=True).decode(),
            "client_secret": "",
            "redirect_uri": redirect_uri,
            "scopes": "openid profile",
            "vtr": '["P9.Cp.Cd"]',
        }

    # --- the endpoints ----------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.base_url,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        return KeySet([self.signing_key]).as_dict(private=False)

    def authorize(self, query: dict[str, str]) -> str:
        """Where the browser goes next: back to the client with a code."""
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        return query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        asked = self.codes.pop(form.get("code", ""), None)  # a code works once
        if asked is None or form.get("redirect_uri") != asked["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if challenge.decode() != asked["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        assertion = jwt.decode(form["client_assertion"], self.client_key)
        if not (
            assertion.claims["iss"] == assertion.claims["sub"] == CLIENT_ID
            and assertion.claims["aud"] == f"{self.base_url}/token"
            and assertion.claims["exp"] > time.time()
        ):
            return 401, {"error": "invalid_client"}
        self.nonces_seen.append(asked["nonce"])
        now = int(time.time())
        claims = {
            "iss": self.base_url,
            "sub": self.person.get("sub", "nhs-login-subject"),
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": asked["nonce"],
            **{k: v for k, v in self.mischief.items() if k != "sign_with"},
        }
        key = self.mischief.get("sign_with", self.signing_key)
        header = {"alg": "RS256", "kid": self.signing_key.kid}
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = self.person
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": jwt.encode(header, claims, key),
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        person = self.tokens.get(authorization.removeprefix("Bearer "))
        if person is None:
            return 401, {"error": "invalid_token"}
        return 200, {"sub": "nhs-login-subject", **person}


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _app(provider: Provider) -> Callable[..., list[bytes]]:
    """The provider's five addresses as a WSGI application."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        status, body = 404, {"error": "not_found"}
        if method == "GET" and path == "/authorize":
            start_response("302 Found", [("Location", provider.authorize(query))])
            return [b""]
        if method == "GET" and path == "/.well-known/openid-configuration":
            status, body = 200, provider.discovery()
        elif method == "GET" and path == "/jwks":
            status, body = 200, provider.jwks()
        elif method == "GET" and path == "/userinfo":
            status, body = provider.userinfo(environ.get("HTTP_AUTHORIZATION", ""))
        elif method == "POST" and path == "/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            raw = environ["wsgi.input"].read(length).decode()
            status, body = provider.token({k: v[0] for k, v in parse_qs(raw).items()})
        start_response(
            f"{status} {HTTPStatus(status).phrase}", [("Content-Type", "application/json")]
        )
        return [json.dumps(body).encode()]

    return app


@contextmanager
def running_provider() -> Iterator[Provider]:
    """A provider listening on a free loopback port for as long as the block lasts."""
    provider = Provider()
    server = make_server(
        "127.0.0.1", 0, _app(provider), server_class=_Server, handler_class=_QuietHandler
    )
    provider.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
