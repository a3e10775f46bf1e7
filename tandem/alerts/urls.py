"""Alert URLs, in the ``alerts`` namespace (mounted at /alerts/)."""

from django.urls import URLPattern, path

from tandem.alerts import views

app_name = "alerts"
urlpatterns: list[URLPattern] = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.alert, name="alert"),
    path("settings/<int:pk>/", views.team_settings, name="settings"),
]
