"""All appointment URLs, in the ``appointments`` namespace. Each group of pages
keeps its own list so the modules stay small."""

from tandem.appointments import urls_manage, urls_person, urls_staff

app_name = "appointments"
urlpatterns = urls_staff.urlpatterns + urls_person.urlpatterns + urls_manage.urlpatterns
