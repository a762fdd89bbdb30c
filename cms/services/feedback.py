"""我为政府网站找错: storing a report and staff's answer (mailed when an address is given)."""

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.models import FeedbackStatus, SiteFeedback
from portal.errors import RuleViolation
from portal.mail import mail_queue

REFERENCE_ATTEMPTS = 5
DESCRIPTION_MIN_LENGTH = 5
DESCRIPTION_MAX_LENGTH = 2000


def _new_reference(moment: datetime) -> str:
    """ZC + the Beijing date + six random digits: short enough to read out on the phone."""
    day = timezone.localtime(moment).strftime("%Y%m%d")
    return f"ZC{day}{secrets.randbelow(10**6):06d}"


def feedback_submit(
    *,
    page_url: str,
    category: str,
    description: str,
    name: str = "",
    phone: str = "",
    email: str = "",
) -> SiteFeedback:
    """Store one report; a rare clash of references is retried with a fresh one."""
    description = description.strip()
    if len(description) < DESCRIPTION_MIN_LENGTH:
        raise RuleViolation(
            f"问题描述至少 {DESCRIPTION_MIN_LENGTH} 个字，请写明哪里有误。", field="description"
        )
    now = timezone.now()
    for attempt in range(REFERENCE_ATTEMPTS):
        feedback = SiteFeedback(
            reference=_new_reference(now),
            page_url=page_url.strip()[:500],
            category=category,
            description=description[:DESCRIPTION_MAX_LENGTH],
            name=name.strip(),
            phone=phone.strip(),
            email=email.strip(),
            submitted_at=now,
        )
        feedback.full_clean()
        try:
            with transaction.atomic():
                feedback.save()
        except IntegrityError:
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            continue
        return feedback
    raise AssertionError("unreachable")


def feedback_answer(*, feedback: SiteFeedback, status: str, reply: str, user) -> SiteFeedback:
    """Record staff's handling; an answer needs a reply, which is mailed if the visitor left an
    address (sent after commit through the portal's mail queue)."""
    reply = reply.strip()
    if status not in FeedbackStatus.values:
        raise RuleViolation("请选择有效的处理状态。", field="status")
    if status in (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED) and not reply:
        raise RuleViolation("答复或不予处理时，请填写答复内容。", field="reply")
    with transaction.atomic():
        locked = SiteFeedback.objects.select_for_update().get(pk=feedback.pk)
        newly_answered = (
            reply
            and (reply != locked.reply or status != locked.status)
            and status in (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED)
        )
        locked.status = status
        locked.reply = reply
        if newly_answered:
            locked.replied_at = timezone.now()
            locked.replied_by = user
        locked.full_clean()
        locked.save()
        if newly_answered and locked.email:
            mail_queue(
                topic="site-feedback",
                to=locked.email,
                subject=f"对您反映的网站问题（{locked.reference}）的答复",
                body=(
                    f"您好！\n\n您于{timezone.localtime(locked.submitted_at):%Y年%m月%d日}"
                    f"通过“我为政府网站找错”反映的问题（编号 {locked.reference}）已处理。\n\n"
                    f"处理结果：{locked.get_status_display()}\n答复：{reply}\n\n"
                    "感谢您对政府网站建设的关心和支持。"
                ),
                reference=f"cms.sitefeedback:{locked.pk}",
            )
    return locked
