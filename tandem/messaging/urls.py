"""Secure messaging URLs, in the ``messaging`` namespace (mounted at /messages/)."""

from django.urls import URLPattern, path

from tandem.messaging import views_person, views_staff

app_name = "messaging"
urlpatterns: list[URLPattern] = [
    # Service users and carers
    path("", views_person.mine, name="mine"),
    path("new/", views_person.new, name="new"),
    path("<int:pk>/", views_person.thread, name="thread"),
    path("carer/", views_person.carer_index, name="carer-index"),
    path("carer/<int:pk>/new/", views_person.carer_new, name="carer-new"),
    path("files/<int:pk>/", views_person.attachment, name="attachment"),
    # Staff
    path("inbox/", views_staff.inbox, name="inbox"),
    path("inbox/<int:pk>/", views_staff.staff_thread, name="staff-thread"),
    path("inbox/<int:pk>/follow-up/", views_staff.follow_up, name="staff-follow-up"),
    path("inbox/<int:pk>/hand-over/", views_staff.hand_over, name="staff-hand-over"),
    path("write/<int:pk>/", views_staff.staff_new, name="staff-new"),
    path("unanswered/", views_staff.overdue, name="overdue"),
    path("settings/", views_staff.inbox_settings, name="settings"),
]
