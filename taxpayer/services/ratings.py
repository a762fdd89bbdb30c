"""Writes for 好差评 (国办发〔2019〕51号; the periods and what was confirmed are in `rules.py`).

A rating is stored once per rated record: `rating_submit` refuses a second one, and the
database's unique constraint refuses it too when two arrive at the same moment. Every 差评 gets
a 15-working-day clock for 回访核实 and 整改反馈 (`rules.RATING_FOLLOW_UP_DAYS`).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.satisfaction import AnsweredRequest
from lists.organisations import organisation
from portal.errors import RuleViolation
from taxpayer import rules
from taxpayer.models import (
    ANSWERED_STATUSES,
    Appointment,
    AppointmentStatus,
    FollowUpStatus,
    Matter,
    MatterKind,
    MatterStatus,
    RatedKind,
    Rating,
)
from taxpayer.services.common import actor_name, check, cn_date, day_of, notify, staff_or_none
from taxpayer.services.matters import service_unit_id
from taxpayer.transitions import RATING_TRANSITIONS
from workdays.calendar import Calendar, compute_deadline

ALREADY_RATED = "该事项已经评价过，每件事项只能评价一次。"
RATEABLE_MATTER_STATUSES = [*ANSWERED_STATUSES, MatterStatus.TRANSFERRED]


def _refresh_due(rating: Rating, calendar: Calendar | None = None) -> None:
    if rating.follow_up_started_on is None or rating.follow_up_days is None:
        rating.due_on = None
        return
    deadline = compute_deadline(
        rating.follow_up_started_on,
        rating.follow_up_days + rating.extended_days,
        calendar=calendar,
    )
    rating.due_on = deadline.due


def _store(rating: Rating) -> Rating:
    if Rating.objects.filter(
        rated_kind=rating.rated_kind, rated_number=rating.rated_number
    ).exists():
        raise RuleViolation(ALREADY_RATED)
    rating.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise RuleViolation(ALREADY_RATED) from None
    return rating


def _new_rating(kind: str, number: str, level: int, comment: str, unit_id: int | None) -> Rating:
    if level not in dict(rules.RATING_LEVELS):
        raise RuleViolation("请选择评价等级。", field="level")
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise RuleViolation("评价意见不能超过1000字。", field="comment")
    bad = rules.is_bad_rating(level)
    if bad and not comment:
        raise RuleViolation("请写明不满意的具体原因，便于我们回访核实和整改。", field="comment")
    now = timezone.now()
    rating = Rating(
        rated_kind=kind,
        rated_number=number,
        unit_id=unit_id,
        level=level,
        comment=comment,
        rated_at=now,
        rated_on=timezone.localdate(now),
        follow_up=FollowUpStatus.PENDING if bad else FollowUpStatus.NOT_NEEDED,
    )
    if bad:
        rating.follow_up_started_on = rating.rated_on
        rating.follow_up_days = rules.RATING_FOLLOW_UP_DAYS
        _refresh_due(rating)
        rating.trace = [_step("评价", f"{rating.get_level_display()}：{comment}", None)]
    return rating


def _step(label: str, note: str, actor) -> dict:
    return {
        "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "label": label,
        "note": note,
        "by": actor_name(actor) if actor is not None else "评价人",
    }


def _tell_service_department(rating: Rating) -> None:
    if not rating.is_bad:
        return
    unit = organisation(service_unit_id())
    if unit is None:
        return
    notify(
        topic="taxpayer.staff",
        to=unit.email,
        subject="收到差评",
        greeting=unit.name,
        body=f"{rating.get_rated_kind_display()} {rating.rated_number} 收到"
        f"“{rating.get_level_display()}”评价：{rating.comment}\n请于{cn_date(rating.due_on)}前"
        "完成回访核实和整改反馈。",
        reference=rating.rated_number,
    )


@transaction.atomic
def rating_submit_matter(*, matter: Matter, level: int, comment: str) -> Rating:
    """The taxpayer who tracked this 诉求 or 首问 matter rates it, once it has been answered."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status not in RATEABLE_MATTER_STATUSES:
        raise RuleViolation("事项办结并反馈后才能评价。")
    kind = RatedKind.APPEAL if matter.kind == MatterKind.APPEAL else RatedKind.FIRST_CONTACT
    rating = _new_rating(kind, matter.number, level, comment, matter.host_unit_id)
    rating.matter = matter
    _store(rating)
    _tell_service_department(rating)
    return rating


@transaction.atomic
def rating_submit_appointment(*, appointment: Appointment, level: int, comment: str) -> Rating:
    """The taxpayer rates a served appointment (the hall is the unit rated)."""
    appointment = (
        Appointment.objects.select_for_update().select_related("hall").get(pk=appointment.pk)
    )
    if appointment.status != AppointmentStatus.SERVED:
        raise RuleViolation("预约办理完成后才能评价。")
    rating = _new_rating(
        RatedKind.APPOINTMENT, appointment.number, level, comment, appointment.hall.unit_id
    )
    rating.appointment = appointment
    _store(rating)
    _tell_service_department(rating)
    return rating


