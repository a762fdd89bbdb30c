"""Personal data the way 依申请公开 treats it: masked in lists, shown whole only to the staff who
handle the record, every reveal and change written to the audit log, erased after retention."""

import re

from django.conf import settings
from django.http import HttpRequest

from portal.clientip import client_ip as real_client_ip
from taxpayer import rules
from taxpayer.models import AuditLog

PRIVACY_NOTICE = (
    "个人信息处理告知：本机关收集您的名称（姓名）、联系电话、电子邮箱和纳税人识别号，仅用于办理"
    "本次事项、向您反馈结果和回访。联系方式加密保存，仅经办人员可见，每次查看均留痕。办结后保存"
    "{days}天，期满后删除个人信息，仅保留不含个人信息的统计数据。"
)


def retention_days() -> int:
    return getattr(settings, "TAXPAYER_PII_RETENTION_DAYS", rules.PII_RETENTION_DAYS_DEFAULT)


def privacy_notice() -> str:
    return PRIVACY_NOTICE.format(days=retention_days())


def phone_error(value: str) -> str:
    """A mobile number or a landline with area code, as written by taxpayers (spaces, dashes)."""
    digits = re.sub(r"[\s-]", "", value or "")
    if re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", digits):
        return ""
    return "请填写有效的手机号码（11位）或带区号的固定电话。"


def normalised_phone(value: str) -> str:
    """The number as dialled: spaces dropped, an area code's dash kept ('0564-1234567')."""
    return re.sub(r"\s", "", value or "")


def email_error(value: str) -> str:
    """An optional e-mail address: empty is fine, anything else must be an address."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if not (value or "").strip():
        return ""
    try:
        validate_email(value.strip())
    except ValidationError:
        return "请填写有效的电子邮箱。"
    return ""


def taxpayer_id_error(value: str) -> str:
    """纳税人识别号: an 18-character 统一社会信用代码, or 15/17/20 characters for older ones."""
    value = (value or "").strip().upper()
    if not value or re.fullmatch(r"[0-9A-Z]{15}|[0-9A-Z]{17,18}|[0-9A-Z]{20}", value):
        return ""
    return "纳税人识别号应为15、17、18或20位数字或大写字母。"


def masked(value: str, *, head: int = 3, tail: int = 4) -> str:
    """'13800138000' → '138****8000'; values too short to show both ends show one character."""
    value = value or ""
    if len(value) <= head + tail:
        return value[:1] + "*" * (len(value) - 1) if value else ""
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def masked_email(value: str) -> str:
    local, at, domain = (value or "").partition("@")
    return f"{local[:1]}***@{domain}" if at else masked(value, head=1, tail=0)


def client_ip(request: HttpRequest | None) -> str | None:
    """The requester's real address (behind the configured trusted proxies), for the audit row."""
    return (real_client_ip(request) or None) if request is not None else None


def audit(*, action: str, number: str, user=None, detail: str = "", ip: str | None = None) -> None:
    """Append one audit row; a public (anonymous) action keeps the user empty and the IP."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    AuditLog.objects.create(
        record_number=number,
        user=user if signed_in else None,
        username=user.get_username() if signed_in else "",
        action=action,
        detail=detail,
        ip=ip,
    )
