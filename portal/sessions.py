"""Staff sessions end after 30 idle minutes and after 8 hours whatever happens (等保 level 3).

The login time and the last request time live in the session; a signed-in request past either
limit is signed out, audited and sent back to the login page. Anonymous sessions (an applicant's
tracking list) are left alone. The session key itself rotates at login (django.contrib.auth).
"""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from portal.models import SecurityEventKind

AUTH_AT = "portal_auth_at"
SEEN_AT = "portal_seen_at"
# Refreshing the idle stamp writes the session; once a minute is precise enough.
TOUCH_EVERY_SECONDS = 60


def on_logged_in(sender, request, user, **kwargs) -> None:
    now = int(time.time())
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    request.session.set_expiry(settings.PORTAL_STAFF_MAX_SECONDS)


def connect_signals() -> None:
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_logged_in, dispatch_uid="portal.sessions.login")


def expiry_reason(session, now: int) -> str:
    """Why this signed-in session is over, or "" while it is still good."""
    auth_at, seen_at = session.get(AUTH_AT), session.get(SEEN_AT)
    if not isinstance(auth_at, int) or not isinstance(seen_at, int):
        return "登录信息不完整"
    if now - auth_at > settings.PORTAL_STAFF_MAX_SECONDS:
        return f"登录已超过 {settings.PORTAL_STAFF_MAX_SECONDS // 3600} 小时"
    if now - seen_at > settings.PORTAL_STAFF_IDLE_SECONDS:
        return f"超过 {settings.PORTAL_STAFF_IDLE_SECONDS // 60} 分钟未操作"
    return ""


class StaffSessionTimeoutMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            reason = expiry_reason(request.session, now)
            if reason:
                return self._sign_out(request, user, reason)
            if now - request.session[SEEN_AT] >= TOUCH_EVERY_SECONDS:
                request.session[SEEN_AT] = now
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, user, reason: str) -> HttpResponse:
        from portal.audit import security_event_record

        security_event_record(
            kind=SecurityEventKind.SESSION_EXPIRED, request=request, user=user, detail=reason
        )
        logout(request)
        messages.warning(request, f"{reason}，已自动退出，请重新登录。")
        login_url = reverse("wagtailadmin_login")
        return HttpResponseRedirect(f"{login_url}?next={quote(request.get_full_path())}")
