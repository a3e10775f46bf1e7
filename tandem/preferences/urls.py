from django.urls import URLPattern

app_name = "preferences"
urlpatterns: list[URLPattern] = []
