"""Writes for the 诉求 and 首问 ledger: registration and every step of the closed loop.

Each function is keyword-only, checks its row in `transitions.MATTER_TRANSITIONS` (state and
role), validates before it writes, runs in one transaction, leaves a trace (`MatterEvent`),
recomputes the clocks (`clocks.refresh`) and queues the taxpayer's e-mail. A broken rule raises
`RuleViolation` with a Chinese message and changes nothing.
"""

import uuid
from datetime import date, datetime, timedelta

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from lists.catalogue import guide_item
from lists.organisations import organisation
from portal.errors import RuleViolation
from portal.mail import mail_forget
from taxpayer import clocks, codes, privacy, rules
from taxpayer.models import (
    Matter,
    MatterEvent,
    MatterKind,
    MatterStatus,
    Outcome,
    TaxpayerSettings,
)
from taxpayer.services.common import actor_name, check, cn_date, day_of, notify, staff_or_none
from taxpayer.transitions import MATTER_TRANSITIONS
from workdays.calendar import Calendar

PREFIX = {MatterKind.APPEAL: "SQ", MatterKind.FIRST_CONTACT: "SW"}
CHANNELS = {
    MatterKind.APPEAL: dict(rules.APPEAL_CHANNELS),
    MatterKind.FIRST_CONTACT: dict(rules.MATTER_CHANNELS),
}
MAX_CONTENT = 5000
TRACKING = "tracking"


def service_unit_id() -> int | None:
    """The unit staff marked as the 纳税服务部门 (纳税服务设置), if any."""
    return TaxpayerSettings.load().service_unit_id


def _lock(matter: Matter) -> Matter:
    return Matter.objects.select_for_update().get(pk=matter.pk)


def _check(matter: Matter, name: str, user) -> None:
    check(
        MATTER_TRANSITIONS[name],
        kind=matter.kind,
        state=matter.status,
        state_label=matter.get_status_display(),
        user=user,
        record=matter,
    )


def _trace(
    matter: Matter,
    name: str,
    on: date,
    actor,
    *,
    note: str = "",
    public: bool | None = None,
    due_on: date | None = None,
    data: dict | None = None,
    label: str = "",
) -> MatterEvent:
    transition = MATTER_TRANSITIONS.get(name)
    event = MatterEvent(
        matter=matter,
        action=name,
        label=label or (transition.label if transition else name),
        occurred_on=on,
        due_on=due_on,
        public=transition.public if public is None and transition else bool(public),
        note=note,
        data=data or {},
        actor=staff_or_none(actor),
        actor_name=actor_name(actor) if actor is not None else "系统",
    )
    event.full_clean()
    event.save()
    return event


def _save(matter: Matter, calendar: Calendar | None = None) -> Matter:
    clocks.refresh(matter, calendar)
    matter.full_clean(exclude=["submission_token"])
    matter.save()
    return matter


def _tell(matter: Matter, subject: str, body: str, secrets: tuple[str, ...] = ()) -> None:
    notify(
        topic="taxpayer.matter",
        to=matter.email,
        subject=subject,
        greeting=matter.taxpayer_name,
        body=body
        + "\n\n可凭编号和查询码在本门户“纳税服务—查询办理进度”查看办理情况、下载收件回执。",
        reference=matter.number,
        secrets=secrets,
    )


def _text(value: str, label: str, field: str, limit: int = MAX_CONTENT) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleViolation(f"请填写{label}。", field=field)
    if len(value) > limit:
        raise RuleViolation(f"{label}不能超过{limit}字。", field=field)
    return value


# ---------------------------------------------------------------------------------------------
# Registration (seed 002 四（一）; seed 001 一（一）)


def _limit_for(guide_id: int | None, limit_days: int | None) -> tuple[int, str, str]:
    """(working days, the limit as published, the guide's name) for a 首问 matter."""
    item = guide_item(guide_id) if guide_id else None
    if guide_id and item is None:
        raise RuleViolation("所选办税事项不存在，请重新选择。", field="guide_id")
    published_days, text = (
        rules.guide_limit(item.promised_limit, item.statutory_limit) if item else (None, "")
    )
    days = published_days if published_days is not None else limit_days
    if days is None:
        raise RuleViolation(
            "该事项未公开以工作日计的办理时限，请填写办理时限（工作日）。", field="limit_days"
        )
    if not 0 <= days <= 60:
        raise RuleViolation("办理时限应为0至60个工作日。", field="limit_days")
    return days, text or f"{days}个工作日", item.name if item else ""


