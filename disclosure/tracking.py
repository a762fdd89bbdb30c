"""The 查询码 after the receipt page: a receipt that holds it, and a new one when it is lost.

Only the code's hash is stored, so a lost code cannot be shown again: a new one replaces it (the
old one stops working at once) and is sent to the e-mail address the applicant gave, never shown
on the public page. Staff may also issue one from the ledger for applicants without e-mail, and
see it once to hand over. Every issue is audited and recorded (not public) in the request's
handling record; the code itself is blanked from the stored e-mail after sending (`secrets=`).
"""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from disclosure.audit import audit_record
from disclosure.models import DisclosureRequest, EventKind, RequestEvent
from disclosure.notices import cn_date, office_name
from disclosure.services import _new_tracking_code, mail_reference, tracking_code_hash
from lists.organisations import disclosure_office
from portal.mail import mail_queue

# Per request, whatever the address asking: the applicant's mailbox is not to be flooded.
REISSUES_PER_DAY = 3
REISSUE_WINDOW_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Reissued:
    request: DisclosureRequest
    code: str
    mailed: bool


def _reissue_key(request: DisclosureRequest) -> str:
    return f"disclosure:code-reissues:{request.pk}"


def _actor_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "申请人"
    return user.get_full_name() or user.get_username()


@transaction.atomic
def tracking_code_reissue(
    *, request: DisclosureRequest, actor=None, ip: str | None = None
) -> Reissued:
    """Replace the 查询码; the old one no longer opens the request. Mailed when there is an
    address; the caller shows `code` only to staff (never on a public page)."""
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    code = _new_tracking_code()
    request.tracking_code_hash = tracking_code_hash(code)
    request.save(update_fields=["tracking_code_hash", "updated_at"])
    by_staff = actor is not None and getattr(actor, "is_authenticated", False)
    event = RequestEvent(
        request=request,
        kind=EventKind.NOTE,
        occurred_on=timezone.localdate(),
        actor=actor if by_staff else None,
        actor_name=_actor_name(actor),
        public=False,
        note="工作人员重新生成查询码，原查询码作废"
        if by_staff
        else "申请人通过电子邮箱重新获取查询码，原查询码作废",
    )
    event.full_clean()
    event.save()
    audit_record(
        action="tracking_code_reissue",
        request=request,
        user=actor,
        ip=ip,
        detail="工作人员补发" if by_staff else "申请人自助找回",
    )
    mailed = bool(request.email)
    if mailed:
        office = disclosure_office()
        phone = f"\n联系电话：{office.phone}" if office and office.phone else ""
        mail_queue(
            topic="disclosure",
            to=request.email,
            subject=f"【政府信息公开】新的查询码（{request.number}）",
            body=f"{request.applicant_name}：\n\n您的政府信息公开申请（申请编号 {request.number}）"
            f"已于{cn_date(timezone.localdate())}重新生成查询码，原查询码已作废。\n"
            f"新的查询码：{code}（请妥善保管）。\n\n如非本人操作，请联系我们。\n\n"
            f"{office_name()}{phone}\n本邮件由系统自动发送，请勿回复。",
            reference=mail_reference(request),
            secrets=[code],
        )
    return Reissued(request=request, code=code, mailed=mailed)


def tracking_code_request(*, number: str, email: str, ip: str | None = None) -> bool:
    """An applicant asks for a new code by 申请编号 + the e-mail given in the application.

    True when a new code was mailed. The public page answers the same either way, so nobody
    learns whether a number exists or which address it has; refusals are audited all the same.
    """
    request = DisclosureRequest.objects.filter(number=number.strip().upper()).first()
    if request is None:
        audit_record(action="tracking_code_refused", ip=ip, detail=f"无此编号 {number[:20]}")
        return False
    given = email.strip().casefold()
    if not request.email or request.email.strip().casefold() != given:
        audit_record(action="tracking_code_refused", request=request, ip=ip, detail="邮箱不符")
        return False
    sent = cache.get(_reissue_key(request), 0)
    if sent >= REISSUES_PER_DAY:
        audit_record(action="tracking_code_refused", request=request, ip=ip, detail="次数超限")
        return False
    tracking_code_reissue(request=request, ip=ip)
    cache.set(_reissue_key(request), sent + 1, REISSUE_WINDOW_SECONDS)
    return True


def receipt_pdf(request: DisclosureRequest, code: str) -> bytes:
    """The applicant's printable receipt with the 查询码 (only while they still hold it)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string(
        "disclosure/receipt_pdf.html",
        {
            "req": request,
            "code": code,
            "office_name": office_name(),
            "office": disclosure_office(),
            "received_on": cn_date(request.received_on),
            "reply_due_on": cn_date(request.reply_due_on),
            "issued_on": cn_date(timezone.localdate()),
        },
    )
    return HTML(string=html).write_pdf()
