"""Guidance URLs.

Linking from elsewhere (for example a shared-decision screen):
- ``guidance:kind`` with ``kind`` = a ContactKind value: advice for that kind of
  contact in every modality, and the staff page about it.
- ``guidance:modality`` with ``modality`` = a Modality value: the staff page
  about that modality, and its advice for every kind of contact.
- ``guidance:prepare`` with ``modality`` in video, phone, messaging: what a
  service user or carer reads before a remote appointment.
"""

from django.urls import path

from tandem.guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.index, name="index"),
    path("kinds/<slug:kind>/", views.kind, name="kind"),
    path("kinds/<slug:kind>/<slug:modality>/change/", views.cell_edit, name="cell-edit"),
    path("modalities/<slug:modality>/", views.modality, name="modality"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("pages/<slug:slug>/change/", views.page_edit, name="page-edit"),
    path("pages/<slug:slug>/read/", views.acknowledge, name="acknowledge"),
    path("reading/", views.reading, name="reading"),
    path("prepare/", views.prepare_index, name="prepare-index"),
    path("prepare/<slug:modality>/", views.prepare, name="prepare"),
]
