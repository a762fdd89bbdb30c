"""Writes for 依申请公开: registration and every handling step of the state machine.

Every function is keyword-only, validates before it writes, runs in one transaction, records a
`RequestEvent`, recomputes the derived state (status, deadlines) and writes the audit log. Views,
admin actions, management commands, demo loaders and other apps' tests all call these. Whether an
action is allowed in the current state is asked of the transition table (`transitions.require`),
the statutory numbers come from `rules`, and the status afterwards is the table's target.

A broken rule raises `portal.errors.RuleViolation` with a Chinese message and changes nothing.
Applicants are told by e-mail through the portal's mail queue, in the same transaction.
"""

import hashlib
import hmac
import html
import secrets
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape

from disclosure import rules, selectors, transitions
from disclosure.audit import audit_record
from disclosure.fees import calculate_fee
from disclosure.models import (
    OPEN_STATUSES,
    Assignment,
    Channel,
    CorrectionAttachment,
    DisclosureRequest,
    EventKind,
    Fee,
    FeeMethod,
    NoticeKind,
    NumberSequence,
    ReplyAttachment,
    RequestEvent,
    Status,
    cn_date,
)
from disclosure.notices import REMEDY_WORDS, notice_issue, office_name, reply_notice_kind
from disclosure.taxonomy import (
    APPLICANT_KINDS,
    OUTCOME_CHOICES,
    OUTCOME_CORRECTION_LAPSED,
    OUTCOME_FEE_UNPAID,
)
from disclosure.validators import id_number_error
from lists.organisations import disclosure_office, organisation, remembered
from portal.errors import RuleViolation
from portal.mail import mail_forget, mail_queue
from workdays import calendar as deadlines

MAIL_TOPIC = "disclosure"
EXTENSION_APPROVAL_PERMISSION = "disclosure.approve_extension_disclosurerequest"
PURGED = "（已清除）"
TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _actor_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "申请人"
    return user.get_full_name() or user.get_username()


def tracking_code_hash(code: str) -> str:
    normalized = code.strip().upper().replace("-", "").replace(" ", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"disclosure-tracking:{normalized}".encode(), hashlib.sha256).hexdigest()


def _new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _next_number(year: int) -> str:
    sequence, _ = NumberSequence.objects.select_for_update().get_or_create(year=year)
    NumberSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db()
    return f"YSQ-{year}-{sequence.last:06d}"


def _event(
    request: DisclosureRequest,
    kind: str,
    occurred_on: date,
    actor=None,
    note: str = "",
    public: bool = True,
    due_on: date | None = None,
    days: int | None = None,
    data: dict | None = None,
) -> RequestEvent:
    event = RequestEvent(
        request=request,
        kind=kind,
        occurred_on=occurred_on,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=_actor_name(actor),
        note=note,
        public=public,
        due_on=due_on,
        days=days,
        data=data or {},
    )
    event.full_clean()
    event.save()
    return event


def _not_future(value: date, label: str) -> None:
    if value > timezone.localdate():
        raise RuleViolation(f"{label}不能晚于今天。")


def _not_before_receipt(request: DisclosureRequest, value: date, label: str) -> None:
    if value < request.received_on:
        raise RuleViolation(f"{label}不能早于收到申请日期（{cn_date(request.received_on)}）。")


