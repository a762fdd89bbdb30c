"""Project-level views: health probe and friendly error pages."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health import check_health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Load balancers and monitors poll this; 503 names the failing dependency."""
    report = check_health()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