@transaction.atomic
def rating_submit_disclosure(*, request: AnsweredRequest, level: int, comment: str) -> Rating:
    """The applicant rates an answered disclosure request (verified by disclosure.satisfaction)."""
    rating = _new_rating(RatedKind.DISCLOSURE, request.number, level, comment, None)
    _store(rating)
    _tell_service_department(rating)
    return rating


def _lock(rating: Rating, name: str, actor) -> Rating:
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    check(
        RATING_TRANSITIONS[name],
        kind="rating",
        state=rating.follow_up,
        state_label=rating.get_follow_up_display(),
        user=actor,
        record=rating,
    )
    return rating


def _rater_email(rating: Rating) -> str:
    record = rating.matter or rating.appointment
    return record.email if record is not None else ""


@transaction.atomic
def rating_verify(
    *,
    rating: Rating,
    verification: str,
    finding: str,
    actor,
    on: date | None = None,
) -> Rating:
    """回访核实: what the rater said when called back, and what the unit found."""
    rating = _lock(rating, "verify", actor)
    on = day_of(on, label="回访核实日期", not_before=rating.rated_on)
    verification = (verification or "").strip()
    if not verification:
        raise RuleViolation("请填写回访核实情况。", field="verification")
    if finding not in dict(rules.RATING_FINDINGS):
        raise RuleViolation("请选择核实结论。", field="finding")
    rating.verification = verification[:2000]
    rating.finding = finding
    rating.verified_on = on
    rating.handled_by = staff_or_none(actor)
    rating.follow_up = FollowUpStatus.VERIFIED
    rating.trace = [
        *rating.trace,
        _step("回访核实", f"{rating.get_finding_display()}。{verification}", actor),
    ]
    rating.save()
    return rating


@transaction.atomic
def rating_rectify(
    *,
    rating: Rating,
    rectification: str,
    reply_to_rater: str,
    actor,
    on: date | None = None,
) -> Rating:
    """整改 and the result told to the rater: the 差评 is done (实名差评回访整改率 counts it)."""
    rating = _lock(rating, "rectify", actor)
    on = day_of(on, label="整改反馈日期", not_before=rating.verified_on)
    rectification = (rectification or "").strip()
    reply = (reply_to_rater or "").strip()
    if not rectification:
        raise RuleViolation(
            "请填写整改措施及结果（不属实或缺乏法定依据的，填写解释说明情况）。",
            field="rectification",
        )
    if not reply:
        raise RuleViolation("请填写向评价人反馈的内容。", field="reply_to_rater")
    rating.rectification = rectification[:2000]
    rating.reply_to_rater = reply[:2000]
    rating.rectified_on = on
    rating.follow_up = FollowUpStatus.DONE
    rating.trace = [*rating.trace, _step("整改反馈", rectification, actor)]
    rating.save()
    notify(
        topic="taxpayer.rating",
        to=_rater_email(rating),
        subject="评价整改情况反馈",
        greeting="您好",
        body=f"您对{rating.get_rated_kind_display()} {rating.rated_number} 的评价"
        f"已回访核实并处理：\n{reply}",
        reference=rating.rated_number,
    )
    return rating


@transaction.atomic
def rating_extend(
    *,
    rating: Rating,
    days: int,
    reason: str,
    approved_by,
    actor,
    on: date | None = None,
) -> Rating:
    """情况复杂、一时难以解决的: a longer period, approved before the current one runs out."""
    rating = _lock(rating, "extend", actor)
    on = day_of(on, label="延期日期", not_before=rating.rated_on)
    if approved_by is None or not approved_by.has_perm("taxpayer.approve_extension"):
        raise RuleViolation("延长整改期限须经分管局领导批准，请选择批准人。", field="approved_by")
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请写明情况复杂、需要延期的原因。", field="reason")
    left = rules.RATING_MAX_EXTENSION_DAYS - rating.extended_days
    if not 1 <= days <= left:
        raise RuleViolation(f"延长天数应为1至{max(left, 0)}个工作日。", field="days")
    if rating.due_on is not None and on > rating.due_on:
        raise RuleViolation(f"延期须在整改期限（{cn_date(rating.due_on)}）届满前批准。")
    rating.extended_days += days
    _refresh_due(rating)
    note = f"经{actor_name(approved_by)}批准延长{days}个工作日至{cn_date(rating.due_on)}。{reason}"
    rating.trace = [*rating.trace, _step("延长整改期限", note, actor)]
    rating.save()
    return rating


def ratings_recompute_deadlines() -> int:
    calendar = Calendar()
    count = 0
    open_ratings = Rating.objects.filter(
        follow_up__in=[FollowUpStatus.PENDING, FollowUpStatus.VERIFIED]
    )
    for rating in open_ratings:
        _refresh_due(rating, calendar)
        rating.save(update_fields=["due_on"])
        count += 1
    return count
