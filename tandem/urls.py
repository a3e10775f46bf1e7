from django.urls import include, path

from tandem.home.urls import urlpatterns as home_urlpatterns
from tandem.safety.urls import service_urlpatterns as safety_service_urlpatterns

urlpatterns = [
    path("", include("tandem.home.signin_urls")),
    path("", include("tandem.web.urls")),
    # The people pages, with the service-wide crisis lines that safety serves
    # (issue 23), in one ``people`` namespace so every URL name stays as it was.
    path("", include((home_urlpatterns + safety_service_urlpatterns, "people"))),
    path("preferences/", include("tandem.preferences.urls")),
    path("inclusion/", include("tandem.inclusion.urls")),
    path("guidance/", include("tandem.guidance.urls")),
    path("tasks/", include("tandem.worklist.urls")),
    path("appointments/", include("tandem.appointments.urls")),
    path("messages/", include("tandem.messaging.urls")),
    path("carers/", include("tandem.carers.urls")),
    path("my-record/", include("tandem.record.urls")),
    path("fhir/", include("tandem.fhir.urls")),
    path("safety-plan/", include("tandem.safety.urls")),
    path("care-plan/", include("tandem.careplans.urls")),
    path("concerns/", include("tandem.warnings.urls")),
    path("questionnaires/", include("tandem.measures.urls")),
    path("diary/", include("tandem.diary.urls")),
    path("alerts/", include("tandem.alerts.urls")),
    path("insights/", include("tandem.insights.urls")),
    path("video/", include("tandem.consult.urls")),
    path("group-calls/", include("tandem.groupcall.urls")),
    path("service/caseload-import/", include("tandem.imports.urls")),
    path("staff/", include("tandem.staffing.urls")),
    path("", include("tandem.invitations.urls")),
    path("account/", include("tandem.signin.urls")),
    path("service/translations/", include("tandem.web.translation_urls")),
    path("local-support/", include("tandem.directory.urls")),
    # /readyz/ and /metrics for the operations team (ADR 0045).
    path("", include("tandem.operations.urls")),
    path("support/", include("tandem.support.urls")),
    path("feedback/", include("tandem.feedback.urls")),
    path("groups/", include("tandem.groups.urls")),
]

handler400 = "tandem.web.views.bad_request"
handler403 = "tandem.web.views.forbidden"
handler404 = "tandem.web.views.not_found"
handler500 = "tandem.web.views.server_error"