@transaction.atomic
def matter_register(
    *,
    kind: str,
    channel: str,
    taxpayer_name: str,
    phone: str,
    content: str,
    category: str = "",
    email: str = "",
    taxpayer_id: str = "",
    received_at: datetime | None = None,
    receiving_unit_id: int | None = None,
    guide_id: int | None = None,
    limit_days: int | None = None,
    first_responder=None,
    attachment: File | None = None,
    submission_token: uuid.UUID | None = None,
    consent: bool = True,
    ip: str | None = None,
) -> Matter:
    """Register a 诉求 (any of seed 002's channels) or a 首问 matter; returns it with
    `.tracking_code` set, shown once. A repeated `submission_token` returns the first record
    (its `.tracking_code` is then None)."""
    if submission_token is not None:
        existing = Matter.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            existing.tracking_code = None
            return existing
    if kind not in MatterKind.values:
        raise RuleViolation("请选择登记类型。", field="kind")
    if channel not in CHANNELS[kind]:
        raise RuleViolation("请选择受理渠道。", field="channel")
    if kind == MatterKind.APPEAL and category not in dict(rules.APPEAL_CATEGORIES):
        raise RuleViolation("请选择诉求类别。", field="category")
    if not consent:
        raise RuleViolation("请阅读并同意个人信息处理告知。", field="consent")
    name = _text(taxpayer_name, "纳税人名称（姓名）", "taxpayer_name", 200)
    body = _text(content, "诉求和意见" if kind == MatterKind.APPEAL else "首问事项", "content")
    error = privacy.phone_error(phone)
    if error:
        raise RuleViolation(error, field="phone")
    error = privacy.taxpayer_id_error(taxpayer_id)
    if error:
        raise RuleViolation(error, field="taxpayer_id")
    error = privacy.email_error(email)
    if error:
        raise RuleViolation(error, field="email")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=1):
        raise RuleViolation("受理时间不能晚于现在。", field="received_at")
    received_on = timezone.localdate(received_at)
    staff = staff_or_none(first_responder)
    service_unit = service_unit_id()
    if staff is None:
        receiving_unit_id = service_unit
    elif receiving_unit_id is not None and organisation(receiving_unit_id) is None:
        raise RuleViolation("受理单位不存在，请重新选择。", field="receiving_unit_id")

    code = codes.new_code()
    matter = Matter(
        number=codes.next_number(PREFIX[kind], received_on.year),
        kind=kind,
        channel=channel,
        category=category if kind == MatterKind.APPEAL else "",
        submission_token=submission_token,
        tracking_code_hash=codes.code_hash(code, purpose=TRACKING),
        taxpayer_name=name,
        taxpayer_id=taxpayer_id.strip().upper(),
        phone=privacy.normalised_phone(phone),
        email=email.strip(),
        content=body,
        received_at=received_at,
        received_on=received_on,
        receiving_unit_id=receiving_unit_id,
        first_responder=staff,
        first_responder_name=actor_name(staff) if staff else "税务网站（网上登记）",
    )
    if kind == MatterKind.FIRST_CONTACT:
        days, limit_text, guide_name = _limit_for(guide_id, limit_days)
        matter.guide_id = guide_id
        matter.guide_name = guide_name
        matter.limit_text = limit_text
        matter.handling_started_on = received_on
        matter.handling_days = days
        matter.status = MatterStatus.REGISTERED
    elif receiving_unit_id is not None and receiving_unit_id == service_unit:
        # Received by the 纳税服务部门 itself: nothing to hand over, it is summarised at once.
        matter.status = MatterStatus.POOLED
        matter.pooled_on = received_on
    else:
        matter.status = MatterStatus.REGISTERED
    clocks.refresh(matter)
    matter.full_clean(exclude=["submission_token"])
    try:
        with transaction.atomic():
            matter.save()
    except IntegrityError:
        existing = Matter.objects.filter(submission_token=submission_token).first()
        if submission_token is None or existing is None:
            raise
        existing.tracking_code = None
        return existing
    if attachment is not None:
        matter.attachment_name = attachment.name[:200]
        matter.attachment.save(attachment.name, attachment, save=False)
        matter.save(update_fields=["attachment", "attachment_name"])
    _trace(
        matter,
        "register",
        received_on,
        staff,
        label="受理登记",
        public=True,
        note=f"{matter.get_channel_display()}；受理人：{matter.first_responder_name}",
        due_on=matter.step_due_on,
    )
    privacy.audit(action="register", number=matter.number, user=staff, ip=ip, detail=channel)
    limit = (
        f"本事项办理时限为{matter.limit_text}，办理期限为{cn_date(matter.handling_due_on)}"
        if kind == MatterKind.FIRST_CONTACT
        else f"我们将在收到后{rules.HANDLING_DAYS}个工作日内办结并在办结后"
        f"{rules.FEEDBACK_DAYS}个工作日内反馈"
    )
    _tell(
        matter,
        "受理回执",
        f"您的{matter.get_kind_display()}已于{cn_date(received_on)}受理，编号 {matter.number}。"
        f"{limit}。\n查询码：{code}（请妥善保管）。",
        secrets=(code,),
    )
    matter.tracking_code = code
    return matter


