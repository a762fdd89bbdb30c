"""Content-Security-Policy (django-csp) with one admin exception.

Every response carries the strict policy of settings.CONTENT_SECURITY_POLICY: scripts only from
this site, no plugins, no foreign base URL, framing only by ourselves. Wagtail's own admin
templates still write a few inline scripts (date pickers, inline panels) that carry no nonce, so
responses under the admin prefix, reachable only by staff past the password and the second
factor, also allow inline script. Every other directive stays strict there too.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse

ADMIN_SCRIPT_UPDATE = {"script-src": [UNSAFE_INLINE]}


class PortalCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(reverse("wagtailadmin_home")):
            response._csp_update = {
                **(getattr(response, "_csp_update", None) or {}),
                **ADMIN_SCRIPT_UPDATE,
            }
        return super().process_response(request, response)
