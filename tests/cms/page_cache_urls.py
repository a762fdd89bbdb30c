"""The portal's URLs plus a public page with a CSRF-protected form, for the page-cache tests."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path


def form_page(request):
    token = get_token(request)
    return HttpResponse(
        f'<form method="post"><input name="csrfmiddlewaretoken" value="{token}"></form>'
    )


urlpatterns = [path("form-page/", form_page), path("", include("portal.urls"))]
