"""Limits that hold for every URL, so no view has to remember them.

- `RequestBodyLimitMiddleware` refuses a request whose declared body exceeds
  PORTAL_MAX_REQUEST_BYTES with 413 before a byte of the body is read (the reverse proxy should
  refuse it even earlier: nginx `client_max_body_size`). Django reads no more than Content-Length,
  so a body without one is never read past it either.
- `RowIdRangeMiddleware` answers 404 when a URL's integer argument cannot be a database id
  (above the 64-bit range): PostgreSQL would simply find nothing, but SQLite's driver overflows
  and would answer 500. The same check runs for Wagtail routable-page routes (`serve_args_in_range`,
  hooked as before_serve_page), so `<int:...>` is safe in every app without a custom converter.
"""

from collections.abc import Iterable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

LARGEST_ROW_ID = 2**63 - 1


class RequestBodyLimitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.PORTAL_MAX_REQUEST_BYTES
        if declared > limit:
            response = render(
                request,
                "portal/request_too_large.html",
                {"limit_mb": limit // (1024 * 1024)},
                status=413,
            )
            # The unread body must not be taken for the next request on this connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


def _out_of_range(values: Iterable) -> bool:
    for value in values:
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and not -LARGEST_ROW_ID - 1 <= value <= LARGEST_ROW_ID:
            return True
        if isinstance(value, tuple | list) and _out_of_range(value):
            return True
        if isinstance(value, dict) and _out_of_range(value.values()):
            return True
    return False


class RowIdRangeMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _out_of_range(view_args) or _out_of_range(view_kwargs.values()):
            raise Http404("编号超出范围")
        return None


def serve_args_in_range(page, request, serve_args, serve_kwargs) -> None:
    """Wagtail before_serve_page hook: a routable page's `<int:...>` route gets the same check."""
    if _out_of_range(serve_args) or _out_of_range(serve_kwargs.values()):
        raise Http404("编号超出范围")
