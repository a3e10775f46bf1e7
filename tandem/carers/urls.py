from django.urls import path

from tandem.carers import views_accept, views_carer, views_person, views_staff

app_name = "carers"
urlpatterns = [
    # The service user's own carers and family.
    path("", views_person.mine, name="mine"),
    path("invite/", views_person.invite, name="invite"),
    path("invites/<int:pk>/cancel/", views_person.invite_cancel, name="invite-cancel"),
    path("<int:pk>/change/", views_person.change, name="change"),
    path("<int:pk>/withdraw/", views_person.withdraw, name="withdraw"),
    # Anyone holding an invitation link.
    path("accept/<str:token>/", views_accept.accept, name="accept"),
    # Carers.
    path("preferences/", views_carer.preferences, name="preferences"),
    path("for/<int:pk>/your-view/", views_carer.give_view, name="give-view"),
    # Staff, for people open to their teams.
    path("people/<int:pk>/add/", views_staff.add, name="staff-add"),
    path("links/<int:pk>/change/", views_staff.change, name="staff-change"),
    path("links/<int:pk>/withdraw/", views_staff.withdraw, name="staff-withdraw"),
]
