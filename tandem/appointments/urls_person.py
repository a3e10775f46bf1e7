"""Service users' and carers' appointment pages, and single-use links."""

from django.urls import URLPattern, path

from tandem.appointments import views_link, views_person, views_self_book

urlpatterns: list[URLPattern] = [
    path("me/", views_person.mine, name="mine"),
    path("me/<int:pk>/", views_person.my_appointment, name="my-appointment"),
    path("me/<int:pk>/confirm/", views_person.my_confirm, name="my-confirm"),
    path("me/<int:pk>/move/", views_person.my_move, name="my-move"),
    path("me/<int:pk>/cancel/", views_person.my_cancel, name="my-cancel"),
    path("me/book/", views_self_book.self_book, name="self-book"),
    path("me/book/time/", views_self_book.self_book_slot, name="self-book-slot"),
    path("me/book/check/", views_self_book.self_book_confirm, name="self-book-confirm"),
    path("me/book/face-to-face/", views_self_book.ask_face_to_face, name="ask-face-to-face"),
    path("carer/", views_person.carer, name="carer"),
    path("link/<str:token>/", views_link.link, name="link"),
    path("link/<str:token>/move/", views_link.link_move, name="link-move"),
    path("link/<str:token>/cancel/", views_link.link_cancel, name="link-cancel"),
]