def _lock(request: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


def mail_reference(request: DisclosureRequest) -> str:
    """The mail queue's key for every message about one request (purged with its data)."""
    return f"disclosure.request:{request.pk}"


def _notify(
    request: DisclosureRequest, subject: str, body: str, secrets: Iterable[str] = ()
) -> None:
    """E-mail the applicant, signed by the disclosure office as 机构职能 records it.

    The applicant's name and contact person, and any 查询码 in `secrets`, go out once and are
    blanked from the stored copy as soon as it is sent (portal.mail): a leaked outbox holds
    nothing that identifies the applicant or opens the request."""
    office = disclosure_office()
    phone = f"\n联系电话：{office.phone}" if office and office.phone else ""
    mail_queue(
        topic=MAIL_TOPIC,
        to=request.email,
        subject=f"【政府信息公开】{subject}（{request.number}）",
        body=f"{request.applicant_name}：\n\n{body}\n\n可凭申请编号和查询码在本门户“依申请公开”"
        f"栏目查询办理进度、下载告知书。\n\n{office_name()}{phone}\n本邮件由系统自动发送，请勿回复。",
        reference=mail_reference(request),
        secrets=[*secrets, request.applicant_name, request.contact_person],
    )


# ---------------------------------------------------------------------------------------------
# Derived state


def request_deadline(
    request: DisclosureRequest, calendar: deadlines.Calendar | None = None
) -> deadlines.Deadline:
    """The reply deadline from the recorded events: restart after 补正, pauses for 征求意见 (at
    most rules.CONSULTATION_DAYS working days each) and 收费, plus an approved extension."""
    events = list(request.events.order_by("occurred_on", "pk"))
    start = request.received_on
    for event in events:
        if event.kind in (EventKind.CORRECTION_RECEIVED, EventKind.CONFIRM_RECEIPT):
            start = event.occurred_on
    pauses: list[tuple[date, date | None]] = []
    open_pause: tuple[date, date | None] | None = None  # (first day, last day it may run to)
    for event in events:
        if event.kind == EventKind.CONSULT_START:
            limit = transitions.consultation_period_end(event.occurred_on, calendar)
            open_pause = (event.occurred_on, limit)
        elif event.kind == EventKind.FEE_NOTICE:
            open_pause = (event.occurred_on, None)
        elif event.kind in (EventKind.CONSULT_END, EventKind.FEE_PAID) and open_pause:
            began, limit = open_pause
            ended = event.occurred_on if limit is None else min(event.occurred_on, limit)
            if ended > start:
                pauses.append((max(began, start), ended))
            open_pause = None
    if open_pause is not None:
        began, limit = open_pause
        pauses.append((max(began, start), limit))
    return deadlines.compute_deadline(
        start, rules.REPLY_DAYS + request.extended_days, pauses, calendar=calendar
    )


def _refresh_deadline(request: DisclosureRequest, calendar=None) -> None:
    if request.status in (Status.REPLIED, Status.ARCHIVED, Status.WITHDRAWN):
        fields = {"step_due_on": None, "step_label": ""}
    elif request.status == Status.UNCONFIRMED:
        automatic = automatic_confirmation_date(timezone.localdate(request.created_at))
        fields = {
            "received_on": automatic,
            "step_due_on": automatic,
            "step_label": "待确认收到申请",
            "reply_due_on": None,
            "reply_due_provisional": False,
        }
    elif request.status == Status.CORRECTION:
        fields = {"reply_due_on": None, "reply_due_provisional": False}
    else:
        deadline = request_deadline(request, calendar)
        paused = request.status == Status.FEE_PENDING or (
            request.status == Status.CONSULTING
            and not transitions.consultation_lapsed(request, timezone.localdate())
        )
        fields = {
            "reply_due_on": None if paused else deadline.due,
            "reply_due_provisional": deadline.provisional,
            "deadline_explanation": deadline.as_dict(),
        }
        if request.status == Status.PROCESSING:
            fields.update(step_due_on=deadline.due, step_label="答复")
    for key, value in fields.items():
        setattr(request, key, value)
    request.save()


def requests_recompute_deadlines() -> int:
    """Recompute every open request's deadline (called when the holiday table changes, and daily
    so that a consultation whose 15 working days ran out shows the running clock again)."""
    calendar = deadlines.Calendar()
    count = 0
    for request in DisclosureRequest.objects.filter(status__in=OPEN_STATUSES):
        _refresh_deadline(request, calendar)
        count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Registration and receipt (条例第三十一条)


def automatic_confirmation_date(submitted_on: date) -> date:
    """The day an online submission counts as confirmed without a staff step: the submission day
    when it is a working day, the next working day otherwise (rules.CONFIRMATION_CHANNELS)."""
    if deadlines.is_workday(submitted_on):
        return submitted_on
    return deadlines.add_working_days(submitted_on, 1)


def _receive(request: DisclosureRequest, event: RequestEvent, code: str | None = None) -> None:
    """The request now counts as received: the reply clock starts, the 登记回执 is issued and the
    applicant is told (with the 查询码 when it has not been sent yet)."""
    _refresh_deadline(request)
    notice_issue(
        request=request, kind=NoticeKind.RECEIPT, issued_on=request.received_on, event=event
    )
    due = cn_date(request.reply_due_on) + ("（暂定）" if request.reply_due_provisional else "")
    text = (
        f"您的政府信息公开申请已登记，申请编号 {request.number}。收到申请日期："
        f"{cn_date(request.received_on)}；法定答复期限：{due}。"
    )
    if code:
        text += f"\n查询码：{code}（请妥善保管）。"
    _notify(request, "申请登记回执", text, secrets=[code] if code else [])


@transaction.atomic
@remembered()
def request_register(
    *,
    channel: str,
    applicant_kind: str,
    applicant_name: str,
    id_type: str,
    id_number: str,
    description: str,
    info_form: str,
    delivery: str,
    received_on: date | None = None,
    receipt_date_reason: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    postal_code: str = "",
    contact_person: str = "",
    doc_number: str = "",
    attachment: File | None = None,
    submission_token: uuid.UUID | None = None,
    consent: bool = True,
    receipt_basis: str = "",
    actor=None,
    ip: str | None = None,
) -> DisclosureRequest:
    """Register a request from any channel; returns it with `.tracking_code` set (shown once).

    The receipt date follows 条例第三十一条 for the channel. Staff type it (`received_on`); an
    in-person date other than today needs `receipt_date_reason`, other channels' dates may not
    lie in the future. An online submission (`received_on` None) is received when the office
    confirms it: on a working day that happens at once, otherwise the request is 待确认 until
    staff confirm it or the next working day comes (`requests_confirm_due`). A repeated
    `submission_token` returns the request already registered for it (no duplicate; its
    `.tracking_code` is then None because the code is only ever shown once).
    """
    if submission_token is not None:
        existing = DisclosureRequest.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            existing.tracking_code = None
            return existing
    if channel not in Channel.values:
        raise RuleViolation("请选择申请渠道。", field="channel")
    if applicant_kind not in dict(APPLICANT_KINDS):
        raise RuleViolation("请选择申请人类型。", field="applicant_kind")
    error = id_number_error(id_type, id_number)
    if error:
        raise RuleViolation(error, field="id_number")
    if not consent:
        raise RuleViolation("请阅读并同意个人信息处理告知。", field="consent")
    today = timezone.localdate()
    reason = receipt_date_reason.strip()
    status = Status.PROCESSING
    if received_on is None:
        if channel not in rules.CONFIRMATION_CHANNELS:
            raise RuleViolation("请填写收到申请日期。", field="received_on")
        received_on = automatic_confirmation_date(today)
        if received_on != today:
            status = Status.UNCONFIRMED
    elif channel in rules.REASON_FOR_OTHER_DAY_CHANNELS:
        if received_on != today and not reason:
            raise RuleViolation(
                "当面提交的申请以提交之日为收到申请之日（条例第三十一条）；收到日期不是今天的，"
                "请写明原因。",
                field="receipt_date_reason",
            )
    else:
        _not_future(received_on, "收到申请日期")
    code = _new_tracking_code()
    request = DisclosureRequest(
        number=_next_number(received_on.year),
        channel=channel,
        submission_token=submission_token,
        tracking_code_hash=tracking_code_hash(code),
        applicant_kind=applicant_kind,
        applicant_name=applicant_name.strip(),
        contact_person=contact_person.strip(),
        id_type=id_type,
        id_number=id_number.strip().upper(),
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        postal_code=postal_code.strip(),
        description=description.strip(),
        doc_number=doc_number.strip(),
        info_form=info_form,
        delivery=delivery,
        consent_at=timezone.now() if consent else None,
        received_on=received_on,
        receipt_basis=receipt_basis or rules.RECEIPT_BASIS[channel],
        status=status,
        first_responder=actor if actor is not None and actor.is_authenticated else None,
    )
    request.full_clean(exclude=["attachment", "reply_due_on", "submission_token", "number"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        # The same form submitted twice at the same moment: answer with the first one.
        existing = DisclosureRequest.objects.filter(submission_token=submission_token).first()
        if submission_token is None or existing is None:
            raise
        existing.tracking_code = None
        return existing
    if attachment is not None:
        request.attachment_name = attachment.name[:200]
        request.attachment.save(attachment.name, attachment, save=True)
    note = f"{request.get_channel_display()}；{request.receipt_basis}"
    if reason:
        note += f"；收到日期说明：{reason}"
    event = _event(
        request,
        EventKind.REGISTER,
        today if status == Status.UNCONFIRMED else received_on,
        actor,
        note=note,
        data={"receipt_date_reason": reason} if reason else None,
    )
    audit_record(action="register", request=request, user=actor, ip=ip, detail=request.channel)
    if status == Status.UNCONFIRMED:
        _refresh_deadline(request)
        _notify(
            request,
            "申请已提交，待确认",
            f"您的政府信息公开申请已提交，申请编号 {request.number}，状态为“待确认”。"
            "根据《中华人民共和国政府信息公开条例》第三十一条，在线提交的申请以双方确认之日为"
            f"收到申请之日；本机关将在确认后告知，最迟于{cn_date(received_on)}确认收到。"
            f"\n查询码：{code}（请妥善保管）。",
            secrets=[code],
        )
    else:
        _receive(request, event, code=code)
    request.tracking_code = code
    return request


@transaction.atomic
def request_confirm_receipt(
    *,
    request: DisclosureRequest,
    confirmed_on: date,
    actor=None,
    ip: str | None = None,
) -> DisclosureRequest:
    """The office confirms an online submission: that day is the day of receipt (条例第三十一条),
    the reply clock starts and the applicant gets the 登记回执."""
    request = _lock(request)
    transition = transitions.require(request, "confirm_receipt")
    _not_future(confirmed_on, "确认收到日期")
    submitted_on = timezone.localdate(request.created_at)
    if confirmed_on < submitted_on:
        raise RuleViolation(f"确认收到日期不能早于提交日期（{cn_date(submitted_on)}）。")
    request.status = transition.resulting_status(request.status)
    request.received_on = confirmed_on
    automatic = actor is None
    basis = "工作日内自动确认" if automatic else f"由{_actor_name(actor)}确认"
    event = _event(
        request,
        EventKind.CONFIRM_RECEIPT,
        confirmed_on,
        actor,
        note=f"确认收到申请（{basis}），以{cn_date(confirmed_on)}为收到申请之日。",
        data={"automatic": automatic},
    )
    _receive(request, event)
    audit_record(action="confirm_receipt", request=request, user=actor, ip=ip)
    return request


def requests_confirm_due(*, today: date | None = None) -> int:
    """Confirm every 待确认 submission whose automatic confirmation day has come, dated that day
    (run daily from cron: `manage.py disclosure_daily`)."""
    today = today or timezone.localdate()
    due = DisclosureRequest.objects.filter(status=Status.UNCONFIRMED, step_due_on__lte=today)
    count = 0
    for request in due:
        request_confirm_receipt(request=request, confirmed_on=request.step_due_on)
        count += 1
    return count


# ---------------------------------------------------------------------------------------------
# 补正 (条例第三十条)


@transaction.atomic
def request_correction_notice(
    *,
    request: DisclosureRequest,
    notified_on: date,
    items: str,
    period_days: int,
    actor,
    ip: str | None = None,
) -> DisclosureRequest:
    """The single correction notice, within 7 working days of receipt, with a period to reply."""
    request = _lock(request)
    transition = transitions.require(request, "correction_notice")
    if not items.strip():
        raise RuleViolation("请写明需要补正的事项。", field="items")
    low, high = rules.CORRECTION_PERIOD_MIN_DAYS, rules.CORRECTION_PERIOD_MAX_DAYS
    if not low <= period_days <= high:
        raise RuleViolation(f"补正期限应为{low}至{high}个工作日。", field="period_days")
    _not_future(notified_on, "补正告知日期")
    _not_before_receipt(request, notified_on, "补正告知日期")
    latest = deadlines.add_working_days(request.received_on, rules.CORRECTION_NOTICE_DAYS)
    if notified_on > latest:
        raise RuleViolation(
            f"补正告知应在收到申请之日起{rules.CORRECTION_NOTICE_DAYS}个工作日内"
            f"（{cn_date(latest)}前）发出，已超过期限。"
        )
    due = deadlines.add_working_days(notified_on, period_days)
    event = _event(
        request,
        EventKind.CORRECTION_NOTICE,
        notified_on,
        actor,
        note=items.strip(),
        due_on=due,
        days=period_days,
    )
    request.status = transition.resulting_status(request.status)
    request.step_due_on = due
    request.step_label = "申请人补正"
    _refresh_deadline(request)
    notice_issue(
        request=request,
        kind=NoticeKind.CORRECTION,
        issued_on=notified_on,
        event=event,
        extra={"items": items.strip(), "period_days": period_days, "step_due_on": due},
    )
    audit_record(action="correction_notice", request=request, user=actor, ip=ip)
    _notify(request, "补正告知", f"请于{cn_date(due)}前补正：\n{items.strip()}")
    return request


@transaction.atomic
def request_correction_received(
    *,
    request: DisclosureRequest,
    received_on: date,
    note: str = "",
    late_reason: str = "",
    actor,
    ip: str | None = None,
) -> DisclosureRequest:
    """The corrected request arrived: the 20-working-day reply period restarts from this date.

    A correction after its period is accepted only with the good reason recorded (条例第三十条:
    无正当理由逾期不补正的，视为放弃申请); it is flagged in the record, never taken silently."""
    request = _lock(request)
    transition = transitions.require(request, "correction_received")
    _not_future(received_on, "收到补正日期")
    notice = request.events.filter(kind=EventKind.CORRECTION_NOTICE).latest("pk")
    if received_on < notice.occurred_on:
        raise RuleViolation("收到补正日期不能早于补正告知日期。")
    late = notice.due_on is not None and received_on > notice.due_on
    if late and not late_reason.strip():
        raise RuleViolation(
            f"补正期限已于{cn_date(notice.due_on)}届满。逾期补正须写明申请人的正当理由"
            "（条例第三十条），否则请按逾期不补正处理。",
            field="late_reason",
        )
    text = note.strip()
    if late:
        flag = f"逾期补正（补正期限{cn_date(notice.due_on)}），正当理由：{late_reason.strip()}。"
        text = flag + text
    _event(
        request,
        EventKind.CORRECTION_RECEIVED,
        received_on,
        actor,
        note=text,
        data={"late": late, "late_reason": late_reason.strip()} if late else None,
    )
    request.status = transition.resulting_status(request.status)
    _refresh_deadline(request)
    detail = "逾期补正" if late else ""
    audit_record(action="correction_received", request=request, user=actor, ip=ip, detail=detail)
    _notify(
        request,
        "已收到补正",
        f"已收到您的补正材料，答复期限自{cn_date(received_on)}重新计算，"
        f"为{cn_date(request.reply_due_on)}。",
    )
    return request


@transaction.atomic
def request_correction_submit(
    *,
    request: DisclosureRequest,
    text: str,
    attachments: Iterable[File] = (),
    actor=None,
    ip: str | None = None,
) -> DisclosureRequest:
    """The applicant sends the 补正 online: it is received today, so the reply period restarts
    from today (条例第三十条), and the text and files join the handling record staff see."""
    request = _lock(request)
    transition = transitions.require(request, "correction_submit")
    if not text.strip():
        raise RuleViolation("请填写补正内容。", field="text")
    received_on = timezone.localdate()
    files = list(attachments)
    suffix = f"（附件{len(files)}个）" if files else ""
    event = _event(
        request,
        EventKind.CORRECTION_RECEIVED,
        received_on,
        actor,
        note=f"申请人在线提交补正{suffix}：{text.strip()}",
        data={"online": True, "attachments": len(files)},
    )
    for upload in files:
        attachment = CorrectionAttachment(request=request, event=event, title=upload.name[:200])
        attachment.file.save(upload.name, upload, save=True)
    request.status = transition.resulting_status(request.status)
    _refresh_deadline(request)
    audit_record(action="correction_submit", request=request, user=actor, ip=ip)
    _notify(
        request,
        "已收到补正",
        f"已收到您在线提交的补正材料，答复期限自{cn_date(received_on)}重新计算，"
        f"为{cn_date(request.reply_due_on)}。",
    )
    return request


def _close_automatically(request, transition, kind, on, actor, outcome, note):
    _event(request, kind, on, actor, note=note)
    request.status = transition.resulting_status(request.status)
    request.outcome = outcome
    request.reply_text = note
    request.closed_on = on
    request.handler = request.handler or (actor if actor and actor.is_authenticated else None)
    _refresh_deadline(request)
    kind_notice = reply_notice_kind(outcome)
    notice_issue(request=request, kind=kind_notice, issued_on=on)
    _notify(request, "申请办理结果", note)


@transaction.atomic
def request_correction_lapse(
    *, request: DisclosureRequest, on: date, actor=None, ip: str | None = None
) -> DisclosureRequest:
    """No correction within the period: 其他处理·逾期不补正."""
    request = _lock(request)
    transition = transitions.require(request, "correction_lapse")
    if request.step_due_on and on <= request.step_due_on:
        raise RuleViolation(f"补正期限（{cn_date(request.step_due_on)}）尚未届满。")
    _close_automatically(
        request,
        transition,
        EventKind.CORRECTION_LAPSED,
        on,
        actor,
        OUTCOME_CORRECTION_LAPSED,
        "申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    )
    audit_record(action="correction_lapse", request=request, user=actor, ip=ip)
    return request


# ---------------------------------------------------------------------------------------------
# 征求意见 (条例第三十二条、第三十四条)


@transaction.atomic
def request_consult_start(
    *,
    request: DisclosureRequest,
    started_on: date,
    party: str,
    third_party: bool = True,
    actor,
    ip: str | None = None,
) -> DisclosureRequest:
    """Consult a third party or a co-producing agency; the reply clock pauses meanwhile."""
    request = _lock(request)
    transition = transitions.require(request, "consult_start")
    if not party.strip():
        raise RuleViolation("请填写被征求意见的第三方或机关名称。", field="party")
    _not_future(started_on, "征求意见日期")
    _not_before_receipt(request, started_on, "征求意见日期")
    due = deadlines.add_working_days(started_on, rules.CONSULTATION_DAYS)
    label = "征求第三方意见" if third_party else "征求其他机关意见"
    event = _event(
        request,
        EventKind.CONSULT_START,
        started_on,
        actor,
        note=f"{label}：{party.strip()}（征求意见时间不计入答复期限）",
        due_on=due,
        days=rules.CONSULTATION_DAYS,
        data={"party": party.strip(), "third_party": third_party},
    )
    request.status = transition.resulting_status(request.status)
    request.step_due_on = due
    request.step_label = label
    _refresh_deadline(request)
    notice_issue(
        request=request,
        kind=NoticeKind.CONSULTATION,
        issued_on=started_on,
        event=event,
        public=False,
        extra={"party": party.strip(), "step_due_on": due},
    )
    audit_record(action="consult_start", request=request, user=actor, ip=ip, detail=party)
    _notify(
        request,
        "征求意见",
        f"您的申请需{label}，征求意见期间（至多{rules.CONSULTATION_DAYS}个工作日）不计入答复期限。",
    )
    return request


@transaction.atomic
def request_consult_end(
    *, request: DisclosureRequest, ended_on: date, opinion: str, actor, ip: str | None = None
) -> DisclosureRequest:
    """The opinion arrived (or the period lapsed, silence = consent); the clock runs again."""
    request = _lock(request)
    transition = transitions.require(request, "consult_end")
    _not_future(ended_on, "征求意见结束日期")
    start = request.events.filter(kind=EventKind.CONSULT_START).latest("pk")
    if ended_on < start.occurred_on:
        raise RuleViolation("征求意见结束日期不能早于开始日期。")
    _event(request, EventKind.CONSULT_END, ended_on, actor, note=opinion.strip(), public=True)
    request.status = transition.resulting_status(request.status)
    _refresh_deadline(request)
    audit_record(action="consult_end", request=request, user=actor, ip=ip)
    _notify(request, "征求意见结束", f"征求意见已结束，答复期限为{cn_date(request.reply_due_on)}。")
    return request


# ---------------------------------------------------------------------------------------------
# 延期 (条例第三十三条第二款)


@transaction.atomic
def request_extend(
    *,
    request: DisclosureRequest,
    approved_by,
    days: int,
    reason: str,
    notified_on: date,
    actor,
    ip: str | None = None,
) -> DisclosureRequest:
    """Extend the reply deadline once, by at most 20 working days, approved by the office head
    and notified before the original deadline."""
    request = _lock(request)
    transition = transitions.require(request, "extend")
    if not 1 <= days <= rules.MAX_EXTENSION_DAYS:
        raise RuleViolation(f"延长期限应为1至{rules.MAX_EXTENSION_DAYS}个工作日。", field="days")
    if (
        approved_by is None
        or not approved_by.is_active
        or not approved_by.has_perm(EXTENSION_APPROVAL_PERMISSION)
    ):
        raise RuleViolation(
            "延期须经政府信息公开工作机构负责人批准（条例第三十三条第二款），"
            "请选择负责人作为批准人。",
            field="approved_by",
        )
    if actor is not None and getattr(actor, "pk", None) == approved_by.pk:
        raise RuleViolation(
            "登记延期的人员不能同时作为批准人，请由另一位负责人批准。", field="approved_by"
        )
    if not reason.strip():
        raise RuleViolation("请写明延期理由。", field="reason")
    _not_future(notified_on, "延期告知日期")
    original = request_deadline(request).due
    if notified_on > original:
        raise RuleViolation(f"延期须在原答复期限（{cn_date(original)}）届满前告知申请人。")
    request.extended_days = days
    request.status = transition.resulting_status(request.status)
    request.save(update_fields=["extended_days", "status"])
    event = _event(
        request,
        EventKind.EXTEND,
        notified_on,
        actor,
        note=f"延长{days}个工作日。理由：{reason.strip()}。批准人：{_actor_name(approved_by)}",
        days=days,
        data={"approved_by": _actor_name(approved_by), "original_due": original.isoformat()},
    )
    _refresh_deadline(request)
    notice_issue(
        request=request,
        kind=NoticeKind.EXTENSION,
        issued_on=notified_on,
        event=event,
        extra={"extension_days": days, "reason": reason.strip()},
    )
    audit_record(action="extend", request=request, user=actor, ip=ip, detail=f"{days}")
    _notify(
        request,
        "延期告知",
        f"经批准，答复期限延长{days}个工作日，延长后为{cn_date(request.reply_due_on)}。",
    )
    return request


# ---------------------------------------------------------------------------------------------
# 转办 and 反馈 (首问责任制)


@transaction.atomic
def request_assign(
    *,
    request: DisclosureRequest,
    department_id: int,
    instructions: str = "",
    assigned_on: date | None = None,
    feedback_days: int = rules.ASSIGNMENT_FEEDBACK_DEFAULT_DAYS,
    actor,
    ip: str | None = None,
) -> Assignment:
    """Transfer the request to a 承办部门 (a unit of 机构职能) with a feedback deadline in
    working days; the unit's members may then see it and answer back."""
    request = _lock(request)
    transitions.require(request, "assign")
    department = organisation(department_id)
    if department is None:
        raise RuleViolation("请选择承办部门。", field="department_id")
    assigned_on = assigned_on or timezone.localdate()
    _not_future(assigned_on, "转办日期")
    low, high = rules.ASSIGNMENT_FEEDBACK_MIN_DAYS, rules.ASSIGNMENT_FEEDBACK_MAX_DAYS
    if not low <= feedback_days <= high:
        raise RuleViolation(f"反馈期限应为{low}至{high}个工作日。", field="feedback_days")
    due = deadlines.add_working_days(assigned_on, feedback_days)
    assignment = Assignment.objects.create(
        request=request,
        department_id=department.id,
        instructions=instructions.strip(),
        assigned_on=assigned_on,
        due_on=due,
        assigned_by=actor if actor and actor.is_authenticated else None,
    )
    _event(
        request,
        EventKind.ASSIGN,
        assigned_on,
        actor,
        note=f"转办{department.name}，{cn_date(due)}前反馈。{instructions.strip()}",
        public=False,
        due_on=due,
        data={"assignment": assignment.pk, "department": department.name},
    )
    audit_record(action="assign", request=request, user=actor, ip=ip, detail=department.name)
    return assignment


@transaction.atomic
def assignment_feedback(
    *, assignment: Assignment, feedback: str, actor, ip: str | None = None
) -> Assignment:
    """The 承办部门's answer back to the office, with who and when."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    transitions.require(assignment.request, "feedback", assignment=assignment)
    if not feedback.strip():
        raise RuleViolation("请填写反馈意见。", field="feedback")
    today = timezone.localdate()
    assignment.feedback = feedback.strip()
    assignment.feedback_on = today
    assignment.feedback_by = actor if actor and actor.is_authenticated else None
    assignment.save()
    _event(
        assignment.request,
        EventKind.FEEDBACK,
        today,
        actor,
        note=f"{assignment.department.name}反馈：{feedback.strip()}",
        public=False,
        data={"assignment": assignment.pk},
    )
    audit_record(
        action="feedback",
        request=assignment.request,
        user=actor,
        ip=ip,
        detail=assignment.department.name,
    )
    return assignment


# ---------------------------------------------------------------------------------------------
# 信息处理费 (条例第四十二条, 国办函〔2020〕109号)


@transaction.atomic
def request_fee_notice(
    *,
    request: DisclosureRequest,
    method: str,
    notice_on: date,
    quantity: int | None = None,
    quantity_reason: str = "",
    actor,
    ip: str | None = None,
) -> Fee:
    """Charge the information-processing fee; the reply clock pauses until it is paid.

    按件计收 counts the applicant's requests of the calendar month from the ledger; staff may
    state another count (a request registered under another name, a duplicate) only with a
    reason, which is kept in the calculation. 按量计收 takes the pages staff count."""
    request = _lock(request)
    transition = transitions.require(request, "fee_notice")
    correction = ""
    if method == FeeMethod.PER_REQUEST:
        counted, numbers = selectors.applicant_monthly_ordinal(request)
        if quantity is None or quantity == counted:
            quantity = counted
        elif not quantity_reason.strip():
            raise RuleViolation(
                f"按台账统计，这是该申请人{request.received_on.year}年{request.received_on.month}月"
                f"的第{counted}件申请；更正为第{quantity}件须写明理由。",
                field="quantity_reason",
            )
        else:
            correction = (
                f"台账统计为本月第{counted}件（{'、'.join(numbers)}），"
                f"经办人更正为第{quantity}件，理由：{quantity_reason.strip()}。"
            )
    elif quantity is None:
        raise RuleViolation("按量计收请填写页数。", field="quantity")
    try:
        amount, calculation = calculate_fee(method, quantity)
    except ValueError as exc:
        raise RuleViolation(str(exc), field="quantity") from exc
    if method == FeeMethod.PER_REQUEST and not correction:
        calculation = f"按台账统计，{calculation}"
    calculation = correction + calculation
    if amount <= 0:
        raise RuleViolation(f"按规定不需收费：{calculation}", field="quantity")
    _not_future(notice_on, "收费通知日期")
    _not_before_receipt(request, notice_on, "收费通知日期")
    pay_by = deadlines.add_working_days(notice_on, rules.FEE_PAYMENT_DAYS)
    fee = Fee.objects.create(
        request=request,
        method=method,
        quantity=quantity,
        amount=amount,
        calculation=calculation,
        notice_on=notice_on,
        pay_by=pay_by,
    )
    event = _event(
        request,
        EventKind.FEE_NOTICE,
        notice_on,
        actor,
        note=f"应缴信息处理费{amount}元，{cn_date(pay_by)}前缴纳。{calculation}",
        due_on=pay_by,
        days=rules.FEE_PAYMENT_DAYS,
    )
    request.status = transition.resulting_status(request.status)
    request.step_due_on = pay_by
    request.step_label = "申请人缴费"
    _refresh_deadline(request)
    notice_issue(
        request=request,
        kind=NoticeKind.FEE,
        issued_on=notice_on,
        event=event,
        extra={"fee_amount": amount, "fee_calculation": calculation, "step_due_on": pay_by},
    )
    audit_record(action="fee_notice", request=request, user=actor, ip=ip, detail=str(amount))
    _notify(request, "收费通知", f"应缴信息处理费{amount}元，请于{cn_date(pay_by)}前缴纳。")
    return fee


@transaction.atomic
def request_fee_paid(
    *,
    request: DisclosureRequest,
    paid_on: date,
    amount: Decimal | None = None,
    actor,
    ip: str | None = None,
) -> Fee:
    """The fee was paid within the period; the reply clock runs again."""
    request = _lock(request)
    transition = transitions.require(request, "fee_paid")
    fee = request.fee
    _not_future(paid_on, "缴费日期")
    if paid_on < fee.notice_on:
        raise RuleViolation("缴费日期不能早于收费通知日期。")
    if paid_on > fee.pay_by:
        raise RuleViolation(f"缴费期限（{cn_date(fee.pay_by)}）已过，请按逾期未缴费处理。")
    fee.paid_on = paid_on
    fee.paid_amount = fee.amount if amount is None else amount
    fee.save()
    _event(request, EventKind.FEE_PAID, paid_on, actor, note=f"已缴纳{fee.paid_amount}元。")
    request.status = transition.resulting_status(request.status)
    _refresh_deadline(request)
    audit_record(action="fee_paid", request=request, user=actor, ip=ip, detail=str(fee.paid_amount))
    return fee


@transaction.atomic
def request_fee_lapse(
    *, request: DisclosureRequest, on: date, actor=None, ip: str | None = None
) -> DisclosureRequest:
    """Unpaid by the deadline: 其他处理·逾期未缴费."""
    request = _lock(request)
    transition = transitions.require(request, "fee_lapse")
    if on <= request.fee.pay_by:
        raise RuleViolation(f"缴费期限（{cn_date(request.fee.pay_by)}）尚未届满。")
    _close_automatically(
        request,
        transition,
        EventKind.FEE_LAPSED,
        on,
        actor,
        OUTCOME_FEE_UNPAID,
        "申请人逾期未按收费通知要求缴纳费用，本机关不再处理该政府信息公开申请。",
    )
    audit_record(action="fee_lapse", request=request, user=actor, ip=ip)
    return request


# ---------------------------------------------------------------------------------------------
# 答复, 归档, 撤回


@transaction.atomic
def request_reply(
    *,
    request: DisclosureRequest,
    outcome: str,
    reply_text: str,
    replied_on: date,
    actor,
    attachments: Iterable[File] = (),
    ip: str | None = None,
) -> DisclosureRequest:
    """Answer with exactly one outcome row of the annual report, a reply text and attachments."""
    request = _lock(request)
    transition = transitions.require(request, "reply")
    if outcome not in dict(OUTCOME_CHOICES):
        raise RuleViolation("请选择一个办理结果。", field="outcome")
    if not reply_text.strip():
        raise RuleViolation("请填写答复内容（含理由和依据）。", field="reply_text")
    if any(word in reply_text for word in REMEDY_WORDS):
        raise RuleViolation(
            "答复内容中请不要写救济途径：告知书会在正文后统一写明申请行政复议和提起行政诉讼的"
            "机关与期限。",
            field="reply_text",
        )
    _not_future(replied_on, "答复日期")
    _not_before_receipt(request, replied_on, "答复日期")
    request.outcome = outcome
    request.reply_text = reply_text.strip()
    request.closed_on = replied_on
    request.status = transition.resulting_status(request.status)
    request.handler = actor if actor and actor.is_authenticated else request.handler
    event = _event(request, EventKind.REPLY, replied_on, actor, note=request.get_outcome_display())
    for upload in attachments:
        attachment = ReplyAttachment(request=request, event=event, title=upload.name[:200])
        attachment.file.save(upload.name, upload, save=True)
    _refresh_deadline(request)
    notice_issue(
        request=request, kind=reply_notice_kind(outcome), issued_on=replied_on, event=event
    )
    audit_record(action="reply", request=request, user=actor, ip=ip, detail=outcome)
    _notify(
        request, "申请答复", f"办理结果：{request.get_outcome_display()}。\n{request.reply_text}"
    )
    return request


@transaction.atomic
def request_archive(
    *, request: DisclosureRequest, archived_on: date, actor, ip: str | None = None
) -> DisclosureRequest:
    """办结归档 after the reply (条例第四十五条: the ledger covers the whole loop)."""
    request = _lock(request)
    transition = transitions.require(request, "archive")
    _not_future(archived_on, "归档日期")
    if request.closed_on and archived_on < request.closed_on:
        raise RuleViolation("归档日期不能早于答复日期。")
    _event(request, EventKind.ARCHIVE, archived_on, actor, public=False)
    request.status = transition.resulting_status(request.status)
    request.archived_on = archived_on
    request.save()
    audit_record(action="archive", request=request, user=actor, ip=ip)
    return request


@transaction.atomic
def request_withdraw(
    *,
    request: DisclosureRequest,
    withdrawn_on: date,
    note: str = "",
    actor=None,
    ip: str | None = None,
) -> DisclosureRequest:
    """The applicant withdraws; no outcome is recorded here: the annual report counts the
    withdrawal under （六）其他处理·3.其他 in the year it happens (annual_report.applications)."""
    request = _lock(request)
    transition = transitions.require(request, "withdraw")
    _not_future(withdrawn_on, "撤回日期")
    _not_before_receipt(request, withdrawn_on, "撤回日期")
    _event(request, EventKind.WITHDRAW, withdrawn_on, actor, note=note.strip() or "申请人撤回申请")
    request.status = transition.resulting_status(request.status)
    request.withdrawn_on = withdrawn_on
    request.outcome = ""
    _refresh_deadline(request)
    audit_record(action="withdraw", request=request, user=actor, ip=ip)
    _notify(request, "撤回申请", "您的政府信息公开申请已撤回。")
    return request


# ---------------------------------------------------------------------------------------------
# Personal information


def request_reveal_pii(*, request: DisclosureRequest, user, ip: str | None = None) -> dict:
    """Full personal data for the office only; every call is audited."""
    if not user.has_perm("disclosure.reveal_pii_disclosurerequest"):
        raise RuleViolation("只有政府信息公开办公室人员可以查看完整个人信息。")
    audit_record(
        action="reveal_pii", request=request, user=user, ip=ip, detail="证件号码、电话、地址"
    )
    return {
        "id_number": request.id_number,
        "phone": request.phone,
        "email": request.email,
        "address": request.address,
    }


def _written_forms(value: str) -> list[str]:
    """Every way a name may have been stored: as typed and HTML-escaped (notices rendered before
    escaping moved to print time hold `O&#x27;Brien &amp; 张&lt;三&gt;`), longest first."""
    if not value:
        return []
    forms_ = {value, escape(value), html.escape(value), html.escape(value, quote=False)}
    forms_.add(html.escape(value).replace("&#x27;", "&#39;"))
    return sorted(forms_, key=len, reverse=True)


def _erase_everywhere(request: DisclosureRequest, values: Iterable[str]) -> None:
    """Replace each value, in every form it was stored, in the texts kept about the request:
    notices (every part), the reply, the handling record."""
    written = [form for value in values for form in _written_forms(value.strip())]

    def erase(text: str) -> str:
        for form in written:
            text = text.replace(form, PURGED)
        return text

    for notice in request.notices.all():
        for field in ("addressee", "body", "remedies", "title"):
            setattr(notice, field, erase(getattr(notice, field)))
        notice.save(update_fields=["addressee", "body", "remedies", "title"])
    for event in request.events.all():
        event.note = erase(event.note)
        event.save(update_fields=["note"])
    request.reply_text = erase(request.reply_text)


@transaction.atomic
def requests_purge_pii(*, retention_days: int | None = None, today: date | None = None) -> int:
    """Erase personal data of requests closed longer than the retention period; the request row,
    its dates and outcome stay, so statistics and the annual report are unaffected."""
    days = rules.pii_retention_days() if retention_days is None else retention_days
    cutoff = (today or timezone.localdate()) - timedelta(days=days)
    due = DisclosureRequest.objects.filter(pii_purged_at__isnull=True).exclude(
        status__in=OPEN_STATUSES
    )
    count = 0
    for request in due:
        ended = request.withdrawn_on or request.archived_on or request.closed_on
        if ended is None or ended > cutoff:
            continue
        if request.attachment:
            request.attachment.delete(save=False)
        request.attachment_name = ""
        for supplement in request.correction_attachments.all():
            supplement.file.delete(save=False)
            supplement.delete()
        _erase_everywhere(request, [request.applicant_name, request.contact_person])
        request.applicant_name = "（个人信息已按期清除）"
        request.contact_person = ""
        request.id_number = ""
        request.phone = ""
        request.email = ""
        request.address = ""
        request.postal_code = ""
        request.pii_purged_at = timezone.now()
        request.save()
        mail_forget(reference=mail_reference(request))
        audit_record(action="purge_pii", request=request, detail=f"保存期限{days}天")
        count += 1
    return count
