"""Tandem settings: one module, every setting read from the environment.

Defaults are safe for a developer's machine (SQLite under ``var/``, DEBUG
off). Production refuses to start without a secret key, serves nothing until
allowed hosts are set, and `manage.py check --deploy` passes.
"""

from __future__ import annotations

import os
from pathlib import Path

import csp.constants
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tandem.consult.layer_settings import channel_layers

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TANDEM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_secret_key() -> str:
    if key := os.environ.get("TANDEM_SECRET_KEY"):
        return key
    if key_file := os.environ.get("TANDEM_SECRET_KEY_FILE"):
        return Path(key_file).read_text(encoding="utf-8").strip()
    if DEBUG or TESTING:
        # Only development and tests may run without a configured secret.
        return "insecure-development-key-not-for-production-use-" + "x" * 16
    raise ImproperlyConfigured("Set TANDEM_SECRET_KEY or TANDEM_SECRET_KEY_FILE.")


DEBUG = env_bool("TANDEM_DEBUG")
# Set by tests/pytest_env.py, which pytest loads before Django starts.
TESTING = env_bool("TANDEM_TESTING")
# Production hardening (HTTPS-only cookies, HSTS, redirects) is on unless the
# deployment says it is a local, plain-HTTP one such as `make demo`.
PRODUCTION = env_bool("TANDEM_PRODUCTION", default=not (DEBUG or TESTING))
SECRET_KEY = read_secret_key()
ALLOWED_HOSTS = env_list("TANDEM_ALLOWED_HOSTS", "127.0.0.1,localhost" if not PRODUCTION else "")
# Where people reach this service: the start of every link in a text, email or letter.
TANDEM_BASE_URL = os.environ.get("TANDEM_BASE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("TANDEM_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "tandem.web",
    "tandem.translations",
    "tandem.audit",
    "tandem.people",
    "tandem.access",
    "tandem.preferences",
    "tandem.inclusion",
    "tandem.guidance",
    "tandem.worklist",
    "tandem.appointments",
    "tandem.notify",
    "tandem.messaging",
    "tandem.carers",
    "tandem.record",
    "tandem.fhir",
    "tandem.safety",
    "tandem.careplans",
    "tandem.warnings",
    "tandem.measures",
    "tandem.diary",
    "tandem.alerts",
    "tandem.insights",
    "tandem.consult",
    "tandem.groupcall",
    "tandem.imports",
    "tandem.signin",
    # The top layer: seed_demo and demo_logins, which fill every app above.
    "tandem.demo",
    "tandem.staffing",
    "tandem.invitations",
    "tandem.directory",
    "tandem.operations",
    "tandem.support",
    "tandem.feedback",
    "tandem.groups",
]

