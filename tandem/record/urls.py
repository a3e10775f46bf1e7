from django.urls import URLPattern

app_name = "record"
urlpatterns: list[URLPattern] = []
