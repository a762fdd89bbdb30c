"""Content-Security-Policy (django-csp) with one admin exception.

Every response carries the strict policy of settings.CONTENT_SECURITY_POLICY: scripts only from
this site, no plugins, no foreign base URL, framing only by ourselves. Wagtail's own admin
templates still write a few inline scripts (date pickers, inline panels) that carry no nonce, so
responses under the admin prefix, reachable only by staff past the password and the second
factor, also allow inline script. Every other directive stays strict there too.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import NoReverseMatch, reverse

ADMIN_SCRIPT_UPDATE = {"script-src": [UNSAFE_INLINE]}


def _under_admin(path: str) -> bool:
    """A URL conf without the admin (an error page, a test's own URLs) has nothing to exempt; the
    middleware must never turn a response into a second error."""
    try:
        return path.startswith(reverse("wagtailadmin_home"))
    except NoReverseMatch:
        return False


class PortalCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if _under_admin(request.path):
            response._csp_update = {
                **(getattr(response, "_csp_update", None) or {}),
                **ADMIN_SCRIPT_UPDATE,
            }
        return super().process_response(request, response)
