"""The WSGI application: every ordinary page, under gunicorn's threads (ADR 0032).

A thread serves request after request, so its database connection is kept
(Django's CONN_MAX_AGE) instead of opened and closed for each one: about half of
a small page's cost. Under the ASGI server (``tandem.asgi``, video call sockets
only) each request may land on a new thread, so there they stay off.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
os.environ.setdefault("TANDEM_DB_CONN_MAX_AGE", "600")
application = get_wsgi_application()
