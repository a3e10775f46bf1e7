"""The ASGI application: Django for HTTP, Channels for the video call sockets.

Sockets are authenticated from the same session cookie as the pages and only
accepted from this service's own hosts (ALLOWED_HOSTS checks the Origin).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
# Django must be set up before anything that imports models.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from tandem.consult.routing import websocket_urlpatterns  # noqa: E402
from tandem.groupcall.routing import websocket_urlpatterns as group_call_routes  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter([*websocket_urlpatterns, *group_call_routes]))
        ),
    }
)
