from django.urls import path

from tandem.invitations import views, views_contact, views_join

app_name = "invitations"
urlpatterns = [
    # Anyone holding an invitation (a link, or a letter's code).
    path("join/", views_join.start, name="start"),
    path("join/before-you-start/", views_join.before_you_start, name="before-you-start"),
    path("join/<str:token>/", views_join.join, name="join"),
    # Staff, for people open to their teams.
    path("invitations/people/<int:pk>/", views.person, name="person"),
    path("invitations/<int:pk>/resend/", views.resend, name="resend"),
    path("invitations/<int:pk>/stop/", views.stop, name="stop"),
    # Service users and carers, their own details.
    path("account/contact/", views_contact.change, name="contact-change"),
    path("account/contact/<int:pk>/", views_contact.code, name="contact-code"),
]
