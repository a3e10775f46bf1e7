"""Print signed-in session cookies for the benchmark, and the addresses of the
pages that name a person, as JSON.

Run by bench/run.py with the benchmark's environment. Signing in through the
forms would need a TOTP code and would itself be audited; instead this builds
the session a completed sign-in leaves behind: Django's auth keys and, for
staff, django-otp's verified-device key.
"""

from __future__ import annotations

import json
import os
import sys
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from tandem.people.models import ServiceUser, User  # noqa: E402
from tandem.web.middleware import LAST_SEEN_KEY  # noqa: E402

PERSONAS = {"clinician": "dr.lee@example.org", "service_user": "sam@example.org"}


def session_cookie(email: str) -> str:
    user = User.objects.get(email=email)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[LAST_SEEN_KEY] = int(time.time())
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def slot_search_path(cookie: str, person: ServiceUser) -> str | None:
    """The clinician's slot search for Sam, for a kind of contact and a way already
    decided with him (without one, the search sends the clinician back a step to
    record the decision first). Records a face-to-face check-in decision if none."""
    from django.test import Client

    from tandem.appointments.models import AppointmentType
    from tandem.preferences.models import SharedDecision
    from tandem.preferences.services import Decision, record_shared_decision

    clinician = User.objects.get(email=PERSONAS["clinician"])
    kinds = AppointmentType.objects.filter(team__staff__user=clinician).order_by("pk")
    decided = SharedDecision.objects.filter(service_user=person).first()
    if decided is None and kinds:
        decided = record_shared_decision(
            actor=clinician,
            person=person,
            decision=Decision(
                kind=kinds[0].kind,
                options_discussed=("face_to_face",),
                person_preference="",
                took_part="Sam and the clinician (synthetic, for the benchmark)",
                carer_took_part=False,
                decision="face_to_face",
                reasons="Synthetic decision so the benchmark can search for times.",
                against_preference_reason="",
            ),
            guidance_shown={},
        )
    client = Client(HTTP_HOST="127.0.0.1")
    name, _, key = cookie.partition("=")
    client.cookies[name] = key
    for kind in kinds.filter(kind=decided.kind) if decided else ():
        query = urlencode({"type": kind.pk, "way": decided.decision, "clinician": "any"})
        path = f"/appointments/staff/people/{person.pk}/book/time/?{query}"
        if client.get(path).status_code == 200:
            return path
    return None


if __name__ == "__main__":
    cookies = {name: session_cookie(email) for name, email in PERSONAS.items()}
    sam = ServiceUser.objects.get(user__email=PERSONAS["service_user"])
    paths = {
        "person": f"/people/{sam.pk}/",
        "slot_search": slot_search_path(cookies["clinician"], sam),
    }
    print(json.dumps({"cookies": cookies, "paths": paths}))
