"""Staff pages: diary, a person's appointments, booking, one appointment, availability."""

from django.urls import URLPattern, path

from tandem.appointments import views_staff as views

urlpatterns: list[URLPattern] = [
    path("staff/diary/", views.diary, name="diary"),
    path("staff/people/<int:pk>/", views.person, name="person"),
    path("staff/people/<int:pk>/book/", views.book, name="book"),
    path("staff/people/<int:pk>/book/time/", views.book_slot, name="book-slot"),
    path("staff/people/<int:pk>/book/check/", views.book_confirm, name="book-confirm"),
    path("staff/<int:pk>/", views.appointment, name="appointment"),
    path("staff/<int:pk>/move/", views.move, name="move"),
    path("staff/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("staff/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("staff/<int:pk>/send-link/", views.send_link, name="send-link"),
    path("staff/availability/", views.availability_page, name="availability"),
    path("staff/availability/sessions/add/", views.session_add, name="session-add"),
    path("staff/availability/sessions/<int:pk>/end/", views.session_end, name="session-end"),
    path("staff/availability/one-off/add/", views.one_off_add, name="one-off-add"),
    path("staff/availability/leave/add/", views.leave_add, name="leave-add"),
]
