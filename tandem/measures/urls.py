"""Questionnaires, in the ``measures`` namespace, under /questionnaires/."""

from django.urls import URLPattern, path

from tandem.measures import views_admin, views_person, views_staff

app_name = "measures"
urlpatterns: list[URLPattern] = [
    # The service user's own.
    path("", views_person.mine, name="mine"),
    path("fill-in/<int:pk>/", views_person.fill, name="fill"),
    path("results/<int:pk>/", views_person.result, name="result"),
    # Staff in a team the person is open to.
    path("people/<int:pk>/", views_staff.person, name="staff-person"),
    path("people/<int:pk>/ask/", views_staff.ask, name="staff-ask"),
    path("people/<int:pk>/fill-in/<int:instrument_pk>/", views_staff.fill, name="staff-fill"),
    path("requests/<int:pk>/end/", views_staff.end_schedule, name="staff-end-schedule"),
    path("responses/<int:pk>/", views_staff.response, name="staff-response"),
    # The service admin.
    path("instruments/", views_admin.index, name="instruments"),
    path("instruments/add/", views_admin.add, name="add-instrument"),
    path("instruments/<int:pk>/", views_admin.instrument, name="instrument"),
]
