from django.urls import path

from tandem.operations import views

app_name = "operations"

urlpatterns = [
    path("readyz/", views.readyz, name="readyz"),
    # Without a slash: where Prometheus scrapes by default.
    path("metrics", views.metrics, name="metrics"),
    path("service/retention/", views.retention_periods, name="retention"),
    # Beside the person page (people/<pk>/): what retention counts from.
    path("people/<int:pk>/date-of-death/", views.date_of_death, name="date-of-death"),
    path(
        "people/<int:pk>/date-of-death/remove/",
        views.remove_date_of_death,
        name="remove-date-of-death",
    ),
]
