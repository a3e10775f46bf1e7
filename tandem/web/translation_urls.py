from django.urls import path

from tandem.web import translation_views as views

app_name = "translations"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/review/", views.sign_off, name="sign-off"),
]
