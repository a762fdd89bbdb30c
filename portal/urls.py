"""URL map: app URLs first, Wagtail's page tree catches the rest."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import openapi, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/openapi.json", openapi.openapi_json, name="api-openapi"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("search.urls")),
    path("", include("policies.urls")),
    path("disclosure/", include("disclosure.urls")),
    path("consultation/", include("consultation.urls")),
    path("", include("lists.urls")),
    path("", include("annual_report.urls")),
    path("taxpayer/", include("taxpayer.urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
