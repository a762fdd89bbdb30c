"""The state machine of 依申请公开 in one table: every handling action, in one place.

Each `Transition` says what the action is called, which form collects its input, which service
function performs it, from which states it may start, which state it leads to, who may take it
and any further condition (a guard). Nothing else decides what is allowed:

- services call `require(request, name)` before they change anything, so a refused action raises
  `RuleViolation` with the table's wording and changes nothing;
- the admin detail page offers exactly `available(request, Actor.OFFICE)` and runs the chosen
  one by calling the named service with the form's cleaned data;
- the public tracking page shows the withdraw button only when
  `available(request, Actor.APPLICANT)` includes it.

Who may act (`actors`) is enforced by the views that serve each kind of actor; services trust
their caller on that (demo loaders and other apps' tests call them without a user) and check
everything else. Rules about the values typed in (dates, periods, amounts) stay with the service
that receives them; their numbers come from `disclosure.rules`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django import forms as django_forms
from django.utils import timezone

from disclosure import forms, rules
from disclosure.models import OPEN_STATUSES, DisclosureRequest, EventKind, Fee, Status
from portal.errors import RuleViolation
from workdays import calendar as deadlines


class Actor(StrEnum):
    OFFICE = "office"  # 政府信息公开办公室: users with disclosure.handle_disclosurerequest
    ASSIGNED_UNIT = "assigned_unit"  # members (lists.Unit.members) of the unit it went to
    APPLICANT = "applicant"  # whoever opened the request with 申请编号 + 查询码


# A guard returns the reason an action is refused now, or "" when it may go ahead. `context`
# carries what the action is about beyond the request (the assignment being answered).
Guard = Callable[..., str]


@dataclass(frozen=True)
class Transition:
    name: str  # URL segment, form prefix and audit action
    label: str  # Chinese, as on the button: "发出补正告知"; messages read "不能{label}"
    form: type[django_forms.Form]
    service: str  # the function in disclosure.services that performs it
    sources: frozenset[str]  # statuses it may start from
    target: str | None  # status afterwards; None when the status does not change
    actors: frozenset[Actor]
    guard: Guard | None = None
    subject: str = "request"  # the service's first argument: "request" or "assignment"
    note: str = ""  # the rule in prose, with its source

    def resulting_status(self, current: str) -> str:
        return self.target or current


def consultation_period_end(started_on: date, calendar: deadlines.Calendar | None = None) -> date:
    """The last day a consultation may pause the reply clock: rules.CONSULTATION_DAYS working
    days after it started (条例第三十二条、第三十四条); then the clock runs again, whether or not
    an opinion came, and the office may answer without it."""
    return deadlines.compute_deadline(started_on, rules.CONSULTATION_DAYS, calendar=calendar).due


def consultation_lapsed(request: DisclosureRequest, today: date) -> bool:
    """The request is being consulted on and the period has run out."""
    if request.status != Status.CONSULTING:
        return False
    started = request.events.filter(kind=EventKind.CONSULT_START).latest("pk")
    return today > consultation_period_end(started.occurred_on)


def _consultation_over(request: DisclosureRequest, **context) -> str:
    if request.status == Status.CONSULTING and not consultation_lapsed(
        request, timezone.localdate()
    ):
        return (
            f"征求意见期限（{rules.CONSULTATION_DAYS}个工作日）尚未届满，不能答复："
            "请先登记意见、结束征求意见。"
        )
    return ""


def _correction_not_yet_sent(request: DisclosureRequest, **context) -> str:
    sent = request.events.filter(kind=EventKind.CORRECTION_NOTICE).count()
    if sent >= rules.MAX_CORRECTION_NOTICES:
        return "补正告知只能发出一次（条例第三十条）。"
    return ""


def _correction_period_open(request: DisclosureRequest, **context) -> str:
    if request.step_due_on and timezone.localdate() > request.step_due_on:
        return "补正期限已过，请联系政府信息公开工作机构说明理由。"
    return ""


def _not_yet_extended(request: DisclosureRequest, **context) -> str:
    extensions = request.events.filter(kind=EventKind.EXTEND).count()
    if request.extended_days or extensions >= rules.MAX_EXTENSIONS:
        return "答复期限只能延长一次（条例第三十三条）。"
    return ""


def _no_fee_notice_yet(request: DisclosureRequest, **context) -> str:
    if Fee.objects.filter(request=request).exists():
        return "该申请已发出过收费通知。"
    return ""


def _assignment_unanswered(request: DisclosureRequest, *, assignment=None, **context) -> str:
    if assignment is not None and assignment.feedback_on:
        return "该转办已反馈，不能重复反馈。"
    return ""


_OPEN = frozenset(OPEN_STATUSES)
_OFFICE = frozenset({Actor.OFFICE})

TABLE: list[Transition] = [
    Transition(
        name="confirm_receipt",
        label="确认收到申请",
        form=forms.ConfirmReceiptForm,
        service="request_confirm_receipt",
        sources=frozenset({Status.UNCONFIRMED}),
        target=Status.PROCESSING,
        actors=_OFFICE,
        note="条例第三十一条: 在线、传真提交的申请以双方确认之日为收到申请之日；"
        "未经人工确认的，于提交当日（工作日）或下一个工作日自动确认。",
    ),
    Transition(
        name="reply",
        label="答复",
        form=forms.ReplyForm,
        service="request_reply",
        sources=frozenset({Status.PROCESSING, Status.CONSULTING}),
        target=Status.REPLIED,
        actors=_OFFICE,
        guard=_consultation_over,
        note="条例第三十六条: 一个办理结果（年报口径）、答复内容和附件，出具答复告知书。"
        f"征求意见满{rules.CONSULTATION_DAYS}个工作日后，未收到意见也可答复（第三十二条）。",
    ),
    Transition(
        name="correction_notice",
        label="发出补正告知",
        form=forms.CorrectionNoticeForm,
        service="request_correction_notice",
        sources=frozenset({Status.PROCESSING}),
        target=Status.CORRECTION,
        actors=_OFFICE,
        guard=_correction_not_yet_sent,
        note=f"条例第三十条: 收到申请之日起{rules.CORRECTION_NOTICE_DAYS}个工作日内一次性告知，"
        "答复期限待补正后重新计算。",
    ),
    Transition(
        name="correction_received",
        label="登记收到补正",
        form=forms.CorrectionReceivedForm,
        service="request_correction_received",
        sources=frozenset({Status.CORRECTION}),
        target=Status.PROCESSING,
        actors=_OFFICE,
        note="条例第三十条: 答复期限自收到补正之日起重新计算。",
    ),
    Transition(
        name="correction_submit",
        label="提交补正",
        form=forms.CorrectionSubmitForm,
        service="request_correction_submit",
        sources=frozenset({Status.CORRECTION}),
        target=Status.PROCESSING,
        actors=frozenset({Actor.APPLICANT}),
        guard=_correction_period_open,
        note="条例第三十条: 申请人在补正期限内在线补正，答复期限自提交之日（本机关收到补正之日）"
        "重新计算；逾期的请联系本机关，由办公室登记。",
    ),
    Transition(
        name="correction_lapse",
        label="按逾期不补正处理",
        form=forms.LapseForm,
        service="request_correction_lapse",
        sources=frozenset({Status.CORRECTION}),
        target=Status.REPLIED,
        actors=_OFFICE,
        note="条例第三十条: 补正期限届满后，办理结果记为（六）其他处理·1，出具告知书。",
    ),
    Transition(
        name="consult_start",
        label="征求意见",
        form=forms.ConsultStartForm,
        service="request_consult_start",
        sources=frozenset({Status.PROCESSING}),
        target=Status.CONSULTING,
        actors=_OFFICE,
        note=f"条例第三十二条、第三十四条: {rules.CONSULTATION_DAYS}个工作日内提出意见，"
        "期间不计入答复期限（第三十三条第三款）。",
    ),
    Transition(
        name="consult_end",
        label="结束征求意见",
        form=forms.ConsultEndForm,
        service="request_consult_end",
        sources=frozenset({Status.CONSULTING}),
        target=Status.PROCESSING,
        actors=_OFFICE,
        note="意见收到或期限届满，答复期限继续计算。",
    ),
    Transition(
        name="fee_notice",
        label="发出收费通知",
        form=forms.FeeNoticeForm,
        service="request_fee_notice",
        sources=frozenset({Status.PROCESSING}),
        target=Status.FEE_PENDING,
        actors=_OFFICE,
        guard=_no_fee_notice_yet,
        note="条例第四十二条、国办函〔2020〕109号: 一次收费通知，缴费期间不计入答复期限。",
    ),
    Transition(
        name="fee_paid",
        label="登记缴费",
        form=forms.FeePaidForm,
        service="request_fee_paid",
        sources=frozenset({Status.FEE_PENDING}),
        target=Status.PROCESSING,
        actors=_OFFICE,
        note="缴费期限内缴纳，答复期限继续计算。",
    ),
    Transition(
        name="fee_lapse",
        label="按逾期未缴费处理",
        form=forms.LapseForm,
        service="request_fee_lapse",
        sources=frozenset({Status.FEE_PENDING}),
        target=Status.REPLIED,
        actors=_OFFICE,
        note="国办函〔2020〕109号: 缴费期限届满后，办理结果记为（六）其他处理·2，出具告知书。",
    ),
    Transition(
        name="extend",
        label="延期",
        form=forms.ExtendForm,
        service="request_extend",
        sources=frozenset({Status.PROCESSING, Status.CONSULTING, Status.FEE_PENDING}),
        target=None,
        actors=_OFFICE,
        guard=_not_yet_extended,
        note="条例第三十三条第二款: 经机构负责人同意、在原期限届满前告知，只能一次，"
        f"最长{rules.MAX_EXTENSION_DAYS}个工作日；状态不变，只改答复期限。",
    ),
    Transition(
        name="assign",
        label="转办",
        form=forms.AssignForm,
        service="request_assign",
        sources=_OPEN,
        target=None,
        actors=_OFFICE,
        note="首问责任制: 转办承办部门并设反馈期限；状态不变。",
    ),
    Transition(
        name="feedback",
        label="反馈",
        form=forms.FeedbackForm,
        service="assignment_feedback",
        sources=_OPEN,
        target=None,
        actors=frozenset({Actor.ASSIGNED_UNIT, Actor.OFFICE}),
        guard=_assignment_unanswered,
        subject="assignment",
        note="承办部门对一次转办反馈一次，记录反馈人和时间；申请办结或撤回后不再反馈。",
    ),
    Transition(
        name="archive",
        label="办结归档",
        form=forms.ArchiveForm,
        service="request_archive",
        sources=frozenset({Status.REPLIED}),
        target=Status.ARCHIVED,
        actors=_OFFICE,
        note="条例第四十五条: 答复后归档，台账闭环。",
    ),
    Transition(
        name="withdraw",
        label="撤回申请",
        form=forms.WithdrawForm,
        service="request_withdraw",
        sources=_OPEN,
        target=Status.WITHDRAWN,
        actors=frozenset({Actor.APPLICANT, Actor.OFFICE}),
        note="申请人在答复前撤回（网上查询页面，或由办公室登记）；不记办理结果，年报计入（六）其他处理·3。",
    ),
]

TRANSITIONS: dict[str, Transition] = {transition.name: transition for transition in TABLE}


def refusal(request: DisclosureRequest, name: str, **context) -> str:
    """Why `name` may not be done to `request` now (in Chinese), or "" when it may."""
    transition = TRANSITIONS[name]
    if request.status not in transition.sources:
        return f"当前状态为“{request.get_status_display()}”，不能{transition.label}。"
    return transition.guard(request, **context) if transition.guard else ""


def require(request: DisclosureRequest, name: str, **context) -> Transition:
    """The transition, or RuleViolation when the table forbids it now."""
    message = refusal(request, name, **context)
    if message:
        raise RuleViolation(message)
    return TRANSITIONS[name]


def available(request: DisclosureRequest, actor: Actor) -> list[Transition]:
    """The actions on the request itself that `actor` may take now, in table order."""
    return [
        transition
        for transition in TABLE
        if transition.subject == "request"
        and actor in transition.actors
        and not refusal(request, transition.name)
    ]
