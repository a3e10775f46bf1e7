"""Every response says what the browser may load and use: a Content-Security-Policy
that allows only this origin and nonce-bearing inline script, and a
Permissions-Policy that lets only a video call's pages use the camera and
microphone. Pages, error pages and files under /assets/ alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tandem.consult.tests.helpers import admitted_service_user, video_appointment

pytestmark = pytest.mark.django_db

TANDEM = Path(__file__).resolve().parents[2]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def directives(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def permissions(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


def assert_only_this_origin(response) -> None:  # type: ignore[no-untyped-def]
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):
        # No 'unsafe-inline', no host: this origin, plus the page's nonce if it has one.
        assert policy[name][0] == "'self'"
        assert all(NONCE.fullmatch(source) for source in policy[name][1:]), policy[name]
    # style="" attributes only (see settings): they run nothing and fetch nothing.
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    for name in ("img-src", "font-src", "media-src"):
        assert policy[name] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def assert_no_camera(response) -> None:  # type: ignore[no-untyped-def]
    allowed = permissions(response)
    assert allowed["camera"] == "()"
    assert allowed["microphone"] == "()"
    assert allowed["geolocation"] == "()"


def assert_inline_scripts_carry_the_nonce(response) -> None:  # type: ignore[no-untyped-def]
    (nonce,) = set(NONCE.findall(response["Content-Security-Policy"]))
    inline = [
        attrs
        for attrs in SCRIPT_TAG.findall(response.content.decode())
        if "src=" not in attrs and "application/json" not in attrs
    ]
    assert inline, "the NHS page template has an inline script; it should be here"
    for attrs in inline:
        assert f'nonce="{nonce}"' in attrs, attrs


@pytest.mark.parametrize("path", ["/help/", "/sign-in/", "/accessibility/"])
def test_public_pages_allow_only_this_origin_and_nonced_inline_script(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert_only_this_origin(response)
    assert_inline_scripts_carry_the_nonce(response)
    assert_no_camera(response)


def test_a_signed_in_persons_pages_carry_both_policies(client_for) -> None:  # type: ignore[no-untyped-def]
    sam = client_for("service_user")
    for path in ("/", "/me/details/", "/video/"):
        response = sam.get(path, follow=True)
        assert response.status_code == 200
        assert_only_this_origin(response)
        assert_inline_scripts_carry_the_nonce(response)
        assert_no_camera(response)


def test_each_page_has_its_own_nonce() -> None:
    first, second = Client().get("/help/"), Client().get("/help/")
    assert NONCE.findall(first["Content-Security-Policy"]) != NONCE.findall(
        second["Content-Security-Policy"]
    )


def test_the_video_signalling_socket_may_reach_the_pages_own_host_only() -> None:
    plain = directives(Client().get("/help/"))
    assert plain["connect-src"] == ["'self'", "ws://testserver"]
    secure = directives(Client().get("/help/", secure=True))
    assert secure["connect-src"] == ["'self'", "wss://testserver"]


def test_error_pages_carry_both_policies(client_for) -> None:  # type: ignore[no-untyped-def]
    lee = client_for("clinician")
    missing = lee.get("/appointments/staff/999999/")
    assert missing.status_code == 404
    refused = Client().get("/help/", HTTP_HOST="attacker.example")
    assert refused.status_code == 400
    for response in (missing, refused):
        assert_only_this_origin(response)
        assert_no_camera(response)
    assert_inline_scripts_carry_the_nonce(missing)


def test_the_server_error_page_carries_both_policies(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tandem.web.tests.urls_failing"
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    assert_only_this_origin(response)
    assert_no_camera(response)


def test_files_under_assets_carry_both_policies() -> None:
    # An SVG or HTML file served from /assets/ must not run script either.
    for path in ("/assets/tandem/tandem.css", "/assets/images/favicon.svg"):
        response = Client().get(path)
        assert response.status_code == 200, path
        assert_only_this_origin(response)
        assert_no_camera(response)


def test_stylesheets_fetch_nothing_from_another_origin() -> None:
    """The NHS CSS's web fonts came from the NHS's font host; the build drops
    them (see the Makefile), and no stylesheet may point elsewhere again."""
    elsewhere = re.compile(r"url\(\s*['\"]?\s*(https?:)?//|@import", re.IGNORECASE)
    for path in (
        "/assets/nhsuk-frontend.min.css",
        "/assets/tandem/tandem.css",
        "/assets/consult/call.css",
    ):
        response = Client().get(path)
        assert response.status_code == 200, path
        css = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
        assert not elsewhere.search(css), f"{path} loads from another origin"


def test_camera_and_microphone_only_on_the_device_check_and_the_call(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    appointment = video_appointment(personas)
    sam = client_for("service_user")
    check = sam.get(f"/video/{appointment.pk}/check/")
    assert check.status_code == 200
    assert "Check your camera, microphone and connection" in check.content.decode()

    admitted_service_user(personas, appointment)
    call = sam.get(f"/video/{appointment.pk}/call/")
    assert call.status_code == 200
    lee_call = client_for("clinician").get(f"/video/{appointment.pk}/call/")
    assert lee_call.status_code == 200
    for response in (check, call, lee_call):
        allowed = permissions(response)
        assert allowed["camera"] == "(self)"
        assert allowed["microphone"] == "(self)"
        # Only the camera and microphone: screen sharing and location stay off.
        assert allowed["display-capture"] == "()"
        assert allowed["geolocation"] == "()"
        assert_only_this_origin(response)

    # The lists around a call, and the waiting room, never open the camera.
    for path in ("/video/", f"/video/{appointment.pk}/waiting/"):
        assert_no_camera(sam.get(path))
    assert_no_camera(client_for("clinician").get("/video/waiting-room/"))


# Drawn into PDFs by WeasyPrint on the server, never shown by a browser, so their
# <style> elements need no nonce. A new printed template is added here.
PRINTED = {
    "notify/jinja2/notify/letters.jinja",
    "safety/jinja2/safety/pdf.jinja",
    "record/jinja2/record/export.jinja",
    "insights/jinja2/insights/pdf.jinja",
    "careplans/jinja2/careplans/pdf.jinja",
    # The support pack: its own PDF, and the same body printed after a letter.
    "support/jinja2/support/pack_pdf.jinja",
    "support/jinja2/support/_pack.jinja",
    "support/jinja2/support/_pack_easy.jinja",  # and its easy-read version (ADR 0062)
}
STYLE_TAG = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_templates_have_nothing_inline_that_the_policy_refuses() -> None:
    """A page using any of these would break under the policy: catch it here."""
    problems = []
    for template in sorted(TANDEM.glob("*/jinja2/**/*.jinja")):
        source = template.read_text(encoding="utf-8")
        name = template.relative_to(TANDEM).as_posix()
        for attrs in SCRIPT_TAG.findall(source):
            if "src=" not in attrs and "application/json" not in attrs and "nonce=" not in attrs:
                problems.append(f"{name}: inline <script{attrs}> without a nonce")
        if name not in PRINTED and any("nonce=" not in a for a in STYLE_TAG.findall(source)):
            problems.append(f"{name}: <style> without a nonce (put it in tandem.css)")
        if EVENT_HANDLER.search(source):
            problems.append(f"{name}: inline event handler (listen from a script file)")
        if "javascript:" in source:
            problems.append(f"{name}: javascript: address")
    assert not problems, "\n".join(problems)
