"""Writes for consultations: comments, moderation, dispositions, feedback.

A comment is committed first; its e-mails are only queued on the portal's one mail queue in the
same transaction and sent after commit, so a mail failure can never lose a comment. Failed mail
stays queued with its error and is retried by ``manage.py send_queued_mail``. A broken rule raises
``RuleViolation`` with the message shown to the person as is; nothing has been changed then.
"""

import re
import secrets
import time
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.html import escape

from consultation import rules
from consultation.models import (
    DISPOSITION_CHOICES,
    MAIL_TOPIC,
    Comment,
    ConsultationFeedback,
    ConsultationPage,
)
from consultation.selectors import article_by_key, feedback_figures
from lists.organisations import organisation
from portal.errors import RuleViolation
from portal.mail import mail_queue

TEXT_MIN_LENGTH = 5
TEXT_MAX_LENGTH = 5000
_LOCK_RETRIES = 8


def window_message(page: ConsultationPage, now: datetime) -> str:
    status = rules.consultation_status(
        opens_at=page.opens_at, closes_at=page.closes_at, feedback_published=False, now=now
    )
    if status == rules.STATUS_UPCOMING:
        return f"本次征求意见尚未开始，将于 {rules.moment_text(page.opens_at)} 开始接收意见。"
    return f"本次征求意见已于 {rules.moment_text(page.closes_at, end=True)} 截止，不再接收意见。"


def receipt_number_for(comment: Comment) -> str:
    """ZQ + submission date (Beijing time) + the row id: unique because the id is."""
    return f"ZQ{rules.local(comment.submitted_at):%Y%m%d}{comment.pk:07d}"


def comment_submit(
    *,
    consultation: ConsultationPage,
    text: str,
    kind: str,
    contact: str,
    privacy_accepted: bool,
    name: str = "",
    article_key: str = "",
    attachment: UploadedFile | None = None,
    now: datetime | None = None,
) -> Comment:
    """Store one comment and give it a receipt number; refuses outside the window."""
    if not privacy_accepted:
        raise RuleViolation("请阅读并同意个人信息保护告知后再提交。", field="privacy_accepted")
    article_label = ""
    if article_key:
        article = article_by_key(consultation, article_key)
        if article is None:
            raise RuleViolation("所选条款不存在，请返回征求意见稿重新选择。", field="article_key")
        article_label = article.number
    if consultation.name_required and not name.strip():
        raise RuleViolation("请填写姓名或单位名称。", field="name")
    if not TEXT_MIN_LENGTH <= len(text.strip()) <= TEXT_MAX_LENGTH:
        raise RuleViolation(
            f"意见内容应为 {TEXT_MIN_LENGTH} 至 {TEXT_MAX_LENGTH} 个字。", field="text"
        )

    attempt = 0
    while True:
        try:
            return _store_comment(
                consultation=consultation,
                fields={
                    "article_key": article_key,
                    "article_label": article_label,
                    "name": name.strip(),
                    "kind": kind,
                    "contact": contact.strip(),
                    "text": text.strip(),
                    "attachment": attachment,
                    "attachment_name": (attachment.name if attachment else "")[:200],
                },
                now=now,
            )
        except OperationalError as error:
            # SQLite answers "database is locked" under concurrent writers; a short wait and a
            # retry keeps the comment. Inside an outer transaction a retry cannot help.
            attempt += 1
            if connection.in_atomic_block or attempt > _LOCK_RETRIES or "lock" not in str(error):
                raise
            time.sleep(0.05 * attempt)


def _store_comment(*, consultation: ConsultationPage, fields: dict, now: datetime | None):
    with transaction.atomic():
        moment = now or timezone.now()
        if not rules.is_accepting_comments(
            opens_at=consultation.opens_at, closes_at=consultation.closes_at, now=moment
        ):
            raise RuleViolation(window_message(consultation, moment))
        comment = Comment(
            consultation=consultation,
            privacy_accepted_at=moment,
            submitted_at=moment,
            **fields,
        )
        try:
            comment.full_clean(exclude=["receipt_number", "attachment"])
        except ValidationError as error:
            raise RuleViolation("；".join(error.messages)) from error
        comment.save()
        comment.receipt_number = receipt_number_for(comment)
        comment.save(update_fields=["receipt_number"])
        _queue_mail(comment)
    return comment


