from django.urls import path

from tandem.worklist import views

app_name = "worklist"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.item, name="item"),
]
