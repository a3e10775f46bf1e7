"""Care plans, in the ``careplans`` namespace, under /care-plan/."""

from django.urls import URLPattern, path

from tandem.careplans import views_carer, views_person, views_staff

app_name = "careplans"
urlpatterns: list[URLPattern] = [
    # The service user's own plan.
    path("", views_person.mine, name="mine"),
    path("agree/", views_person.agree, name="agree"),
    path("change/", views_person.change, name="change"),
    path("history/", views_person.history, name="history"),
    path("versions/<int:number>/comment/", views_person.comment, name="comment"),
    path("pdf/", views_person.pdf, name="pdf"),
    # Carers the person shares it with.
    path("for/<int:pk>/", views_carer.plan, name="carer-plan"),
    path("for/<int:pk>/pdf/", views_carer.pdf, name="carer-pdf"),
    # Staff in a team the person is open to.
    path("people/<int:pk>/", views_staff.plan, name="staff-plan"),
    path("people/<int:pk>/change/", views_staff.change, name="staff-change"),
    path("people/<int:pk>/history/", views_staff.history, name="staff-history"),
    path("people/<int:pk>/answer/", views_staff.answer, name="staff-answer"),
    path("people/<int:pk>/pdf/", views_staff.pdf, name="staff-pdf"),
]
