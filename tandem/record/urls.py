"""'My record' and its download, in the ``record`` namespace, under /my-record/."""

from django.urls import URLPattern, path

from tandem.record import views

app_name = "record"
urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("appointments/", views.appointments, name="appointments"),
    path("decisions/", views.decisions, name="decisions"),
    path("letters/", views.letters, name="letters"),
    path("messages/", views.threads, name="messages"),
    path("download/", views.downloads, name="downloads"),
    path("download/<int:pk>/pdf/", views.export_pdf, name="export-pdf"),
    path("download/<int:pk>/json/", views.export_json, name="export-json"),
]