# ---------------------------------------------------------------------------------------------
# The closed loop


@transaction.atomic
def matter_hand_over(
    *, matter: Matter, actor, on: date | None = None, note: str = "", ip: str | None = None
) -> Matter:
    """Hand the registration to the 纳税服务部门 for its summary (1 working day)."""
    matter = _lock(matter)
    _check(matter, "hand_over", actor)
    on = day_of(on, label="转交日期", not_before=matter.received_on)
    late = bool(matter.step_due_on and on > matter.step_due_on)
    matter.status = MatterStatus.POOLED
    matter.pooled_on = on
    _trace(
        matter,
        "hand_over",
        on,
        actor,
        note=note.strip(),
        due_on=matter.step_due_on,
        data={"late": late},
    )
    _save(matter)
    privacy.audit(action="hand_over", number=matter.number, user=actor, ip=ip)
    return matter


@transaction.atomic
def matter_assign(
    *,
    matter: Matter,
    host_unit_id: int,
    actor,
    co_unit_ids: tuple[int, ...] = (),
    handler=None,
    topic: str = "",
    instructions: str = "",
    on: date | None = None,
    ip: str | None = None,
) -> Matter:
    """Forward to the 主办部门 (with 协办部门 for joint handling). A 诉求's 5-working-day clock
    starts on this day (seed 002 四（二）); a 首问 matter's clock has run since it was received."""
    matter = _lock(matter)
    _check(matter, "assign", actor)
    on = day_of(on, label="转办日期", not_before=matter.pooled_on or matter.received_on)
    host = organisation(host_unit_id)
    if host is None:
        raise RuleViolation("请选择主办部门。", field="host_unit_id")
    co_ids = [unit for unit in dict.fromkeys(co_unit_ids) if unit != host_unit_id]
    if any(organisation(unit) is None for unit in co_ids):
        raise RuleViolation("协办部门不存在，请重新选择。", field="co_unit_ids")
    if handler is not None and not handler.is_active:
        raise RuleViolation("承办人账号已停用，请另选承办人。", field="handler")
    matter.host_unit_id = host_unit_id
    matter.handler = handler
    matter.topic = topic.strip()[:50] or matter.topic
    matter.assigned_on = on
    if matter.kind == MatterKind.APPEAL:
        matter.joint = bool(co_ids)
        matter.handling_started_on = on
        matter.handling_days = rules.JOINT_HANDLING_DAYS if co_ids else rules.HANDLING_DAYS
        matter.extended_days = 0
    matter.status = MatterStatus.HANDLING
    _save(matter)
    matter.co_units.set(co_ids)
    names = "、".join([host.name] + [organisation(unit).name for unit in co_ids])
    who = f"，承办人：{actor_name(handler)}" if handler else ""
    _trace(
        matter,
        "assign",
        on,
        actor,
        note=f"转交{names}办理{who}。{instructions.strip()}".strip(),
        due_on=matter.handling_due_on,
        data={"host_unit": host_unit_id, "co_units": co_ids, "joint": matter.joint},
    )
    privacy.audit(action="assign", number=matter.number, user=actor, ip=ip, detail=names)
    if handler is not None and handler.email:
        notify(
            topic="taxpayer.staff",
            to=handler.email,
            subject="转办通知",
            greeting=actor_name(handler),
            body=f"{matter.get_kind_display()} {matter.number} 已转交您办理，"
            f"办理期限为{cn_date(matter.handling_due_on)}。请登录后台“诉求与首问台账”查看。",
            reference=matter.number,
        )
    _tell(
        matter,
        "已转交承办部门",
        f"您的{matter.get_kind_display()}已转交{names}办理，办理期限为"
        f"{cn_date(matter.handling_due_on)}。",
    )
    return matter