def _queue_mail(comment: Comment) -> None:
    """Tell the department (when the page names an address) and the commenter (when they left an
    e-mail address rather than a phone number) that the comment arrived."""
    page = comment.consultation
    reference = f"consultation.comment:{comment.pk}"
    mail_queue(
        topic=MAIL_TOPIC,
        reference=reference,
        to=page.notify_email,
        subject=f"【征求意见】收到新意见：{page.title}",
        body=(
            f"《{page.title}》收到一条新意见。\n"
            f"回执编号：{comment.receipt_number}\n"
            f"针对：{comment.target_label}\n"
            "请登录管理后台查看和处理。"
        ),
    )
    if "@" in comment.contact:
        mail_queue(
            topic=MAIL_TOPIC,
            reference=reference,
            to=comment.contact,
            subject=f"意见已收到（回执编号 {comment.receipt_number}）",
            body=(
                f"您对《{page.title}》提出的意见已收到。\n"
                f"回执编号：{comment.receipt_number}\n"
                f"提交时间：{rules.local(comment.submitted_at):%Y年%m月%d日 %H:%M}\n"
                "感谢您的参与。意见采纳情况将在征求意见结束后在原页面公布。"
            ),
        )


@transaction.atomic
def comment_moderate(
    *, comment: Comment, approve: bool, reason: str = "", user: AbstractBaseUser
) -> Comment:
    """Approve a comment for publication, or refuse publication with a reason."""
    if not comment.consultation.publish_comments:
        raise RuleViolation("本次征求意见不公开意见内容，无需审核。")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise RuleViolation("不予公开时须填写理由。", field="reason")
    comment.moderation_status = "approved" if approve else "rejected"
    comment.moderation_reason = "" if approve else reason[:300]
    comment.moderated_by = user
    comment.moderated_at = timezone.now()
    comment.save(
        update_fields=["moderation_status", "moderation_reason", "moderated_by", "moderated_at"]
    )
    return comment


@transaction.atomic
def comment_dispose(
    *, comment: Comment, disposition: str, reason: str = "", user: AbstractBaseUser
) -> Comment:
    """Record whether a comment was adopted; 部分采纳 and 未采纳 must say why."""
    if disposition not in dict(DISPOSITION_CHOICES):
        raise RuleViolation("请选择采纳情况：采纳、部分采纳或未采纳。", field="disposition")
    reason = (reason or "").strip()
    if disposition != "adopted" and not reason:
        raise RuleViolation("部分采纳或未采纳时须填写理由。", field="reason")
    comment.disposition = disposition
    comment.disposition_reason = reason
    comment.disposed_by = user
    comment.disposed_at = timezone.now()
    comment.save(update_fields=["disposition", "disposition_reason", "disposed_by", "disposed_at"])
    return comment


def feedback_publish(
    *,
    consultation: ConsultationPage,
    summary: str,
    main_opinions: str,
    user: AbstractBaseUser,
    final_document=None,
    now: datetime | None = None,
) -> ConsultationFeedback:
    """Publish 意见采纳情况 after closing, with figures taken from the dispositions.

    Refused while comments are still being received or while any comment has no disposition,
    so the published numbers always add up.
    """
    now = now or timezone.now()
    summary, main_opinions = (summary or "").strip(), (main_opinions or "").strip()
    with transaction.atomic():
        if now < consultation.closes_at:
            raise RuleViolation("征求意见结束后才能发布意见采纳情况。")
        if not summary:
            raise RuleViolation("请填写采纳情况说明。", field="summary")
        figures = feedback_figures(consultation)
        if figures["undisposed_count"]:
            raise RuleViolation(
                f"尚有 {figures['undisposed_count']} 条意见未处理，请先逐条确定采纳情况。"
            )
        if figures["not_adopted_count"] and not main_opinions:
            raise RuleViolation(
                "有未采纳的意见，请说明主要意见及未采纳理由。", field="main_opinions"
            )
        feedback, _ = ConsultationFeedback.objects.select_for_update().get_or_create(
            consultation=consultation,
            defaults={"summary": summary, "main_opinions": main_opinions},
        )
        feedback.summary = summary
        feedback.main_opinions = main_opinions
        for name in (
            "comment_count",
            "commenter_count",
            "adopted_count",
            "partially_adopted_count",
            "not_adopted_count",
        ):
            setattr(feedback, name, figures[name])
        if final_document is not None:
            feedback.final_document = final_document
        feedback.published_at = feedback.published_at or now
        feedback.published_by = user
        feedback.save()
    _reindex(consultation)
    return feedback


