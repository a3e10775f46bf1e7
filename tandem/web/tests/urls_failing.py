"""Tandem's own URLs plus one view that fails, to see the 500 page's headers."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tandem.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug, on purpose")


urlpatterns = [*urlpatterns, path("fails/", fails)]
