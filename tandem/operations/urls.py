from django.urls import path

from tandem.operations import views

app_name = "operations"

urlpatterns = [
    path("readyz/", views.readyz, name="readyz"),
    # Without a slash: where Prometheus scrapes by default.
    path("metrics", views.metrics, name="metrics"),
    path("service/retention/", views.retention_periods, name="retention"),
]
