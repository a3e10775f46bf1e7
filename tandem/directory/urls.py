from django.urls import path

from tandem.directory import views

app_name = "directory"
urlpatterns = [
    # Public: no sign-in, so people not yet known to the service can use them.
    path("", views.find, name="find"),
    path("<int:pk>/", views.entry, name="entry"),
    # Staff.
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.add, name="add"),
    path("manage/<int:pk>/", views.staff_entry, name="staff-entry"),
    path("manage/<int:pk>/change/", views.change, name="change"),
    path("manage/<int:pk>/check/", views.check, name="check"),
]
