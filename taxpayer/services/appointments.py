"""Writes for 办税预约 (seed 001 三): booking, the taxpayer's changes and cancellation, the
office's proposals (变更协商, 错峰预约), service and 主动放弃.

The office can never cancel an appointment: there is no such service, and `appointment_cancel`
refuses any staff account. What the office needs changed it proposes; the appointment moves
only when the taxpayer accepts (or re-books another time himself).
"""

import uuid
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lists.catalogue import guide_item
from portal.errors import RuleViolation
from portal.mail import mail_forget
from taxpayer import codes, privacy, rules, slots
from taxpayer.models import (
    Appointment,
    AppointmentEvent,
    AppointmentProposal,
    AppointmentStatus,
    AppointmentSubject,
    PeakPeriod,
    ProposalKind,
    ProposalStatus,
    ServiceHall,
)
from taxpayer.services.common import actor_name, check, cn_date, notify
from taxpayer.transitions import APPOINTMENT_TRANSITIONS
from workdays.calendar import Calendar, add_working_days

PURPOSE = "appointment"
KIND = "appointment"
NO_UNILATERAL_CANCEL = (
    "税务机关不得单方面解除已受理的预约（税总发〔2016〕41号第三条第三款）。"
    "确需调整的，请提出变更协商，由纳税人接受或另行改约。"
)


def _check(appointment: Appointment, name: str, user) -> None:
    check(
        APPOINTMENT_TRANSITIONS[name],
        kind=KIND,
        state=appointment.status,
        state_label=appointment.get_status_display(),
        user=user,
        record=appointment,
    )


