from django.urls import path

from tandem.web import views

app_name = "web"
urlpatterns = [
    path("help/", views.help_now, name="help"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz/", views.healthz, name="healthz"),
]
