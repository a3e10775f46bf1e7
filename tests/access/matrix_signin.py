"""Access matrix for signing in (issue 17): everyone signed in sees where they
are signed in; the password reset pages are for anyone, signed in or not; the
language page is for service users, carers and anyone not signed in (issue 27)."""

from __future__ import annotations

from tests.access.matrix_rules import PUBLIC, SERVICE_USERS, SIGNED_IN, Rule, only

# The sign-out buttons are POST only: a GET is refused (405) before anything else.
POST_ONLY = Rule(allowed=only(SIGNED_IN, 405), anonymous=405)

MATRIX: dict[str, Rule] = {
    "account:sessions": Rule(allowed=only(SIGNED_IN)),
    "account:end-session": Rule(
        allowed=only(SIGNED_IN, 405), anonymous=405, kwargs=lambda p: {"pk": 1}
    ),
    "account:end-others": POST_ONLY,
    # Only service users and carers choose a language: staff pages stay English
    # (ADR 0061), so staff get the 404 of a page that is not theirs. Someone not
    # signed in chooses one for this browser (ADR 0073).
    "account:language": Rule(allowed=only((*SERVICE_USERS, "carer")), anonymous=200),
    "account:forgotten-password": PUBLIC,
    "account:reset-sent": PUBLIC,
    # A link that is not (or no longer) live gets the 'expired' page, for anyone.
    "account:reset-password": Rule(
        allowed=only(SIGNED_IN), anonymous=200, kwargs=lambda p: {"token": "0" * 64}
    ),
    # NHS login is off unless the service sets it up: then both pages are 404
    # for everyone. With it on, see tandem/signin/tests/test_nhs_login.py.
    "account:nhs-login": Rule(allowed={}, anonymous=404),
    "account:nhs-login-callback": Rule(allowed={}, anonymous=404),
}
OTHER_OBJECT: dict[str, Rule] = {}