MIDDLEWARE = [
    # Counts and times every request by route name for /metrics (ADR 0057).
    "tandem.operations.request_metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so files under /assets/ carry the policies too.
    "tandem.web.middleware.ContentSecurityPolicyMiddleware",
    "tandem.web.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tandem.web.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, with the device read by SQL built once per process (ADR 0085).
    "tandem.signin.middleware.DeviceMiddleware",
    # Ends a leaver's account on its day, before anything else sees them (HAZ-170).
    "tandem.staffing.middleware.LeaverMiddleware",
    "tandem.web.middleware.SessionIdleMiddleware",
    "tandem.signin.middleware.LastSeenMiddleware",
    "tandem.web.middleware.StaffVerificationMiddleware",
    # After sign-in is known: the person's language for this request (ADR 0061).
    "tandem.web.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"
ASGI_APPLICATION = "tandem.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "tandem.web.jinja.environment",
            "context_processors": ["tandem.web.context.page_context"],
        },
    },
    {
        # Django's own templates (form widgets); Tandem pages are all Jinja2.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tandem.sqlite3'}",
        # Persistent connections leak under an ASGI server (each request may run on
        # a new thread), so they are off unless the process opts in: tandem.wsgi
        # does, for gunicorn's threads, which serve the pages (ADR 0032).
        conn_max_age=int(os.environ.get("TANDEM_DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL and a busy timeout let the web app and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create hundreds of accounts; argon2 stays the production hasher.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
# OWASP ASVS L2: at least 12 characters, checked against common passwords,
# no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "signin:sign-in"
LOGIN_REDIRECT_URL = "people:home"

# django-axes: lock an account after repeated failures (ASVS 2.2.1).
AXES_FAILURE_LIMIT = int(os.environ.get("TANDEM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a soft lockout, so an attacker cannot lock staff out for good
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tandem.home.signin_views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# Sessions: a new key at sign-in (Django does this), idle expiry per role.
# Django's database sessions, read with SQL built once per process (ADR 0085).
SESSION_ENGINE = "tandem.signin.session_store"
SESSION_COOKIE_AGE = 60 * 60 * 8
TANDEM_STAFF_IDLE_SECONDS = int(os.environ.get("TANDEM_STAFF_IDLE_SECONDS", str(30 * 60)))
TANDEM_PUBLIC_IDLE_SECONDS = int(os.environ.get("TANDEM_PUBLIC_IDLE_SECONDS", str(60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and not env_bool("TANDEM_BEHIND_TLS_TERMINATOR_HTTP_ONLY")
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TANDEM_TRUST_X_FORWARDED_PROTO") else None
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): nothing from any origin but this one, and
# no inline script without the page's nonce (request.csp_nonce, which
# web/base.jinja hands to the NHS page template). Styles: stylesheets from this
# origin, and <style> elements only with the nonce; style="" attributes are
# allowed (style-src-attr), because server-drawn charts size themselves with
# them and a nonce cannot be put on an attribute. An attribute runs no code and
# cannot fetch from elsewhere (img-src and font-src stay 'self'), so the
# policy's real work, refusing injected script, is kept. The middleware adds
# ws:/wss: of the page's own host to connect-src for the video call's
# signalling socket (browsers that predate CSP 3 do not count it as 'self').
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF, csp.constants.NONCE],
        "style-src": [csp.constants.SELF, csp.constants.NONCE],
        "style-src-attr": [csp.constants.UNSAFE_INLINE],
        "img-src": [csp.constants.SELF],
        "font-src": [csp.constants.SELF],
        "connect-src": [csp.constants.SELF],
        "media-src": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
        "base-uri": [csp.constants.NONE],
        "form-action": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
    }
}
# Permissions-Policy: powerful browser features this service never uses are
# switched off on every page, and the camera and microphone are off everywhere
# but the pages that use them (tandem.web.middleware.PermissionsPolicyMiddleware),
# so no page but a call's can be made to listen or watch.
TANDEM_PERMISSIONS_DENIED = [
    "accelerometer",
    "bluetooth",
    "browsing-topics",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "window-management",
    "xr-spatial-tracking",
]
TANDEM_MEDIA_PERMISSIONS = ["camera", "microphone"]
# The views (by URL name) that open the camera and microphone: the device check
# and the call itself (consult/call.js). The waiting room only waits: it asks
# for neither.
TANDEM_MEDIA_VIEWS = [
    "consult:check",
    "consult:call",
    "groupcall:check",
    "groupcall:call",
    "groupcall:facilitate",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# Service users' and carers' pages and messages in their language (ADR 0061).
# Staff pages stay English; tandem.translations.languages decides who reads what.
USE_I18N = True
LANGUAGES = [("en-gb", "English"), ("cy", "Welsh"), ("ar", "Arabic")]
LOCALE_PATHS = [BASE_DIR / "tandem" / "locale"]
# A signed-out reader's language cookie has no age: it ends when the browser closes (ADR 0073).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = Path(os.environ.get("TANDEM_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [VAR_DIR / "frontend"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get(
    "TANDEM_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if not PRODUCTION
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("TANDEM_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("TANDEM_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("TANDEM_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TANDEM_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TANDEM_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("TANDEM_FROM_EMAIL", "Tandem <no-reply@tandem.invalid>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TANDEM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- FHIR API clients: OAuth 2.0 (tandem/fhir, ADR 0037, docs/fhir.md) ---------
# django-oauth-toolkit issues tokens by the client-credentials grant only; each
# client may ask only for the SMART-style scopes its registration allows
# (tandem.fhir.clients.ClientScopes). Secrets are hashed when saved (shown once).
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("TANDEM_FHIR_TOKEN_SECONDS", "900")),
    "SCOPES_BACKEND_CLASS": "tandem.fhir.clients.ClientScopes",
    # Only the client-credentials grant is used (ADR 0037), but every RFC 9700
    # (OAuth 2.0 Security BCP) safeguard is on, so nothing weaker can be switched
    # on by accident and `check --deploy` stays clean: tokens stored hashed,
    # never accepted in a URL, no implicit or password grant, https redirects only.
    "PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
# Named, as the library's models are swappable and Tandem's clients point at it.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
# Bulk export files are kept this long after they are ready, then deleted.
TANDEM_FHIR_EXPORT_HOURS = int(os.environ.get("TANDEM_FHIR_EXPORT_HOURS", "24"))

# --- NOTIFY: messages out (tandem/notify, ADR 0008, docs/operations.md) --------
# SMS and letters go through GOV.UK Notify; email through EMAIL_BACKEND above
# (or Notify, with TANDEM_NOTIFY_EMAIL_VIA=notify). Tests and the demo point
# the base URL at the local fake (tandem/notify/fake_notify.py).
TANDEM_NOTIFY_BASE_URL = os.environ.get(
    "TANDEM_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
# Notify's format: name-<service id>-<secret>. Empty: nothing is sent and
# messages wait (then raise a task for staff) until a key is configured.
TANDEM_NOTIFY_API_KEY = os.environ.get("TANDEM_NOTIFY_API_KEY", "")
# One generic Notify template per channel whose content is ((subject)) and ((body)).
TANDEM_NOTIFY_TEMPLATE_IDS = {
    "sms": os.environ.get("TANDEM_NOTIFY_SMS_TEMPLATE", "00000000-0000-4000-8000-000000000001"),
    "email": os.environ.get("TANDEM_NOTIFY_EMAIL_TEMPLATE", "00000000-0000-4000-8000-000000000002"),
    "letter": os.environ.get(
        "TANDEM_NOTIFY_LETTER_TEMPLATE", "00000000-0000-4000-8000-000000000003"
    ),
}
TANDEM_NOTIFY_EMAIL_VIA = os.environ.get("TANDEM_NOTIFY_EMAIL_VIA", "django")  # or "notify"
# "notify": Notify prints and posts letters; "print": the service prints PDF
# batches itself (manage.py print_letters).
TANDEM_LETTERS = os.environ.get("TANDEM_LETTERS", "notify")
# Reminders before an appointment, in days; used by the appointments app.
TANDEM_REMINDER_DAYS = [int(d) for d in env_list("TANDEM_REMINDER_DAYS", "7,1")]
# Seconds to wait after each temporary failure; when they run out the message
# has failed and its fallback channel is tried.
TANDEM_NOTIFY_RETRY_DELAYS = [
    int(s) for s in env_list("TANDEM_NOTIFY_RETRY_DELAYS", "60,300,1800,7200")
]
# How long a worker holds a message it is sending before another may recover it.
TANDEM_NOTIFY_LEASE_SECONDS = int(os.environ.get("TANDEM_NOTIFY_LEASE_SECONDS", "300"))
# Messages a worker claims at once (one transaction to claim them, one to record
# what Notify accepted), and how long one task keeps sending and checking
# whatever else is due before it lets the worker take other tasks (ADR 0038).
TANDEM_NOTIFY_BATCH = int(os.environ.get("TANDEM_NOTIFY_BATCH", "50"))
TANDEM_NOTIFY_DRAIN_SECONDS = float(os.environ.get("TANDEM_NOTIFY_DRAIN_SECONDS", "20"))
# After Notify answers 429 (over 3,000 a minute), a worker sends nothing for this
# many seconds, doubled for each 429 in a row up to a minute (HAZ-221).
TANDEM_NOTIFY_RATE_LIMIT_PAUSE = float(os.environ.get("TANDEM_NOTIFY_RATE_LIMIT_PAUSE", "5"))
# When to ask Notify whether a sent message arrived (seconds after each check).
TANDEM_NOTIFY_CHECK_DELAYS = [
    int(s) for s in env_list("TANDEM_NOTIFY_CHECK_DELAYS", "300,1800,7200,21600,86400,86400")
]
# The sender used instead of a team's name when the person asked for discretion
# or the team's own name would say something clinical (HAZ-008).
TANDEM_NOTIFY_NEUTRAL_SENDER = os.environ.get("TANDEM_NOTIFY_NEUTRAL_SENDER", "NHS appointments")
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    TANDEM_NOTIFY_API_KEY = TANDEM_NOTIFY_API_KEY or (
        "tandem_test-11111111-1111-4111-8111-111111111111-22222222-2222-4222-8222-222222222222"
    )
# --- end NOTIFY -------------------------------------------------------------------

# --- CONSULT: video consultations (tandem/consult, ADR 0021) ----------------------
# Signalling runs over Channels: an in-memory layer for one process, Redis pub/sub
# when several app servers serve one call (tandem/consult/layer_settings.py).
TANDEM_REDIS_URL = os.environ.get("TANDEM_REDIS_URL", "")
CHANNEL_LAYERS = channel_layers(TANDEM_REDIS_URL, os.environ)
if redis_url := TANDEM_REDIS_URL:
    # Several app servers (`make prodlike`, ADR 0046): the cache is shared in
    # Redis too. Sessions stay in PostgreSQL, which every node shares already,
    # so losing Redis signs nobody out and stops no page (only calls' signalling).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "tandem",
        }
    }
# Under overload a process refuses new calls and sheds quality reports, keeping
# the signalling of running calls (ADR 0038, ADR 0077; tandem/consult/load.py):
# more sockets than TANDEM_VIDEO_MAX_SOCKETS, or within the last
# TANDEM_VIDEO_BUSY_SECONDS a full channel, an event loop late by more than
# TANDEM_VIDEO_MAX_LAG_MS twice in a row, or more than TANDEM_VIDEO_MAX_BACKLOG
# events waiting for the process's sockets.
TANDEM_VIDEO_MAX_SOCKETS = int(os.environ.get("TANDEM_VIDEO_MAX_SOCKETS", "2000"))
TANDEM_VIDEO_BUSY_SECONDS = float(os.environ.get("TANDEM_VIDEO_BUSY_SECONDS", "10"))
TANDEM_VIDEO_MAX_LAG_MS = float(os.environ.get("TANDEM_VIDEO_MAX_LAG_MS", "500"))
TANDEM_VIDEO_MAX_BACKLOG = int(os.environ.get("TANDEM_VIDEO_MAX_BACKLOG", "5000"))
# An offer, answer or candidate its peer's socket has not acknowledged in this
# time goes back to its sender as not-delivered, and is sent again (ADR 0077).
TANDEM_VIDEO_ACK_SECONDS = float(os.environ.get("TANDEM_VIDEO_ACK_SECONDS", "5"))
# ICE servers handed to browsers. TURN credentials are made per call from the
# shared secret (coturn's REST API style: use-auth-secret) and expire.
TANDEM_STUN_URLS = env_list("TANDEM_STUN_URLS")
TANDEM_TURN_URLS = env_list("TANDEM_TURN_URLS")
TANDEM_TURN_SECRET = os.environ.get("TANDEM_TURN_SECRET", "")
TANDEM_TURN_TTL_SECONDS = int(os.environ.get("TANDEM_TURN_TTL_SECONDS", str(4 * 60 * 60)))
# "relay": browsers use only the TURN relay, never a direct path; hides people's
# own addresses from each other, and lets a test prove the relay works (ADR 0046).
TANDEM_ICE_TRANSPORT_POLICY = os.environ.get("TANDEM_ICE_TRANSPORT_POLICY", "all")
if TANDEM_ICE_TRANSPORT_POLICY not in {"all", "relay"}:
    raise ImproperlyConfigured("TANDEM_ICE_TRANSPORT_POLICY must be 'all' or 'relay'.")
# When a call's signalling is open, around the appointment's start.
TANDEM_VIDEO_OPENS_MINUTES_BEFORE = int(os.environ.get("TANDEM_VIDEO_OPENS_MINUTES_BEFORE", "30"))
TANDEM_VIDEO_CLOSES_MINUTES_AFTER = int(os.environ.get("TANDEM_VIDEO_CLOSES_MINUTES_AFTER", "120"))
# --- end CONSULT ------------------------------------------------------------------

# --- GROUP CALLS (Janus, issue 26, ADR 0054) --------------------------------------
# Group video goes through Janus's VideoRoom. Unset TANDEM_JANUS_URL (the HTTP API
# as the server reaches it, e.g. http://127.0.0.1:8088/janus) and the group call
# pages offer joining by phone instead. Browsers reach Janus at
# TANDEM_JANUS_PUBLIC_URL (the only address added to connect-src, by
# tandem.web.middleware.ContentSecurityPolicyMiddleware). The secrets are
# those in Janus's own configuration (tandem/groupcall/janus_config.py).
TANDEM_JANUS_URL = os.environ.get("TANDEM_JANUS_URL", "")
TANDEM_JANUS_ADMIN_URL = os.environ.get("TANDEM_JANUS_ADMIN_URL", "")
TANDEM_JANUS_PUBLIC_URL = os.environ.get("TANDEM_JANUS_PUBLIC_URL", TANDEM_JANUS_URL)
TANDEM_JANUS_API_SECRET = os.environ.get("TANDEM_JANUS_API_SECRET", "")
TANDEM_JANUS_ADMIN_SECRET = os.environ.get("TANDEM_JANUS_ADMIN_SECRET", "")
TANDEM_JANUS_ADMIN_KEY = os.environ.get("TANDEM_JANUS_ADMIN_KEY", "")
# --- end GROUP CALLS ---------------------------------------------------------------

# --- NHS login (OpenID Connect), optional (ADR 0031) ------------------------------
# Off unless the discovery URL and client id are both set; then the sign-in page
# offers 'Continue with NHS login'. NHS login authenticates the client with a
# signed JWT (private_key_jwt): give the PEM private key's file. A client secret
# is accepted for providers that use one instead.


def read_nhs_login() -> dict[str, object] | None:
    discovery = os.environ.get("TANDEM_NHS_LOGIN_DISCOVERY_URL", "")
    client_id = os.environ.get("TANDEM_NHS_LOGIN_CLIENT_ID", "")
    if not (discovery and client_id):
        return None
    key_file = os.environ.get("TANDEM_NHS_LOGIN_PRIVATE_KEY_FILE", "")
    secret = os.environ.get("TANDEM_NHS_LOGIN_CLIENT_SECRET", "")
    if not (key_file or secret):
        raise ImproperlyConfigured(
            "NHS login needs TANDEM_NHS_LOGIN_PRIVATE_KEY_FILE or TANDEM_NHS_LOGIN_CLIENT_SECRET."
        )
    return {
        "discovery_url": discovery,
        "client_id": client_id,
        "private_key": Path(key_file).read_text(encoding="utf-8") if key_file else "",
        "client_secret": secret,
        "redirect_uri": os.environ.get(
            "TANDEM_NHS_LOGIN_REDIRECT_URI",
            TANDEM_BASE_URL.rstrip("/") + "/account/nhs-login/callback/",
        ),
        "scopes": os.environ.get("TANDEM_NHS_LOGIN_SCOPES", "openid profile"),
        # Ask for identity checked to P9, the level at which NHS login vouches
        # for the NHS number (matching people by it is only safe then).
        "vtr": os.environ.get("TANDEM_NHS_LOGIN_VTR", '["P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm"]'),
    }


TANDEM_NHS_LOGIN = read_nhs_login()

OTP_TOTP_ISSUER = os.environ.get("TANDEM_SERVICE_NAME", "Tandem")
TANDEM_SERVICE_NAME = os.environ.get("TANDEM_SERVICE_NAME", "Tandem")

# --- OPERATIONS: logs, readiness, metrics, backups, retention (tandem/operations, ADR 0045) ---
# Logs: one JSON object a line with the request id (TANDEM_LOG_FORMAT=json, the
# default in production), or plain lines for a developer's terminal.
TANDEM_LOG_FORMAT = os.environ.get("TANDEM_LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tandem.operations.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "tandem.operations.logs.TandemJsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if TANDEM_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("TANDEM_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; letters batches need only its warnings.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
LOGIN_URL_PATH = "/sign-in/"
AXES_USERNAME_CALLABLE = "tandem.home.signin_views.axes_username"
CSRF_FAILURE_VIEW = "tandem.web.views.csrf_failure"
# Lockout is per account, not per address: a trust's staff often share one
# NAT address, and locking that would lock out a whole team (ADR 0003).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# /readyz/ fails the worker check when no worker has run the heartbeat task
# (queued every minute by `manage.py worker_heartbeat`) for this long.
TANDEM_WORKER_HEARTBEAT_STALE_SECONDS = int(
    os.environ.get("TANDEM_WORKER_HEARTBEAT_STALE_SECONDS", "300")
)
# /metrics: a bearer token for the scraper, and/or addresses (CIDR allowed) that
# connect to the app server directly. Neither is set by default: no one reads it.
TANDEM_METRICS_TOKEN = os.environ.get("TANDEM_METRICS_TOKEN", "")
TANDEM_METRICS_ALLOWED_IPS = env_list("TANDEM_METRICS_ALLOWED_IPS")
# Backups: where `manage.py backup` writes (a directory per backup) and the
# stored files it copies beside the database.
TANDEM_BACKUP_DIR = Path(os.environ.get("TANDEM_BACKUP_DIR", VAR_DIR / "backups"))
MEDIA_ROOT = Path(os.environ.get("TANDEM_MEDIA_ROOT", VAR_DIR / "media"))
# Retention (ADR 0045, ADR 0057): years each kind of record is kept. A service
# user's record: 20 years after their last contact with the service, or 8 years
# after their death if sooner (Records Management Code of Practice 2023, mental
# health records). Delivery logs (letters, emails and texts the outbox has
# finished with) and call metadata (connection measurements): the Code names no
# period for these, so 2 years, for the service's records manager to review.
# Erasure happens only when a service switches it on; until then the nightly run
# reports what it would erase.
TANDEM_RETENTION_YEARS_AFTER_LAST_CONTACT = env_int("TANDEM_RETENTION_YEARS_AFTER_LAST_CONTACT", 20)
TANDEM_RETENTION_YEARS_AFTER_DEATH = env_int("TANDEM_RETENTION_YEARS_AFTER_DEATH", 8)
TANDEM_RETENTION_YEARS_DELIVERY_LOG = env_int("TANDEM_RETENTION_YEARS_DELIVERY_LOG", 2)
TANDEM_RETENTION_YEARS_CALL_METADATA = env_int("TANDEM_RETENTION_YEARS_CALL_METADATA", 2)
# Answers to the feedback form (ADR 0042): the service's own survey, not care.
TANDEM_RETENTION_YEARS_FEEDBACK = env_int("TANDEM_RETENTION_YEARS_FEEDBACK", 2)
TANDEM_RETENTION_ERASE = env_bool("TANDEM_RETENTION_ERASE")
# --- end OPERATIONS ------------------------------------------------------------
