from django.urls import path

from tandem.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.programme, name="programme"),
    path("<int:pk>/enrol/", views.enrol, name="enrol"),
    path("<int:pk>/sessions/new/", views.add_session, name="add-session"),
    path("places/<int:pk>/leave/", views.leave, name="leave"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/cancel/", views.cancel_session, name="cancel-session"),
]
