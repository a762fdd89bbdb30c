"""Reads for 纳税服务: who sees which matters, the ledger filters, clock warnings with the step
and the person responsible, the public timeline, free slots, day lists and 调休 balances."""

from dataclasses import dataclass
from datetime import date, time

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from lists.catalogue import guide_items
from lists.organisations import Organisation, organisation, unit_ids_of_user
from taxpayer import permissions, rules, slots
from taxpayer.models import (
    OPEN_STATUSES,
    Appointment,
    AppointmentStatus,
    CompensatoryLeave,
    FollowUpStatus,
    Matter,
    MatterEvent,
    MatterStatus,
    OvertimeRecord,
    ProposalStatus,
    Rating,
    ServiceHall,
    TaxpayerSettings,
)
from workdays.calendar import add_working_days


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# ---------------------------------------------------------------------------------------------
# Matters


def matters_visible_to(user) -> QuerySet[Matter]:
    """The 纳税服务部门 sees the whole ledger; others what they received or were given."""
    if permissions.is_service(user):
        return Matter.objects.all()
    if not permissions.is_matter_staff(user):
        return Matter.objects.none()
    units = unit_ids_of_user(user)
    return Matter.objects.filter(
        Q(first_responder=user)
        | Q(receiving_unit__in=units)
        | Q(host_unit__in=units)
        | Q(co_units__in=units)
        | Q(handler=user)
    ).distinct()


def ledger_filter(queryset: QuerySet[Matter], data: dict, today: date) -> QuerySet[Matter]:
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    status = data.get("status")
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if data.get("category"):
        queryset = queryset.filter(category=data["category"])
    if data.get("channel"):
        queryset = queryset.filter(channel=data["channel"])
    if data.get("unit"):
        queryset = queryset.filter(host_unit=data["unit"])
    if data.get("due") == "overdue":
        queryset = queryset.filter(status__in=OPEN_STATUSES, step_due_on__lt=today)
    elif data.get("due") == "soon":
        queryset = queryset.filter(
            status__in=OPEN_STATUSES, step_due_on__gte=today, step_due_on__lte=due_soon(today)
        )
    if data.get("received_from"):
        queryset = queryset.filter(received_on__gte=data["received_from"])
    if data.get("received_to"):
        queryset = queryset.filter(received_on__lte=data["received_to"])
    if data.get("q"):
        q = data["q"].strip()
        queryset = queryset.filter(
            Q(number__icontains=q)
            | Q(taxpayer_name__icontains=q)
            | Q(content__icontains=q)
            | Q(topic__icontains=q)
        )
    return queryset


def due_soon(today: date) -> date:
    return add_working_days(today, rules.DUE_SOON_WORKING_DAYS)


def service_unit() -> Organisation | None:
    return organisation(TaxpayerSettings.load().service_unit_id)


def responsible(matter: Matter) -> str:
    """Who the current step waits for (限时办结监控: 明确延误环节和责任人)."""
    status = matter.status
    if status == MatterStatus.REGISTERED:
        return matter.first_responder_name or "受理人"
    if status in (MatterStatus.POOLED, MatterStatus.REPLIED, MatterStatus.VISITED):
        unit = service_unit()
        return unit.name if unit else "纳税服务部门"
    if status in (MatterStatus.HANDLING, MatterStatus.COMPLETED):
        host = organisation(matter.host_unit_id)
        who = _name(matter.handler)
        return "，".join(part for part in (host.name if host else "", who) if part) or "承办部门"
    return ""


@dataclass(frozen=True)
class Warning:
    number: str
    pk: int
    kind: str  # "matter" or "rating"
    title: str  # what is waiting, e.g. 纳税人诉求 / 差评整改
    step: str  # the step whose clock runs out
    due_on: date
    overdue: bool
    responsible: str
    emails: tuple[str, ...]  # who gets the digest line


def _emails(*users) -> tuple[str, ...]:
    return tuple(sorted({user.email for user in users if user is not None and user.email}))