def _extension_rule(matter: Matter) -> tuple[str, str, int]:
    """(permission the approver needs, who that is, the most working days all extensions add)."""
    if matter.kind == MatterKind.FIRST_CONTACT:
        return (
            "taxpayer.approve_extension",
            "受理部门分管领导",
            rules.max_matter_extension_days(matter.handling_days or 0),
        )
    if matter.joint:
        return (
            "taxpayer.approve_joint_extension",
            "本级税务机关主要领导",
            rules.MAX_JOINT_EXTENSION_DAYS,
        )
    return "taxpayer.approve_extension", "分管局领导", rules.MAX_EXTENSION_DAYS


@transaction.atomic
def matter_extend(
    *,
    matter: Matter,
    days: int,
    reason: str,
    approved_by,
    actor,
    on: date | None = None,
    ip: str | None = None,
) -> Matter:
    """Extend the 办理 deadline with a leader's approval, before it runs out; the reason is
    shown to the taxpayer (seed 002 四（二）1、2; seed 001 二（二）)."""
    matter = _lock(matter)
    _check(matter, "extend", actor)
    on = day_of(on, label="延期日期", not_before=matter.received_on)
    permission, approver_title, most = _extension_rule(matter)
    if approved_by is None or not approved_by.is_active or not approved_by.has_perm(permission):
        raise RuleViolation(f"延期须经{approver_title}批准，请选择批准人。", field="approved_by")
    reason = _text(reason, "延期原因", "reason", 500)
    left = most - matter.extended_days
    if left <= 0:
        raise RuleViolation(f"延长办理期限累计最长不得超过{most}个工作日，已无法再延期。")
    if not 1 <= days <= left:
        raise RuleViolation(
            f"延长天数应为1至{left}个工作日（累计最长{most}个工作日）。", field="days"
        )
    original = matter.handling_due_on
    if original is None or on > original:
        raise RuleViolation(f"延期须在办理期限（{cn_date(original)}）届满前批准并告知纳税人。")
    matter.extended_days += days
    _save(matter)
    _trace(
        matter,
        "extend",
        on,
        actor,
        note=f"经{approver_title}批准，办理期限延长{days}个工作日至{cn_date(matter.handling_due_on)}。"
        f"原因：{reason}",
        due_on=matter.handling_due_on,
        data={
            "days": days,
            "reason": reason,
            "approved_by": actor_name(approved_by),
            "original_due": original.isoformat(),
        },
    )
    privacy.audit(action="extend", number=matter.number, user=actor, ip=ip, detail=str(days))
    _tell(
        matter,
        "延期告知",
        f"因{reason}，经{approver_title}批准，办理期限延长{days}个工作日，"
        f"延长后为{cn_date(matter.handling_due_on)}。",
    )
    return matter


@transaction.atomic
def matter_complete(
    *, matter: Matter, result: str, actor, on: date | None = None, ip: str | None = None
) -> Matter:
    """The 主办部门 has finished; the 1-working-day feedback clock starts (seed 002 四（三）)."""
    matter = _lock(matter)
    _check(matter, "complete", actor)
    on = day_of(on, label="办结日期", not_before=matter.assigned_on or matter.received_on)
    matter.result_text = _text(result, "办理结果", "result")
    matter.completed_on = on
    matter.status = MatterStatus.COMPLETED
    late = bool(matter.handling_due_on and on > matter.handling_due_on)
    _save(matter)
    _trace(
        matter,
        "complete",
        on,
        actor,
        note=matter.result_text,
        due_on=matter.step_due_on,
        data={"late": late, "handling_due_on": str(matter.handling_due_on)},
    )
    privacy.audit(action="complete", number=matter.number, user=actor, ip=ip)
    return matter