def _lock(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


def _trace(appointment: Appointment, name: str, note: str = "", actor=None, label: str = ""):
    transition = APPOINTMENT_TRANSITIONS.get(name)
    AppointmentEvent.objects.create(
        appointment=appointment,
        action=name,
        label=label or (transition.label if transition else name),
        note=note,
        actor_name=actor_name(actor),
    )


def _tell(appointment: Appointment, subject: str, body: str, secrets: tuple[str, ...] = ()):
    notify(
        topic="taxpayer.appointment",
        to=appointment.email,
        subject=subject,
        greeting=appointment.taxpayer_name,
        body=body + "\n\n可凭预约编号和预约码在本门户“纳税服务—办税预约”查询、改约或取消。",
        reference=appointment.number,
        secrets=secrets,
    )


def when(appointment) -> str:
    """'2026年10月12日 09:30—10:00，某办税服务厅' for mails and pages."""
    return (
        f"{cn_date(appointment.date)} "
        f"{slots.slot_label(appointment.starts_at, appointment.ends_at)}，{appointment.hall}"
    )


def peak_period(hall: ServiceHall, day: date) -> PeakPeriod | None:
    """The peak period (申报期 etc.) `day` falls in at `hall`, if any."""
    periods = PeakPeriod.objects.filter(starts_on__lte=day, ends_on__gte=day)
    return periods.filter(Q(halls=hall) | Q(halls__isnull=True)).order_by("starts_on").first()


def _slot(
    hall: ServiceHall,
    day: date,
    starts_at: time,
    *,
    exclude: int | None = None,
    calendar: Calendar | None = None,
) -> time:
    """Check a requested slot and return its end: a working day within the booking horizon, a
    slot of the hall's hours that has not begun, with a place left (hall row locked)."""
    now = timezone.localtime()
    today = now.date()
    if not hall.active:
        raise RuleViolation("该办税服务厅暂不接受预约。", field="hall_id")
    if day < today:
        raise RuleViolation("不能预约已过去的日期。", field="date")
    calendar = calendar or Calendar()
    info = calendar.day(day)
    if not info.is_workday:
        name = f"（{info.name}）" if info.name else ""
        raise RuleViolation(f"{cn_date(day)}不是工作日{name}，请选择工作日。", field="date")
    last = add_working_days(today, rules.BOOKING_HORIZON_WORKING_DAYS)
    if day > last:
        raise RuleViolation(
            f"最多可预约{rules.BOOKING_HORIZON_WORKING_DAYS}个工作日内（{cn_date(last)}前）的时段。",
            field="date",
        )
    end = slots.slot_end(hall, starts_at)
    if end is None:
        raise RuleViolation("请选择该办税服务厅开放的预约时段。", field="starts_at")
    if day == today and starts_at <= now.time():
        raise RuleViolation("该时段已开始，请选择之后的时段。", field="starts_at")
    ServiceHall.objects.select_for_update().filter(pk=hall.pk).first()
    taken = Appointment.objects.filter(
        hall=hall, date=day, starts_at=starts_at, status=AppointmentStatus.BOOKED
    )
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.count() >= hall.capacity:
        raise RuleViolation("该时段已约满，请选择其他时段。", field="starts_at")
    return end


def _hall(hall_id: int | None) -> ServiceHall:
    hall = ServiceHall.objects.filter(pk=hall_id, active=True).select_related("unit").first()
    if hall is None:
        raise RuleViolation("请选择办税服务厅。", field="hall_id")
    return hall


@transaction.atomic
def appointment_book(
    *,
    hall_id: int,
    day: date,
    starts_at: time,
    subject: str,
    taxpayer_name: str,
    phone: str,
    guide_id: int | None = None,
    question: str = "",
    email: str = "",
    submission_token: uuid.UUID | None = None,
    consent: bool = True,
    office_actor=None,
    ip: str | None = None,
) -> Appointment:
    """Book one slot; returns the appointment with `.confirmation_code` (shown once). Staff may
    book for a taxpayer who calls (预约服务可以由税务机关发起)."""
    if submission_token is not None:
        existing = Appointment.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            existing.confirmation_code = None
            return existing
    if not consent:
        raise RuleViolation("请阅读并同意个人信息处理告知。", field="consent")
    name = (taxpayer_name or "").strip()
    if not name:
        raise RuleViolation("请填写纳税人名称（姓名）。", field="taxpayer_name")
    error = privacy.phone_error(phone)
    if error:
        raise RuleViolation(error, field="phone")
    error = privacy.email_error(email)
    if error:
        raise RuleViolation(error, field="email")
    if subject == AppointmentSubject.GUIDE:
        item = guide_item(guide_id)
        if item is None:
            raise RuleViolation("请选择要办理的涉税事项。", field="guide_id")
        matter_name = item.name
    elif subject == AppointmentSubject.CONSULTATION:
        if not question.strip():
            raise RuleViolation("请简要写明要咨询的政策问题。", field="question")
        matter_name, guide_id = rules.CONSULTATION_MATTER, None
    else:
        raise RuleViolation("请选择预约事项类型。", field="subject")
    hall = _hall(hall_id)
    end = _slot(hall, day, starts_at)
    code = codes.new_code()
    appointment = Appointment(
        number=codes.next_number("YY", day.year),
        hall=hall,
        date=day,
        starts_at=starts_at,
        ends_at=end,
        subject=subject,
        guide_id=guide_id,
        matter_name=matter_name,
        question=question.strip()[:2000],
        taxpayer_name=name[:200],
        phone=privacy.normalised_phone(phone),
        email=email.strip(),
        code_hash=codes.code_hash(code, purpose=PURPOSE),
        submission_token=submission_token,
        initiated_by_office=office_actor is not None,
    )
    appointment.full_clean(exclude=["submission_token"])
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError:
        existing = Appointment.objects.filter(submission_token=submission_token).first()
        if submission_token is None or existing is None:
            raise
        existing.confirmation_code = None
        return existing
    _trace(appointment, "book", f"预约{when(appointment)}", office_actor, label="预约")
    privacy.audit(action="book", number=appointment.number, user=office_actor, ip=ip)
    _tell(
        appointment,
        "预约成功",
        f"您已预约{when(appointment)}办理“{matter_name}”。\n预约码：{code}（请妥善保管，"
        "改约或取消时需要）。请按时到场；超过预约时间未到场的，视为主动放弃预约服务。",
        secrets=(code,),
    )
    appointment.confirmation_code = code
    return appointment


def _close_pending(appointment: Appointment, status: str, note: str) -> None:
    appointment.proposals.filter(status=ProposalStatus.PENDING).update(
        status=status, answered_at=timezone.now(), answer_note=note
    )


@transaction.atomic
def appointment_reschedule(
    *, appointment: Appointment, day: date, starts_at: time, ip: str | None = None
) -> Appointment:
    """The taxpayer moves his own appointment to another free slot of the same hall."""
    appointment = _lock(appointment)
    _check(appointment, "reschedule", None)
    before = when(appointment)
    appointment.ends_at = _slot(appointment.hall, day, starts_at, exclude=appointment.pk)
    appointment.date = day
    appointment.starts_at = starts_at
    appointment.green_channel = False
    appointment.save()
    _close_pending(appointment, ProposalStatus.REARRANGED, "纳税人已另行改约")
    _trace(appointment, "reschedule", f"由{before}改为{when(appointment)}")
    privacy.audit(action="reschedule", number=appointment.number, ip=ip)
    _tell(appointment, "改约成功", f"您的预约已改为{when(appointment)}。")
    return appointment


@transaction.atomic
def appointment_cancel(
    *, appointment: Appointment, actor=None, reason: str = "", ip: str | None = None
) -> Appointment:
    """Only the taxpayer cancels (seed 001 三（三）): a staff account is always refused."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        raise RuleViolation(NO_UNILATERAL_CANCEL)
    appointment = _lock(appointment)
    _check(appointment, "cancel", None)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.closed_note = reason.strip()[:200] or "纳税人取消"
    appointment.save()
    _close_pending(appointment, ProposalStatus.LAPSED, "纳税人已取消预约")
    _trace(appointment, "cancel", appointment.closed_note)
    privacy.audit(action="cancel", number=appointment.number, ip=ip)
    _tell(appointment, "预约已取消", f"您预约的{when(appointment)}已取消。")
    return appointment


def _propose(
    appointment: Appointment,
    name: str,
    kind: str,
    day: date,
    starts_at: time,
    reason: str,
    actor,
    ip: str | None,
) -> AppointmentProposal:
    appointment = _lock(appointment)
    _check(appointment, name, actor)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请写明理由，纳税人将看到该理由。", field="reason")
    if day == appointment.date and starts_at == appointment.starts_at:
        raise RuleViolation("建议的时间与原预约时间相同。", field="starts_at")
    end = _slot(appointment.hall, day, starts_at, exclude=appointment.pk)
    if kind == ProposalKind.OFF_PEAK:
        if peak_period(appointment.hall, appointment.date) is None:
            raise RuleViolation("原预约时间不在办税高峰期内，无需错峰。")
        if peak_period(appointment.hall, day) is not None:
            raise RuleViolation(
                "建议的时间仍在办税高峰期内，请选择高峰期以外的时间。", field="date"
            )
    _close_pending(appointment, ProposalStatus.LAPSED, "税务机关提出了新的建议")
    proposal = AppointmentProposal(
        appointment=appointment,
        kind=kind,
        date=day,
        starts_at=starts_at,
        ends_at=end,
        reason=reason[:1000],
        proposed_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    suggested = f"{cn_date(day)} {slots.slot_label(starts_at, end)}"
    _trace(appointment, name, f"建议改为{suggested}。理由：{reason}", actor)
    privacy.audit(action=name, number=appointment.number, user=actor, ip=ip)
    if kind == ProposalKind.OFF_PEAK:
        body = (
            f"您预约的{when(appointment)}处于办税高峰期。我们建议您错峰改到{suggested}办理，"
            f"接受后将为您开通绿色通道。理由：{reason}\n您可以接受，也可以谢绝（原预约不受影响）。"
        )
    else:
        body = (
            f"因{reason}，我们需要与您协商调整{when(appointment)}的预约，建议改到{suggested}。"
            "您可以接受，也可以另行选择其他时间；未经您同意，原预约不会被取消。"
        )
    _tell(appointment, "预约调整建议", body)
    return proposal


@transaction.atomic
def appointment_propose_change(
    *,
    appointment: Appointment,
    day: date,
    starts_at: time,
    reason: str,
    actor,
    ip: str | None = None,
) -> AppointmentProposal:
    """The office needs a change (特殊情况): it proposes, the taxpayer decides."""
    return _propose(
        appointment, "propose_change", ProposalKind.CHANGE, day, starts_at, reason, actor, ip
    )


@transaction.atomic
def appointment_propose_off_peak(
    *,
    appointment: Appointment,
    day: date,
    starts_at: time,
    reason: str,
    actor,
    ip: str | None = None,
) -> AppointmentProposal:
    """错峰预约: an off-peak time instead of one in a peak period; the taxpayer may decline."""
    return _propose(
        appointment, "propose_off_peak", ProposalKind.OFF_PEAK, day, starts_at, reason, actor, ip
    )


def _pending(proposal: AppointmentProposal) -> AppointmentProposal:
    proposal = AppointmentProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise RuleViolation(f"该建议已{proposal.get_status_display()}，无需再答复。")
    return proposal


def _move_to(proposal: AppointmentProposal, name: str, note: str, actor, ip) -> Appointment:
    appointment = _lock(proposal.appointment)
    _check(appointment, name, actor)
    proposal = _pending(proposal)
    before = when(appointment)
    appointment.ends_at = _slot(
        appointment.hall, proposal.date, proposal.starts_at, exclude=appointment.pk
    )
    appointment.date = proposal.date
    appointment.starts_at = proposal.starts_at
    appointment.green_channel = proposal.kind == ProposalKind.OFF_PEAK
    appointment.save()
    proposal.status = ProposalStatus.ACCEPTED
    proposal.answered_at = timezone.now()
    proposal.answer_note = note[:200]
    proposal.save()
    green = "，到场后走绿色通道优先办理" if appointment.green_channel else ""
    _trace(appointment, name, f"由{before}改为{when(appointment)}{green}。{note}".strip(), actor)
    privacy.audit(action=name, number=appointment.number, user=actor, ip=ip)
    _tell(appointment, "预约已调整", f"您的预约已改为{when(appointment)}{green}。")
    return appointment


@transaction.atomic
def proposal_accept(*, proposal: AppointmentProposal, ip: str | None = None) -> Appointment:
    """The taxpayer accepts; an accepted 错峰 time is a 绿色通道 on the day list."""
    return _move_to(proposal, "accept_proposal", "纳税人接受", None, ip)


@transaction.atomic
def proposal_record_agreement(
    *, proposal: AppointmentProposal, note: str, actor, ip: str | None = None
) -> Appointment:
    """The taxpayer agreed by phone: staff record who agreed and how (与纳税人协商)."""
    if not (note or "").strip():
        raise RuleViolation("请记录协商情况（何时、与谁、以何种方式同意）。", field="note")
    return _move_to(proposal, "record_agreement", f"协商情况：{note.strip()}", actor, ip)


@transaction.atomic
def proposal_decline(*, proposal: AppointmentProposal, ip: str | None = None) -> Appointment:
    """The taxpayer declines a 错峰 proposal; the original appointment stands (不得强制)."""
    appointment = _lock(proposal.appointment)
    _check(appointment, "decline_proposal", None)
    proposal = _pending(proposal)
    if proposal.kind != ProposalKind.OFF_PEAK:
        raise RuleViolation(
            "税务机关因特殊情况提出的变更，请接受建议时间或另行改约；也可以取消预约。"
        )
    proposal.status = ProposalStatus.DECLINED
    proposal.answered_at = timezone.now()
    proposal.save()
    _trace(appointment, "decline_proposal", "原预约时间不变")
    privacy.audit(action="decline_proposal", number=appointment.number, ip=ip)
    return appointment


@transaction.atomic
def appointment_serve(
    *, appointment: Appointment, actor, note: str = "", ip: str | None = None
) -> Appointment:
    appointment = _lock(appointment)
    _check(appointment, "serve", actor)
    if appointment.date > timezone.localdate():
        raise RuleViolation("预约日期未到，不能登记为已办理。")
    appointment.status = AppointmentStatus.SERVED
    appointment.served_at = timezone.now()
    appointment.closed_note = note.strip()[:200]
    appointment.save()
    _close_pending(appointment, ProposalStatus.LAPSED, "已办理")
    _trace(appointment, "serve", appointment.closed_note, actor)
    privacy.audit(action="serve", number=appointment.number, user=actor, ip=ip)
    _tell(
        appointment,
        "办理完成",
        f"您预约的“{appointment.matter_name}”已办理。欢迎对本次服务作出评价。",
    )
    return appointment


@transaction.atomic
def appointment_abandon(
    *, appointment: Appointment, actor=None, now: datetime | None = None, ip: str | None = None
) -> Appointment:
    """视为主动放弃: only once the slot has ended without the taxpayer (seed 001 三（三））.
    `actor` None is the nightly command."""
    appointment = _lock(appointment)
    if actor is None:
        if appointment.status != AppointmentStatus.BOOKED:
            raise RuleViolation(f"当前状态为“{appointment.get_status_display()}”。")
    else:
        _check(appointment, "abandon", actor)
    now = timezone.localtime(now) if now else timezone.localtime()
    ended = datetime.combine(appointment.date, appointment.ends_at, tzinfo=now.tzinfo)
    if now < ended:
        raise RuleViolation(
            f"预约时段（{cn_date(appointment.date)} {appointment.ends_at:%H:%M}）尚未结束，"
            "不能视为主动放弃。"
        )
    appointment.status = AppointmentStatus.ABANDONED
    appointment.closed_note = "超过预约时间未到场，视为主动放弃预约服务"
    appointment.save()
    _close_pending(appointment, ProposalStatus.LAPSED, "预约已过期")
    _trace(appointment, "abandon", appointment.closed_note, actor)
    privacy.audit(action="abandon", number=appointment.number, user=actor, ip=ip)
    return appointment


def appointments_abandon_past(*, now: datetime | None = None) -> int:
    """Every appointment of an earlier day still marked 已预约 becomes 主动放弃."""
    now = timezone.localtime(now) if now else timezone.localtime()
    count = 0
    overdue = Appointment.objects.filter(status=AppointmentStatus.BOOKED, date__lt=now.date())
    for appointment in overdue:
        appointment_abandon(appointment=appointment, now=now)
        count += 1
    return count


@transaction.atomic
def appointments_purge_pii(*, today: date | None = None, retention_days: int | None = None) -> int:
    """Erase contacts of appointments older than the retention period (past and finished)."""
    from datetime import timedelta

    days = privacy.retention_days() if retention_days is None else retention_days
    cutoff = (today or timezone.localdate()) - timedelta(days=days)
    due = Appointment.objects.filter(pii_purged_at__isnull=True, date__lt=cutoff).exclude(
        status=AppointmentStatus.BOOKED
    )
    count = 0
    for appointment in due:
        appointment.taxpayer_name = "（个人信息已按期清除）"
        appointment.phone = ""
        appointment.email = ""
        appointment.question = ""
        appointment.pii_purged_at = timezone.now()
        appointment.save(
            update_fields=["taxpayer_name", "phone", "email", "question", "pii_purged_at"]
        )
        mail_forget(reference=appointment.number)
        privacy.audit(action="purge_pii", number=appointment.number, detail=f"保存期限{days}天")
        count += 1
    return count


def appointment_reveal_pii(*, appointment: Appointment, user, ip: str | None = None) -> dict:
    """The phone and e-mail for the hall's staff (to negotiate a change); audited."""
    from taxpayer.permissions import is_hall_staff

    if not is_hall_staff(user, appointment.hall):
        raise RuleViolation("只有本办税服务厅的工作人员可以查看完整联系方式。")
    privacy.audit(action="reveal_pii", number=appointment.number, user=user, ip=ip)
    return {"phone": appointment.phone, "email": appointment.email}
