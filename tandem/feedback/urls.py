"""Feedback, in the ``feedback`` namespace, under /feedback/."""

from django.urls import URLPattern, path

from tandem.feedback import views

app_name = "feedback"
urlpatterns: list[URLPattern] = [
    path("paper/", views.paper_find, name="paper_find"),
    path("paper/<str:reference>/", views.paper_enter, name="paper_enter"),
    path("you-said-we-did/", views.notes, name="notes"),
    path("you-said-we-did/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    # Last, so the named pages above are never taken for a token.
    path("<str:token>/", views.give, name="give"),
]
