"""The audit log: every view and change of a request, with who, when, what and from which IP."""

from django.http import HttpRequest

from disclosure.models import AuditLog, DisclosureRequest


def client_ip(http_request: HttpRequest | None) -> str | None:
    if http_request is None:
        return None
    return http_request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    request: DisclosureRequest | None = None,
    user=None,
    detail: str = "",
    ip: str | None = None,
) -> AuditLog:
    """Append one audit row; anonymous (public) actions keep user empty and record the IP."""
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditLog.objects.create(
        request=request,
        request_number=request.number if request is not None else "",
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action,
        detail=detail,
        ip=ip,
    )