def matter_warnings(today: date, queryset: QuerySet[Matter] | None = None) -> list[Warning]:
    """Open matters whose step is due by the next working day, or overdue."""
    queryset = Matter.objects.all() if queryset is None else queryset
    cutoff = due_soon(today)
    due = queryset.filter(status__in=OPEN_STATUSES, step_due_on__lte=cutoff).select_related(
        "handler", "first_responder"
    )
    found = []
    for matter in due.order_by("step_due_on", "pk"):
        if matter.status in (MatterStatus.HANDLING, MatterStatus.COMPLETED):
            people = _emails(matter.handler) or _unit_emails(matter.host_unit_id)
        elif matter.status == MatterStatus.REGISTERED:
            people = _emails(matter.first_responder)
        else:
            people = _service_emails()
        found.append(
            Warning(
                number=matter.number,
                pk=matter.pk,
                kind="matter",
                title=matter.get_kind_display(),
                step=matter.step_label,
                due_on=matter.step_due_on,
                overdue=matter.step_due_on < today,
                responsible=responsible(matter),
                emails=people,
            )
        )
    return found


def rating_warnings(today: date) -> list[Warning]:
    """差评 whose 回访核实/整改 period ends by the next working day, or has ended."""
    cutoff = due_soon(today)
    due = Rating.objects.filter(
        follow_up__in=[FollowUpStatus.PENDING, FollowUpStatus.VERIFIED], due_on__lte=cutoff
    ).select_related("handled_by")
    return [
        Warning(
            number=rating.rated_number,
            pk=rating.pk,
            kind="rating",
            title=f"差评（{rating.get_level_display()}）",
            step="回访核实" if rating.follow_up == FollowUpStatus.PENDING else "整改反馈",
            due_on=rating.due_on,
            overdue=rating.due_on < today,
            responsible=_name(rating.handled_by) or "差评整改责任部门",
            emails=_emails(rating.handled_by) or _service_emails(),
        )
        for rating in due.order_by("due_on", "pk")
    ]


def _unit_emails(unit_id: int | None) -> tuple[str, ...]:
    if unit_id is None:
        return ()
    return _emails(*get_user_model().objects.filter(units__pk=unit_id, is_active=True))


def _service_emails() -> tuple[str, ...]:
    users = (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__codename="serve_matter")
            | Q(user_permissions__codename="serve_matter"),
            is_active=True,
        )
        .distinct()
    )
    return _emails(*users)


def public_timeline(matter: Matter) -> list[MatterEvent]:
    return list(matter.events.filter(public=True).order_by("occurred_on", "pk"))


def extensions(matter: Matter) -> list[MatterEvent]:
    """Approved extensions with their reasons, which the taxpayer is shown (说明原因)."""
    return list(matter.events.filter(action="extend").order_by("occurred_on", "pk"))


def guide_choices() -> list[tuple[int, str]]:
    return [
        (item.id, f"{item.name}（{item.promised_limit or item.statutory_limit or '未公开时限'}）")
        for item in guide_items()
    ]


def bookable_guide_choices() -> list[tuple[int, str]]:
    return [(item.id, item.name) for item in guide_items() if item.offline]


# ---------------------------------------------------------------------------------------------
# Halls and appointments


@dataclass(frozen=True)
class HallInfo:
    id: int
    name: str
    address: str
    office_hours: str
    phone: str
    hours: str  # bookable hours, e.g. 09:00—12:00，13:30—17:00


def _hall_info(hall: ServiceHall) -> HallInfo:
    unit = organisation(hall.unit_id)
    return HallInfo(
        id=hall.pk,
        name=unit.name,
        address=unit.address,
        office_hours=unit.office_hours,
        phone=unit.phone,
        hours=f"{slots.slot_label(hall.morning_start, hall.morning_end)}，"
        f"{slots.slot_label(hall.afternoon_start, hall.afternoon_end)}",
    )


def public_halls() -> list[HallInfo]:
    return [_hall_info(hall) for hall in ServiceHall.objects.filter(active=True)]


