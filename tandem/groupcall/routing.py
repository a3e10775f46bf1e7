"""WebSocket routes for the group calls' chat (see tandem/asgi.py)."""

from django.urls import path

from tandem.groupcall.consumers import GroupChatConsumer

websocket_urlpatterns = [
    path("ws/group-calls/<int:session_id>/", GroupChatConsumer.as_asgi()),
]
