from django.urls import path

from tandem.signin import views, views_nhs_login

app_name = "account"
urlpatterns = [
    path("signed-in/", views.sessions, name="sessions"),
    path("language/", views.language, name="language"),
    path("signed-in/<int:pk>/sign-out/", views.end_session, name="end-session"),
    path("signed-in/sign-out-others/", views.end_others, name="end-others"),
    path("forgotten-password/", views.forgotten, name="forgotten-password"),
    path("forgotten-password/sent/", views.sent, name="reset-sent"),
    path("reset-password/<str:token>/", views.reset_password, name="reset-password"),
    # Only when NHS login is set up (ADR 0031); 404 otherwise.
    path("nhs-login/", views_nhs_login.start, name="nhs-login"),
    path("nhs-login/callback/", views_nhs_login.callback, name="nhs-login-callback"),
]