@dataclass(frozen=True)
class Slot:
    starts_at: time
    ends_at: time
    left: int  # places still free

    @property
    def label(self) -> str:
        return slots.slot_label(self.starts_at, self.ends_at)

    @property
    def value(self) -> str:
        return self.starts_at.strftime("%H:%M")


def free_slots(hall: ServiceHall, day: date) -> list[Slot]:
    """The day's slots with places left, those already begun today left out."""
    now = timezone.localtime()
    taken: dict[time, int] = {}
    booked = Appointment.objects.filter(hall=hall, date=day, status=AppointmentStatus.BOOKED)
    for starts_at in booked.values_list("starts_at", flat=True):
        taken[starts_at] = taken.get(starts_at, 0) + 1
    return [
        Slot(start, end, hall.capacity - taken.get(start, 0))
        for start, end in slots.hall_slots(hall)
        if not (day == now.date() and start <= now.time())
    ]


def day_list(hall: ServiceHall, day: date) -> list[tuple[Slot, list[Appointment]]]:
    """The hall's day view for staff: every slot with its appointments, 绿色通道 first."""
    appointments = (
        Appointment.objects.filter(hall=hall, date=day)
        .exclude(status=AppointmentStatus.CANCELLED)
        .prefetch_related("proposals")
        .order_by("starts_at", "-green_channel", "pk")
    )
    by_slot: dict[time, list[Appointment]] = {}
    for appointment in appointments:
        appointment.pending = [
            p for p in appointment.proposals.all() if p.status == ProposalStatus.PENDING
        ]
        by_slot.setdefault(appointment.starts_at, []).append(appointment)
    rows = []
    for start, end in slots.hall_slots(hall):
        booked = by_slot.get(start, [])
        active = [a for a in booked if a.status == AppointmentStatus.BOOKED]
        rows.append((Slot(start, end, hall.capacity - len(active)), booked))
    return rows


# ---------------------------------------------------------------------------------------------
# 延时服务 and 调休


def overtime_balance_minutes(user) -> int:
    worked = OvertimeRecord.objects.filter(staff=user).aggregate(total=Sum("minutes"))["total"]
    taken = CompensatoryLeave.objects.filter(staff=user).aggregate(total=Sum("hours"))["total"]
    return int(worked or 0) - int((taken or 0) * 60)


@dataclass(frozen=True)
class OvertimeTotal:
    user_id: int
    name: str
    worked_minutes: int
    leave_minutes: int
    records: int

    @property
    def balance_minutes(self) -> int:
        return self.worked_minutes - self.leave_minutes

    @property
    def worked_hours(self) -> float:
        return round(self.worked_minutes / 60, 1)

    @property
    def balance_hours(self) -> float:
        return round(self.balance_minutes / 60, 1)

    @property
    def leave_due(self) -> bool:
        """Seed 001 四（三）: 累计超过一定时长的，应合理安排调休."""
        return self.balance_minutes >= rules.OVERTIME_LEAVE_THRESHOLD_HOURS * 60


def overtime_totals() -> list[OvertimeTotal]:
    """Accumulated after-hours service per person, what was taken as 调休, and the balance."""
    worked = {
        row["staff"]: row
        for row in OvertimeRecord.objects.values("staff").annotate(
            minutes=Sum("minutes"), records=Count("pk")
        )
    }
    leave = {
        row["staff"]: row["hours"]
        for row in CompensatoryLeave.objects.values("staff").annotate(hours=Sum("hours"))
    }
    users = get_user_model().objects.filter(pk__in=set(worked) | set(leave))
    totals = [
        OvertimeTotal(
            user_id=user.pk,
            name=_name(user),
            worked_minutes=int(worked.get(user.pk, {}).get("minutes") or 0),
            leave_minutes=int((leave.get(user.pk) or 0) * 60),
            records=int(worked.get(user.pk, {}).get("records") or 0),
        )
        for user in users
    ]
    return sorted(totals, key=lambda total: -total.balance_minutes)
