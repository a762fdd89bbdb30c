"""Login lockout (django-axes) as staff see it: the lockout page and the 登录锁定 admin screen.

django-axes counts failures per account and per client address (portal.clientip) and refuses
further logins for AXES_COOLOFF_TIME; a superuser can lift a lock at once from the admin menu.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.audit import security_event_record
from portal.models import SecurityEvent, SecurityEventKind

COOLOFF = timedelta(hours=settings.AXES_COOLOFF_TIME)
AUDIT_PAGE_SIZE = 200


def locked_out_response(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """What a locked-out login sees (429): how long, and whom to ask."""
    return render(
        request,
        "portal/security/locked_out.html",
        {"minutes": int(COOLOFF.total_seconds() // 60), "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def active_lockouts():
    """Attempt counters that currently refuse logins, newest first."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - COOLOFF,
    ).order_by("-attempt_time")


def _superuser_only(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def lockout_list(request: HttpRequest) -> HttpResponse:
    _superuser_only(request)
    return render(
        request,
        "portal/security/lockouts.html",
        {"lockouts": active_lockouts(), "limit": settings.AXES_FAILURE_LIMIT},
    )


@require_POST
def lockout_release(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift the lock of one account and its address; audited with who lifted it."""
    _superuser_only(request)
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    username, address = attempt.username or "", attempt.ip_address or ""
    reset(username=username or None, ip=address or None, ip_or_username=True)
    security_event_record(
        kind=SecurityEventKind.UNLOCKED,
        request=request,
        username=username,
        detail=f"解除人：{request.user.get_username()}；地址：{address}",
    )
    messages.success(request, f"已解除对账号 {username or '（空）'} 与地址 {address} 的锁定。")
    return redirect("portal_security:lockouts")


def audit_list(request: HttpRequest) -> HttpResponse:
    _superuser_only(request)
    kind = request.GET.get("kind", "")
    username = request.GET.get("username", "").strip()[:150]
    events = SecurityEvent.objects.all()
    if kind in SecurityEventKind.values:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(Q(username__icontains=username))
    return render(
        request,
        "portal/security/audit.html",
        {
            "events": events[:AUDIT_PAGE_SIZE],
            "kinds": SecurityEventKind.choices,
            "kind": kind,
            "username": username,
            "retention_days": settings.PORTAL_AUDIT_RETENTION_DAYS,
            "page_size": AUDIT_PAGE_SIZE,
        },
    )
