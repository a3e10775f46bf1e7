"""Service users' and carers' appointment pages, and single-use links."""

from django.urls import URLPattern, path

from tandem.appointments import views_person as views

urlpatterns: list[URLPattern] = [
    path("me/", views.mine, name="mine"),
    path("me/<int:pk>/", views.my_appointment, name="my-appointment"),
    path("me/<int:pk>/confirm/", views.my_confirm, name="my-confirm"),
    path("me/<int:pk>/move/", views.my_move, name="my-move"),
    path("me/<int:pk>/cancel/", views.my_cancel, name="my-cancel"),
    path("me/book/", views.self_book, name="self-book"),
    path("me/book/time/", views.self_book_slot, name="self-book-slot"),
    path("me/book/check/", views.self_book_confirm, name="self-book-confirm"),
    path("me/book/face-to-face/", views.ask_face_to_face, name="ask-face-to-face"),
    path("carer/", views.carer, name="carer"),
    path("link/<str:token>/", views.link, name="link"),
    path("link/<str:token>/move/", views.link_move, name="link-move"),
    path("link/<str:token>/cancel/", views.link_cancel, name="link-cancel"),
]
