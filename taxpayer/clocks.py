"""Which clock a matter is on, and when each runs out.

A matter stores where its clocks start and how many working days they run (`rules.py` says how
many); the due dates are always recomputed from those through `workdays.calendar`, so editing the
holiday table (`workdays.signals.calendar_changed`) moves every open deadline at once.

The clocks of a 诉求, received on a Wednesday before National Day 2026 (10-01..10-07 holidays,
Saturday 10-10 a make-up working day): 转交纳税服务部门 by Thursday 10-08; if forwarded the same
Wednesday, 办理 within 5 working days by Tuesday 10-13 (10-08, 10-09, 10-10, 10-12, 10-13).
"""

from dataclasses import dataclass
from datetime import date

from taxpayer import rules
from taxpayer.models import Matter, MatterKind, MatterStatus
from workdays.calendar import Calendar, Deadline, compute_deadline


@dataclass(frozen=True)
class Step:
    label: str  # the step the matter waits for, as staff and taxpayers read it
    started_on: date | None  # the day its clock starts (not counted)
    days: int | None  # working days it may take; None: no clock (回访, 对账销号, 待条件成熟)
    handling: bool = False  # True: the step's clock is the 办理 clock itself


def handling_deadline(matter: Matter, calendar: Calendar | None = None) -> Deadline | None:
    """The 办理 deadline: start + the time limit + every approved extension."""
    if matter.handling_started_on is None or matter.handling_days is None:
        return None
    return compute_deadline(
        matter.handling_started_on, matter.handling_days + matter.extended_days, calendar=calendar
    )


def current_step(matter: Matter) -> Step:
    """The step an open matter waits for; closed ones wait for nothing."""
    appeal = matter.kind == MatterKind.APPEAL
    status = matter.status
    if status == MatterStatus.REGISTERED and appeal:
        return Step("转交纳税服务部门汇总", matter.received_on, rules.HANDOVER_DAYS)
    if status == MatterStatus.REGISTERED:
        return Step("转办承办人", matter.handling_started_on, matter.handling_days, handling=True)
    if status == MatterStatus.POOLED:
        return Step("转交承办部门办理", matter.pooled_on, rules.DISPATCH_DAYS)
    if status == MatterStatus.HANDLING:
        return Step("办理", matter.handling_started_on, matter.handling_days, handling=True)
    if status == MatterStatus.COMPLETED:
        return Step("反馈纳税人", matter.completed_on, rules.FEEDBACK_DAYS)
    if status == MatterStatus.REPLIED and appeal:
        return Step("回访", None, None)
    if status in (MatterStatus.REPLIED, MatterStatus.VISITED):
        return Step("对账销号", None, None)
    if status == MatterStatus.DEFERRED:
        return Step("待条件成熟时解决", None, None)
    return Step("", None, None)


def refresh(matter: Matter, calendar: Calendar | None = None) -> None:
    """Set the derived clock fields from the stored starts and limits (the caller saves)."""
    calendar = calendar or Calendar()
    handling = handling_deadline(matter, calendar)
    matter.handling_due_on = handling.due if handling else None
    step = current_step(matter)
    matter.step_label = step.label
    matter.step_started_on = step.started_on
    matter.step_days = step.days
    if step.handling:
        deadline = handling
    elif step.started_on is not None and step.days is not None:
        deadline = compute_deadline(step.started_on, step.days, calendar=calendar)
    else:
        deadline = None
    matter.step_due_on = deadline.due if deadline else None
    matter.due_provisional = bool(
        (deadline and deadline.provisional) or (handling and handling.provisional)
    )
    matter.deadline_explanation = {
        "step": deadline.as_dict() if deadline else None,
        "handling": handling.as_dict() if handling else None,
    }
