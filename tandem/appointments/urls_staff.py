"""Staff pages: diary, a person's appointments, booking, one appointment, availability."""

from django.urls import URLPattern, path

from tandem.appointments import (
    views_appointment,
    views_availability,
    views_booking,
    views_staff,
)

urlpatterns: list[URLPattern] = [
    path("staff/diary/", views_staff.diary, name="diary"),
    path("staff/people/<int:pk>/", views_staff.person, name="person"),
    path("staff/people/<int:pk>/book/", views_booking.book, name="book"),
    path("staff/people/<int:pk>/book/time/", views_booking.book_slot, name="book-slot"),
    path("staff/people/<int:pk>/book/check/", views_booking.book_confirm, name="book-confirm"),
    path("staff/<int:pk>/", views_appointment.appointment, name="appointment"),
    path("staff/<int:pk>/move/", views_appointment.move, name="move"),
    path("staff/<int:pk>/cancel/", views_appointment.cancel, name="cancel"),
    path("staff/<int:pk>/outcome/", views_appointment.outcome, name="outcome"),
    path("staff/<int:pk>/arranged/", views_appointment.arranged, name="arranged"),
    path("staff/<int:pk>/send-link/", views_appointment.send_link, name="send-link"),
    path("staff/availability/", views_availability.availability_page, name="availability"),
    path("staff/availability/sessions/add/", views_availability.session_add, name="session-add"),
    path(
        "staff/availability/sessions/<int:pk>/end/",
        views_availability.session_end,
        name="session-end",
    ),
    path("staff/availability/one-off/add/", views_availability.one_off_add, name="one-off-add"),
    path("staff/availability/leave/add/", views_availability.leave_add, name="leave-add"),
]