@transaction.atomic
def matter_reply(
    *, matter: Matter, reply_text: str, actor, on: date | None = None, ip: str | None = None
) -> Matter:
    """Tell the taxpayer the result (谁主办、谁反馈) and push it to the 纳税服务部门."""
    matter = _lock(matter)
    _check(matter, "reply", actor)
    on = day_of(on, label="反馈日期", not_before=matter.completed_on)
    matter.reply_text = _text(reply_text, "反馈内容", "reply_text")
    matter.replied_on = on
    matter.outcome = Outcome.RESOLVED
    matter.status = MatterStatus.REPLIED
    late = bool(matter.step_due_on and on > matter.step_due_on)
    due = matter.step_due_on
    _save(matter)
    _trace(matter, "reply", on, actor, note=matter.reply_text, due_on=due, data={"late": late})
    _push_to_service_department(matter)
    privacy.audit(action="reply", number=matter.number, user=actor, ip=ip)
    _tell(
        matter,
        "办理结果反馈",
        f"{matter.reply_text}\n\n欢迎对本次服务作出评价（非常满意、满意、基本满意、不满意、非常不满意）。",
    )
    return matter


def _push_to_service_department(matter: Matter) -> None:
    unit = organisation(service_unit_id())
    if unit is None:
        return
    notify(
        topic="taxpayer.staff",
        to=unit.email,
        subject="办理结果推送",
        greeting=unit.name,
        body=f"{matter.get_kind_display()} {matter.number} 已于{cn_date(matter.replied_on)}"
        f"反馈纳税人。办理结果：{matter.result_text}",
        reference=matter.number,
    )


@transaction.atomic
def matter_revisit(
    *,
    matter: Matter,
    note: str,
    actor,
    level: int | None = None,
    on: date | None = None,
    ip: str | None = None,
) -> Matter:
    """The 纳税服务部门's 回访 (seed 002 四（四）): what the taxpayer said, and how satisfied."""
    matter = _lock(matter)
    _check(matter, "revisit", actor)
    on = day_of(on, label="回访日期", not_before=matter.replied_on)
    if level is not None and level not in dict(rules.RATING_LEVELS):
        raise RuleViolation("请选择回访满意度。", field="level")
    matter.visit_note = _text(note, "回访情况", "note", 2000)
    matter.visit_level = level
    matter.visited_on = on
    matter.status = MatterStatus.VISITED
    _save(matter)
    _trace(matter, "revisit", on, actor, note=matter.visit_note, public=False)
    privacy.audit(action="revisit", number=matter.number, user=actor, ip=ip)
    return matter


@transaction.atomic
def matter_reconcile(
    *, matter: Matter, actor, note: str = "", on: date | None = None, ip: str | None = None
) -> Matter:
    """对账销号: the ledger line is checked against the result and closed."""
    matter = _lock(matter)
    _check(matter, "reconcile", actor)
    on = day_of(on, label="销号日期", not_before=matter.visited_on or matter.replied_on)
    matter.closed_on = on
    matter.status = MatterStatus.CLOSED
    _save(matter)
    _trace(matter, "reconcile", on, actor, note=note.strip())
    privacy.audit(action="reconcile", number=matter.number, user=actor, ip=ip)
    return matter


@transaction.atomic
def matter_answer_on_spot(*, matter: Matter, answer: str, actor, ip: str | None = None) -> Matter:
    """当场办理或答复: done and closed on the day it was received."""
    matter = _lock(matter)
    _check(matter, "answer_on_spot", actor)
    today = timezone.localdate()
    if today != matter.received_on:
        raise RuleViolation("只有受理当天才能登记为当场办理答复，请按办理流程转办。")
    matter.reply_text = matter.result_text = _text(answer, "答复内容", "answer")
    matter.completed_on = matter.replied_on = matter.closed_on = today
    matter.outcome = Outcome.ON_THE_SPOT
    matter.status = MatterStatus.CLOSED
    _save(matter)
    _trace(matter, "answer_on_spot", today, actor, note=matter.reply_text)
    privacy.audit(action="answer_on_spot", number=matter.number, user=actor, ip=ip)
    _tell(matter, "当场办理答复", matter.reply_text)
    return matter


