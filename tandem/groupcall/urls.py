"""Group video calls, in the ``groupcall`` namespace, under /group-calls/."""

from django.urls import URLPattern, path

from tandem.groupcall import views

app_name = "groupcall"
urlpatterns: list[URLPattern] = [
    # Members of the session's programme.
    path("<int:session_id>/", views.join, name="join"),
    path("<int:session_id>/check/", views.check, name="check"),
    path("<int:session_id>/waiting/", views.waiting, name="waiting"),
    path("<int:session_id>/call/", views.call, name="call"),
    path("<int:session_id>/signal/", views.signal, name="signal"),
    # The link in a group place's reminder, for a member without an account.
    path("join/<str:token>/", views.person_link, name="person-link"),
    # The programme's facilitators and the team's managers.
    path("<int:session_id>/facilitate/", views.facilitate, name="facilitate"),
    path("<int:session_id>/facilitate/panel/", views.panel, name="panel"),
    path("<int:session_id>/open/", views.open_call, name="open"),
    path("<int:session_id>/end/", views.end, name="end"),
    path("<int:session_id>/attendees/<int:attendee_id>/admit/", views.admit, name="admit"),
    path("<int:session_id>/attendees/<int:attendee_id>/remove/", views.remove, name="remove"),
    path("<int:session_id>/attendees/<int:attendee_id>/mute/", views.mute, name="mute"),
    path("<int:session_id>/signals/<int:signal_id>/seen/", views.signal_seen, name="signal-seen"),
]
