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
    # The library of assessed digital tools: staff read it, the administrator keeps it.
    path("tools/", views.tools, name="tools"),
    path("tools/new/", views.tool_add, name="tool-add"),
    path("tools/<int:pk>/", views.tool, name="tool"),
    path("tools/<int:pk>/assess/", views.tool_assess, name="tool-assess"),
]
