"""Helpers every taxpayer service shares: the acting person's name, dates that may not lie in
the future, the transition check, and mail to taxpayers and staff through the portal's queue."""

from datetime import date

from django.utils import timezone

from portal.errors import RuleViolation
from portal.mail import mail_queue
from taxpayer import permissions
from taxpayer.transitions import Transition

MAIL_FOOTER = "\n\n本邮件由系统自动发送，请勿回复。"


def actor_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "纳税人"
    return user.get_full_name() or user.get_username()


def staff_or_none(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def cn_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def day_of(on: date | None, *, label: str, not_before: date | None = None) -> date:
    """The date an act happened: today unless given; never in the future, never before the
    record it belongs to began."""
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise RuleViolation(f"{label}不能晚于今天。", field="on")
    if not_before is not None and on < not_before:
        raise RuleViolation(f"{label}不能早于{cn_date(not_before)}。", field="on")
    return on


def check(transition: Transition, *, kind: str, state: str, state_label: str, user, record):
    """Raise unless `transition` is allowed in this state and for this person."""
    if not transition.allowed_in(kind, state):
        raise RuleViolation(f"当前状态为“{state_label}”，不能{transition.label}。")
    if transition.role == "taxpayer":
        if user is not None and getattr(user, "is_authenticated", False):
            raise RuleViolation(f"“{transition.label}”只能由纳税人本人办理。")
        return
    if not permissions.may(user, transition.role, record):
        raise RuleViolation(f"您没有权限{transition.label}。")


def notify(
    *,
    topic: str,
    to: str,
    subject: str,
    greeting: str,
    body: str,
    reference: str,
    secrets: tuple[str, ...] = (),
) -> None:
    """One e-mail through `portal.mail.mail_queue`: stored now, sent after commit, retried."""
    mail_queue(
        topic=topic,
        to=to,
        subject=f"【纳税服务】{subject}（{reference}）",
        body=f"{greeting}：\n\n{body}{MAIL_FOOTER}",
        reference=reference,
        secrets=secrets,
    )
