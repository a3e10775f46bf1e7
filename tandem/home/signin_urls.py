from django.urls import path

from tandem.home import signin_views

app_name = "signin"
urlpatterns = [
    path("sign-in/", signin_views.sign_in, name="sign-in"),
    path("sign-in/verify/", signin_views.verify, name="verify"),
    path("sign-in/set-up/", signin_views.set_up, name="set-up"),
    path("sign-out/", signin_views.sign_out, name="sign-out"),
]
