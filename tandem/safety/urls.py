"""Safety plans, in the ``safety`` namespace, under /safety-plan/."""

from django.urls import URLPattern, path

from tandem.safety import views_carer, views_person, views_service, views_staff

app_name = "safety"
urlpatterns: list[URLPattern] = [
    # The service user's own plan.
    path("", views_person.mine, name="mine"),
    path("change/", views_person.change, name="change"),
    path("history/", views_person.history, name="history"),
    path("pdf/", views_person.pdf, name="pdf"),
    # Carers the person shares it with.
    path("for/<int:pk>/", views_carer.plan, name="carer-plan"),
    path("for/<int:pk>/pdf/", views_carer.pdf, name="carer-pdf"),
    # Staff in a team the person is open to.
    path("people/<int:pk>/", views_staff.plan, name="staff-plan"),
    path("people/<int:pk>/change/", views_staff.change, name="staff-change"),
    path("people/<int:pk>/history/", views_staff.history, name="staff-history"),
    path("people/<int:pk>/pdf/", views_staff.pdf, name="staff-pdf"),
    path("people/<int:pk>/review/", views_staff.review, name="staff-review"),
    # Team managers.
    path("team-crisis-contacts/", views_staff.crisis_teams, name="crisis-teams"),
    path(
        "team-crisis-contacts/<int:pk>/",
        views_staff.team_crisis_contacts,
        name="team-crisis-contacts",
    ),
]

# The service administrator's service-wide crisis lines, kept at
# /service/crisis-contacts/ in the ``people`` namespace by tandem/urls.py.
service_urlpatterns: list[URLPattern] = [
    path("service/crisis-contacts/", views_service.crisis_contacts, name="crisis-contacts"),
]
