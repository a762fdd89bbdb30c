"""Writes for the 延时服务登记台账 (seed 001 四（三）): after-hours service and 调休 against it."""

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction

from portal.errors import RuleViolation
from taxpayer.models import CompensatoryLeave, OvertimeRecord, PeakPeriod, ServiceHall
from taxpayer.permissions import is_hall_staff
from taxpayer.selectors import overtime_balance_minutes
from taxpayer.services.common import cn_date, day_of


def _require_staff(actor) -> None:
    if not is_hall_staff(actor):
        raise RuleViolation("只有办税服务厅工作人员可以登记延时服务和调休。")


@transaction.atomic
def overtime_record(
    *,
    staff,
    worked_on: date,
    starts_at: time,
    ends_at: time,
    actor,
    hall_id: int | None = None,
    taxpayers_served: int = 1,
    note: str = "",
) -> OvertimeRecord:
    """One person's after-hours service on one day, its length in minutes."""
    _require_staff(actor)
    if staff is None or not staff.is_active:
        raise RuleViolation("请选择提供延时服务的工作人员。", field="staff")
    worked_on = day_of(worked_on, label="延时服务日期")
    if ends_at <= starts_at:
        raise RuleViolation("延时结束时间应晚于开始时间。", field="ends_at")
    if hall_id is not None and not ServiceHall.objects.filter(pk=hall_id).exists():
        raise RuleViolation("请选择办税服务厅。", field="hall_id")
    if taxpayers_served < 1:
        raise RuleViolation("服务纳税人数至少为1。", field="taxpayers_served")
    minutes = int(
        (
            datetime.combine(worked_on, ends_at) - datetime.combine(worked_on, starts_at)
        ).total_seconds()
        // 60
    )
    record = OvertimeRecord(
        staff=staff,
        hall_id=hall_id,
        worked_on=worked_on,
        starts_at=starts_at,
        ends_at=ends_at,
        minutes=minutes,
        taxpayers_served=taxpayers_served,
        note=note.strip()[:300],
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def leave_record(
    *, staff, leave_on: date, hours: Decimal, actor, note: str = ""
) -> CompensatoryLeave:
    """调休 against the balance; never on a day of a peak period (调休时间应避开办税高峰期)."""
    _require_staff(actor)
    if staff is None:
        raise RuleViolation("请选择调休的工作人员。", field="staff")
    if hours <= 0:
        raise RuleViolation("调休时长应大于0。", field="hours")
    peak = PeakPeriod.objects.filter(starts_on__lte=leave_on, ends_on__gte=leave_on).first()
    if peak is not None:
        raise RuleViolation(
            f"{cn_date(leave_on)}处于{peak.name}，调休时间应避开办税高峰期。", field="leave_on"
        )
    balance = Decimal(overtime_balance_minutes(staff)) / 60
    if hours > balance:
        raise RuleViolation(
            f"调休时长不能超过累计延时服务余额（{balance.quantize(Decimal('0.1'))}小时）。",
            field="hours",
        )
    leave = CompensatoryLeave(
        staff=staff,
        leave_on=leave_on,
        hours=hours,
        note=note.strip()[:200],
        approved_by=actor,
    )
    leave.full_clean()
    leave.save()
    return leave
