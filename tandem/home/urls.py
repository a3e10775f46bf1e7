from django.urls import path

from tandem.home import views

# Mounted by tandem/urls.py together with safety's service_urlpatterns.
app_name = "people"
urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.service_user_home, name="service-user-home"),
    path("me/details/", views.my_details, name="my-details"),
    path("me/details/change/", views.my_details_change, name="my-details-change"),
    path("me/record-access/", views.my_access_log, name="my-access-log"),
    path("carer/", views.carer_home, name="carer-home"),
    path("carer/people/<int:pk>/", views.carer_person, name="carer-person"),
    path("caseload/", views.caseload, name="caseload"),
    path("people/new/", views.register, name="register"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/change/", views.person_change, name="person-change"),
    path("manage/", views.manager_home, name="manager-home"),
    path("service/", views.admin_home, name="admin-home"),
]
