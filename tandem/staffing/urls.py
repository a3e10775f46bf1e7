from django.urls import path

from tandem.staffing import views

app_name = "staffing"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.add, name="add"),
    path("<int:pk>/", views.member, name="member"),
    path("<int:pk>/invitation/", views.resend, name="resend"),
    path("<int:pk>/teams/", views.teams, name="teams"),
    path("<int:pk>/authenticator/", views.reset_authenticator, name="reset-authenticator"),
    path("<int:pk>/end/", views.end_account, name="end-account"),
    path("join/<str:token>/", views.join, name="join"),
    # Team managers: a new care coordinator for someone whose coordinator left.
    path("hand-over/<int:pk>/", views.hand_over, name="hand-over"),
]