@transaction.atomic
def matter_defer(
    *, matter: Matter, reason: str, actor, on: date | None = None, ip: str | None = None
) -> Matter:
    """A policy suggestion or system improvement that cannot be solved now is recorded in
    detail and kept until conditions allow (seed 002 四（二）1); the taxpayer is told so."""
    matter = _lock(matter)
    _check(matter, "defer", actor)
    on = day_of(on, label="登记日期", not_before=matter.received_on)
    matter.reply_text = _text(reason, "记录情况和说明", "reason")
    matter.outcome = Outcome.DEFERRED
    matter.replied_on = on
    matter.status = MatterStatus.DEFERRED
    _save(matter)
    _trace(matter, "defer", on, actor, note=matter.reply_text)
    privacy.audit(action="defer", number=matter.number, user=actor, ip=ip)
    _tell(matter, "诉求已记录在案", matter.reply_text)
    return matter


@transaction.atomic
def matter_resume(
    *, matter: Matter, actor, note: str = "", on: date | None = None, ip: str | None = None
) -> Matter:
    """Conditions have matured: a new 5-working-day 办理 clock for the same 主办部门."""
    matter = _lock(matter)
    _check(matter, "resume", actor)
    on = day_of(on, label="恢复办理日期", not_before=matter.replied_on)
    matter.status = MatterStatus.HANDLING
    matter.outcome = ""
    matter.replied_on = None
    matter.handling_started_on = on
    matter.handling_days = rules.JOINT_HANDLING_DAYS if matter.joint else rules.HANDLING_DAYS
    matter.extended_days = 0
    _save(matter)
    _trace(matter, "resume", on, actor, note=note.strip(), due_on=matter.handling_due_on)
    privacy.audit(action="resume", number=matter.number, user=actor, ip=ip)
    _tell(
        matter,
        "恢复办理",
        f"您的诉求已恢复办理，办理期限为{cn_date(matter.handling_due_on)}。",
    )
    return matter


def _transfer(
    matter: Matter,
    name: str,
    outcome: str,
    organ: str,
    explanation: str,
    actor,
    on: date | None,
    ip: str | None,
) -> Matter:
    matter = _lock(matter)
    _check(matter, name, actor)
    on = day_of(on, label="移交日期", not_before=matter.received_on)
    matter.transferred_to = _text(organ, "移交的机关或程序", "organ", 200)
    matter.reply_text = _text(explanation, "告知纳税人的说明", "explanation")
    matter.outcome = outcome
    matter.replied_on = on
    matter.status = MatterStatus.TRANSFERRED
    _save(matter)
    _trace(matter, name, on, actor, note=f"{matter.transferred_to}：{matter.reply_text}")
    privacy.audit(action=name, number=matter.number, user=actor, ip=ip, detail=organ)
    _tell(matter, MATTER_TRANSITIONS[name].label, matter.reply_text)
    return matter


@transaction.atomic
def matter_route_review(
    *, matter: Matter, explanation: str, actor, on: date | None = None, ip: str | None = None
) -> Matter:
    """A request for 行政复议 leaves this procedure for that one (seed 002 四（二）1)."""
    return _transfer(
        matter, "route_review", Outcome.REVIEW, "行政复议程序", explanation, actor, on, ip
    )


@transaction.atomic
def matter_escalate(
    *,
    matter: Matter,
    organ: str,
    explanation: str,
    actor,
    on: date | None = None,
    ip: str | None = None,
) -> Matter:
    """Beyond this level's remit: reported to the superior authority (分级办理)."""
    return _transfer(matter, "escalate", Outcome.ESCALATED, organ, explanation, actor, on, ip)


