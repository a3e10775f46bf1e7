"""The diary and check-in schedules, in the ``diary`` namespace, under /diary/."""

from django.urls import URLPattern, path

from tandem.diary import views_carer, views_person, views_staff

app_name = "diary"
urlpatterns: list[URLPattern] = [
    # The service user's own diary.
    path("", views_person.mine, name="mine"),
    path("entry/", views_person.entry, name="entry"),
    path("trends/", views_person.trends, name="trends"),
    path("sharing/", views_person.sharing, name="sharing"),
    path("settings/", views_person.settings, name="settings"),
    path("settings/signs/add/", views_person.add_sign, name="add-sign"),
    path("settings/signs/<int:sign>/reword/", views_person.reword_sign, name="reword-sign"),
    path("settings/signs/<int:sign>/retire/", views_person.retire_sign, name="retire-sign"),
    path("settings/schedule/", views_person.schedule, name="schedule"),
    # Carers the person shares it with.
    path("carer/<int:pk>/", views_carer.person, name="carer-person"),
    # Staff in a team the person is open to.
    path("people/<int:pk>/", views_staff.person, name="staff-person"),
    path("people/<int:pk>/set-up/", views_staff.set_up, name="staff-set-up"),
    path("people/<int:pk>/signs/add/", views_staff.add_sign, name="staff-add-sign"),
    path(
        "people/<int:pk>/signs/<int:sign>/reword/",
        views_staff.reword_sign,
        name="staff-reword-sign",
    ),
    path(
        "people/<int:pk>/signs/<int:sign>/retire/",
        views_staff.retire_sign,
        name="staff-retire-sign",
    ),
    path("people/<int:pk>/schedule/", views_staff.schedule, name="staff-schedule"),
]
