"""The staff security audit: who logged in, failed, was locked out or passed the second factor.

Rows are written from Django's and django-axes' authentication signals (connected in
PortalConfig.ready), so no login path can skip them. They are kept at least
PORTAL_AUDIT_RETENTION_DAYS (never less than 180) days: `security_events_purge` and the model
refuse anything younger.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from portal.clientip import client_ip
from portal.errors import RuleViolation
from portal.models import SecurityEvent, SecurityEventKind

MINIMUM_RETENTION_DAYS = 180


def retention_cutoff() -> datetime:
    """Rows created after this moment must be kept."""
    days = max(MINIMUM_RETENTION_DAYS, settings.PORTAL_AUDIT_RETENTION_DAYS)
    return timezone.now() - timedelta(days=days)


def security_event_record(
    *,
    kind: SecurityEventKind,
    request: HttpRequest | None = None,
    user=None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Write one audit row; the client address comes from portal.clientip, never a raw header."""
    if user is not None and not user.is_authenticated:
        user = None
    event = SecurityEvent(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        detail=detail[:300],
    )
    if request is not None:
        event.ip_address = client_ip(request) or None
        event.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        event.path = request.path[:300]
    event.full_clean()
    event.save()
    return event


def security_events_purge(*, older_than_days: int) -> int:
    """Delete audit rows older than `older_than_days`; refuses a period under the retention."""
    minimum = max(MINIMUM_RETENTION_DAYS, settings.PORTAL_AUDIT_RETENTION_DAYS)
    if older_than_days < minimum:
        raise RuleViolation(f"安全审计记录至少保存 {minimum} 天，不能清理更近的记录。")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        deleted, _ = SecurityEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def on_logged_in(sender, request, user, **kwargs) -> None:
    security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=user)


def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
    )


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    security_event_record(
        kind=SecurityEventKind.LOCKED_OUT,
        request=request,
        username=username or "",
        detail=f"连续失败 {settings.AXES_FAILURE_LIMIT} 次，锁定账号与地址 {ip_address}",
    )


def connect_signals() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="portal.audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="portal.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="portal.audit.failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="portal.audit.locked")