@transaction.atomic
def matter_pass_down(
    *,
    matter: Matter,
    organ: str,
    explanation: str,
    actor,
    on: date | None = None,
    ip: str | None = None,
) -> Matter:
    """Within a lower level's remit: passed down to it (分级办理)."""
    return _transfer(matter, "pass_down", Outcome.PASSED_DOWN, organ, explanation, actor, on, ip)


# ---------------------------------------------------------------------------------------------
# Clocks, personal data


def matters_recompute_deadlines() -> int:
    """Recompute every matter whose clocks can still matter (the holiday table changed)."""
    calendar = Calendar()
    count = 0
    for matter in Matter.objects.exclude(status__in=[MatterStatus.TRANSFERRED]).filter(
        closed_on__isnull=True
    ):
        clocks.refresh(matter, calendar)
        matter.save(
            update_fields=[
                "handling_due_on",
                "step_label",
                "step_started_on",
                "step_days",
                "step_due_on",
                "due_provisional",
                "deadline_explanation",
            ]
        )
        count += 1
    return count


def matter_reveal_pii(*, matter: Matter, user, ip: str | None = None) -> dict:
    """The full contacts, for staff who handle the matter; every call is audited."""
    from taxpayer.permissions import can_view

    if not (user.has_perm("taxpayer.reveal_pii_matter") and can_view(user, matter)):
        raise RuleViolation("只有办理该事项的工作人员可以查看完整联系方式。")
    privacy.audit(
        action="reveal_pii", number=matter.number, user=user, ip=ip, detail="联系电话、邮箱、识别号"
    )
    return {"phone": matter.phone, "email": matter.email, "taxpayer_id": matter.taxpayer_id}


@transaction.atomic
def matter_change_contact(
    *, matter: Matter, phone: str, email: str, user, ip: str | None = None
) -> Matter:
    """Correct the taxpayer's contact details (e.g. told by phone); audited like a reveal."""
    from taxpayer.permissions import can_view

    matter = _lock(matter)
    if not (user.has_perm("taxpayer.reveal_pii_matter") and can_view(user, matter)):
        raise RuleViolation("只有办理该事项的工作人员可以修改联系方式。")
    if matter.pii_purged_at:
        raise RuleViolation("该事项的个人信息已按期清除。")
    error = privacy.phone_error(phone)
    if error:
        raise RuleViolation(error, field="phone")
    error = privacy.email_error(email)
    if error:
        raise RuleViolation(error, field="email")
    matter.phone = privacy.normalised_phone(phone)
    matter.email = email.strip()
    matter.save(update_fields=["phone", "email", "updated_at"])
    privacy.audit(action="change_contact", number=matter.number, user=user, ip=ip)
    return matter


def _ended_on(matter: Matter) -> date | None:
    if matter.status in (MatterStatus.CLOSED, MatterStatus.TRANSFERRED):
        return matter.closed_on or matter.replied_on
    return None


@transaction.atomic
def matters_purge_pii(*, today: date | None = None, retention_days: int | None = None) -> int:
    """Erase contacts of matters closed longer than the retention period; the ledger line, its
    dates and outcome stay, so statistics are unaffected. Mail about it is deleted too."""
    days = privacy.retention_days() if retention_days is None else retention_days
    cutoff = (today or timezone.localdate()) - timedelta(days=days)
    count = 0
    candidates = Matter.objects.filter(
        pii_purged_at__isnull=True,
        status__in=[MatterStatus.CLOSED, MatterStatus.TRANSFERRED],
    )
    for matter in candidates:
        ended = _ended_on(matter)
        if ended is None or ended > cutoff:
            continue
        if matter.attachment:
            matter.attachment.delete(save=False)
        matter.taxpayer_name = "（个人信息已按期清除）"
        matter.phone = ""
        matter.email = ""
        matter.taxpayer_id = ""
        matter.attachment_name = ""
        matter.pii_purged_at = timezone.now()
        matter.save(
            update_fields=[
                "taxpayer_name",
                "phone",
                "email",
                "taxpayer_id",
                "attachment",
                "attachment_name",
                "pii_purged_at",
            ]
        )
        mail_forget(reference=matter.number)
        privacy.audit(action="purge_pii", number=matter.number, detail=f"保存期限{days}天")
        count += 1
    return count
