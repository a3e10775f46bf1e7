from django.urls import URLPattern

app_name = "carers"
urlpatterns: list[URLPattern] = []
