"""Print signed-in session cookies for the benchmark, as JSON.

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from tandem.people.models import User  # noqa: E402
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


if __name__ == "__main__":
    print(json.dumps({name: session_cookie(email) for name, email in PERSONAS.items()}))
