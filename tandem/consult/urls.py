"""Video consultations, in the ``consult`` namespace, under /video/."""

from django.urls import URLPattern, path

from tandem.consult import views, views_staff

app_name = "consult"
urlpatterns: list[URLPattern] = [
    # The service user's video appointments.
    path("", views.mine, name="mine"),
    # Anyone taking part: the person, staff in the team, an invited guest.
    path("<int:pk>/", views.join, name="join"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/phone-number/", views.fallback, name="fallback"),
    path("<int:pk>/waiting/", views.waiting, name="waiting"),
    path("<int:pk>/call/", views.call, name="call"),
    path("<int:pk>/sound-check/", views.sound_check, name="sound-check"),
    path("<int:pk>/quality/", views.quality, name="quality"),
    # A carer's or interpreter's single-use invitation.
    path("invite/<str:token>/", views.invite_link, name="invite-link"),
    # The link in a video appointment's reminder, for a person without an account.
    path("join/<str:token>/", views.person_link, name="person-link"),
    # Staff in the appointment's team.
    path("waiting-room/", views_staff.waiting_room, name="waiting-room"),
    path("participants/<int:pk>/admit/", views_staff.admit, name="admit"),
    path("participants/<int:pk>/remove/", views_staff.remove, name="remove"),
    path("<int:pk>/safety-check/", views_staff.safety_check, name="safety-check"),
    path("<int:pk>/switch-to-phone/", views_staff.switch_to_phone, name="switch-to-phone"),
    path("<int:pk>/invite/", views_staff.invite, name="invite"),
    # A phone appointment's safety check (the same check as a video call's).
    path("phone/<int:pk>/", views_staff.phone_call, name="phone-call"),
    # The discreet signal agreed with a person, by staff in their teams.
    path("people/<int:pk>/signal/", views_staff.agree_signal, name="agree-signal"),
]
