from django.urls import path

from tandem.inclusion import views

app_name = "inclusion"
urlpatterns = [
    # Service users
    path("me/help/", views.my_help, name="my-help"),
    path("me/help/new/", views.ask_for_help, name="ask-for-help"),
    path("me/how-you-are-seen/", views.my_changes, name="my-changes"),
    path("me/how-you-are-seen/new/", views.ask_for_change, name="ask-for-change"),
    # Staff
    path("queue/", views.queue, name="queue"),
    path("help/<int:pk>/", views.help_request, name="help-request"),
    path("help/<int:pk>/record/", views.help_record, name="help-record"),
    path("help/<int:pk>/close/", views.help_close, name="help-close"),
    path("people/<int:pk>/", views.person, name="person"),
    path(
        "people/<int:pk>/how-seen/new/", views.person_ask_for_change, name="person-ask-for-change"
    ),
    path("loans/<int:pk>/return/", views.loan_return, name="loan-return"),
    path("changes/<int:pk>/", views.change_request, name="change-request"),
    # Managers
    path("manage/", views.manager, name="manager"),
]