def feedback_link_document(
    *, consultation: ConsultationPage, final_document
) -> ConsultationFeedback:
    """Link the issued document from the policy library once it exists."""
    feedback = ConsultationFeedback.objects.filter(
        consultation=consultation, published_at__isnull=False
    ).first()
    if feedback is None:
        raise RuleViolation("请先发布意见采纳情况，再关联正式文件。")
    if final_document is not None and not final_document.live:
        raise RuleViolation("所选正式文件尚未发布。", field="final_document")
    feedback.final_document = final_document
    feedback.save(update_fields=["final_document"])
    _reindex(consultation)
    return feedback


def _reindex(consultation: ConsultationPage) -> None:
    from search.indexing import update_object

    if consultation.live:
        update_object(consultation)


_CHAPTER = re.compile(r"^(第[一二三四五六七八九十百零〇]+章)\s*(.*)$")
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇]+条)\s*(.*)$")


def draft_from_text(text: str) -> list[dict]:
    """Plain text to draft blocks: 第N章 lines become chapters, 第N条 lines articles, and other
    lines paragraphs (a line after an article continues it as a new paragraph)."""
    blocks: list[dict] = []
    for raw in text.splitlines():
        line = raw.strip().replace("\u3000", "")
        if not line:
            continue
        if match := _CHAPTER.match(line):
            blocks.append(
                {"type": "chapter", "value": {"number": match[1], "title": match[2].strip()}}
            )
        elif match := _ARTICLE.match(line):
            blocks.append(
                {
                    "type": "article",
                    "value": {"number": match[1], "text": f"<p>{escape(match[2].strip())}</p>"},
                }
            )
        elif blocks and blocks[-1]["type"] == "article":
            blocks[-1]["value"]["text"] += f"<p>{escape(line)}</p>"
        else:
            blocks.append({"type": "paragraph", "value": f"<p>{escape(line)}</p>"})
    return blocks


@transaction.atomic
def consultation_create(
    *,
    parent,
    title: str,
    explanation: str,
    draft_text: str,
    department_id: int,
    contact: str,
    opens_at: datetime,
    closes_at: datetime,
    short_period_reason: str = "",
    name_required: bool = True,
    publish_comments: bool = False,
    notify_email: str = "",
    slug: str | None = None,
    publish: bool = True,
    published_at: datetime | None = None,
) -> ConsultationPage:
    """Create (and by default publish) a consultation page from plain text; the 30-day rule
    is checked by the page's own validation, exactly as in the editor, from the moment it goes
    live. `published_at` records an earlier first publication for consultations imported into
    the archive (the demo's history); otherwise it goes live now. The 负责部门 is a unit of
    机构职能, given by its id (``lists.organisations``)."""
    if organisation(department_id) is None:
        raise RuleViolation("所选负责部门不存在，请从机构职能中选择。", field="department")
    page = ConsultationPage(
        title=title,
        slug=slug or f"zqyj-{secrets.token_hex(4)}",
        explanation="".join(f"<p>{escape(p)}</p>" for p in explanation.splitlines() if p.strip()),
        draft=draft_from_text(draft_text),
        department_id=department_id,
        contact=contact,
        opens_at=opens_at,
        closes_at=closes_at,
        short_period_reason=short_period_reason,
        name_required=name_required,
        publish_comments=publish_comments,
        notify_email=notify_email,
        first_published_at=published_at,
        live=False,  # goes live when its revision is published, with the 30-day check
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page
