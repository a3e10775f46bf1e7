from django.urls import path
from oauth2_provider.views import TokenView

from tandem.fhir import api, bulk, views

app_name = "fhir"

urlpatterns = [
    # The service administrator's pages for API clients (signed-in, not token).
    path("clients/", views.clients, name="clients"),
    path("clients/new/", views.register, name="register"),
    path("clients/<int:pk>/", views.client, name="client"),
    path("clients/<int:pk>/revoke/", views.revoke, name="revoke"),
    # The API itself: OAuth 2.0 client credentials, then FHIR R4.
    path("auth/token", TokenView.as_view(), name="token"),
    path("metadata", api.metadata, name="metadata"),
    path("$export", bulk.kick_off, name="export"),
    path("Group/<str:team>/$export", bulk.kick_off, name="group_export"),
    path("bulk/<int:pk>", bulk.status, name="export_status"),
    path("bulk/<int:pk>/<str:kind>-<int:part>.ndjson", bulk.download, name="export_file"),
    path("", api.system, name="system"),
    path("<str:kind>", api.resource_type, name="type"),
    path("<str:kind>/<str:pk>", api.instance, name="instance"),
]
