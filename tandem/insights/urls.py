"""Equity and service insights, in the ``insights`` namespace, under /insights/."""

from django.urls import URLPattern, path

from tandem.insights import views, views_feedback

app_name = "insights"
urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("feedback/", views_feedback.results, name="feedback"),
    path("report.pdf", views.report_pdf, name="pdf"),
    path("tables/<slug:table>.csv", views.table_csv, name="csv"),
]
