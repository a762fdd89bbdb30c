"""The audit log: every view and change of a request, with who, when, what and from which IP."""

from django.http import HttpRequest

from disclosure.models import AuditLog, DisclosureRequest
from portal.clientip import client_ip as real_client_ip


def client_ip(http_request: HttpRequest | None) -> str | None:
    """The requester's real address (behind the configured trusted proxies), for the audit row."""
    if http_request is None:
        return None
    return real_client_ip(http_request) or None


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
