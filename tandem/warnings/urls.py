"""Worrying words URLs, in the ``warnings`` namespace (mounted at /concerns/)."""

from django.urls import URLPattern, path

from tandem.warnings import views

app_name = "warnings"
urlpatterns: list[URLPattern] = [
    path("<int:pk>/", views.record, name="record"),
    path("phrases/", views.phrases, name="phrases"),
    path("phrases/add/", views.add_phrase, name="add-phrase"),
    path("phrases/<int:pk>/retire/", views.retire_phrase, name="retire-phrase"),
]
