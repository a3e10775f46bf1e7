"""Support recommended to a person, in the ``support`` namespace, under /support/."""

from django.urls import URLPattern, path

from tandem.support import views

app_name = "support"
urlpatterns: list[URLPattern] = [
    # The service user's own page, one step from home, and their pack.
    path("", views.mine, name="mine"),
    path("pack.pdf", views.pack_pdf, name="pack-pdf"),
    path("post/", views.post_pack, name="post-pack"),
    # Carers the person lets see it.
    path("for/<int:pk>/", views.carer, name="carer"),
    # Staff in a team the person is open to.
    path("people/<int:pk>/", views.staff_person, name="staff-person"),
]
