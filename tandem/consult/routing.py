"""WebSocket routes for video call signalling (see tandem/asgi.py)."""

from django.urls import path

from tandem.consult.consumers import CallConsumer

websocket_urlpatterns = [
    path("ws/video/<int:pk>/", CallConsumer.as_asgi()),
]
