"""Managing appointments: team settings, referrals and waits, contact plans,
continuity, discharge and workload (views in ``views_manage``)."""

from django.urls import URLPattern, path

from tandem.appointments import views_manage as views

urlpatterns: list[URLPattern] = [
    # Staff of the person's team
    path("people/<int:pk>/referrals/", views.referral_add, name="referral-add"),
    path("people/<int:pk>/contact-plan/", views.contact_plan, name="contact-plan"),
    path("people/<int:pk>/discharge/", views.discharge, name="discharge"),
    path("waiting-list/", views.waiting_list, name="waiting-list"),
    # Managers
    path("manage/continuity/", views.continuity, name="continuity"),
    path("manage/workload/", views.workload, name="workload"),
    path("manage/teams/<int:pk>/rules/", views.team_rules, name="team-rules"),
    path("manage/teams/<int:pk>/types/", views.types, name="types"),
    path("manage/teams/<int:pk>/types/new/", views.type_add, name="type-add"),
    path("manage/types/<int:pk>/", views.type_change, name="type-change"),
    path("manage/sites/", views.sites, name="sites"),
    path("manage/sites/new/", views.site_add, name="site-add"),
    path("manage/sites/<int:pk>/rooms/new/", views.room_add, name="room-add"),
]
