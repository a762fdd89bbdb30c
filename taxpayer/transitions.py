"""The transition tables: for every action, its form, its service, the states it is allowed in,
the state it leads to, who may take it and its Chinese label.

Services check `allowed()` before they write, admin views list `available()` actions as forms,
templates print `label`, and the public timeline uses `public`. Nothing else decides what is
allowed, so a change to the closed loop is a change to one row here (and the service it names).

Forms and services are named by dotted path and resolved when used, because both of them read
this module.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from taxpayer.models import AppointmentStatus, FollowUpStatus, MatterKind, MatterStatus

APPEAL = MatterKind.APPEAL
FIRST_CONTACT = MatterKind.FIRST_CONTACT
BOTH = (APPEAL, FIRST_CONTACT)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    allowed: dict[str, tuple[str, ...]]  # record kind → states the action is allowed in
    to_state: str | None  # None: the state does not change (an extension, a proposal)
    form: str  # dotted path of the form class staff or the taxpayer fill in
    service: str  # dotted path of the service that performs it
    role: str  # who may: see `taxpayer.permissions.may`
    public: bool = True  # shown in the taxpayer's timeline
    clause: str = ""  # where the step comes from
    confirm: str = ""  # a warning shown with the form
    extra: dict = field(default_factory=dict)

    def allowed_in(self, kind: str, state: str) -> bool:
        return state in self.allowed.get(kind, ())

    def form_class(self):
        return import_string(self.form)

    def service_function(self):
        return import_string(self.service)


def _both(*states: str) -> dict[str, tuple[str, ...]]:
    return {kind: tuple(states) for kind in BOTH}


S = MatterStatus
MATTER_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "hand_over",
            "转交纳税服务部门汇总",
            {APPEAL: (S.REGISTERED,)},
            S.POOLED,
            "taxpayer.forms.HandOverForm",
            "taxpayer.services.matters.matter_hand_over",
            "first_responder",
            clause="seed 002 四（一）2：受理登记后1个工作日内转交本级纳税服务部门汇总",
        ),
        Transition(
            "assign",
            "转交承办部门办理",
            {APPEAL: (S.POOLED,), FIRST_CONTACT: (S.REGISTERED,)},
            S.HANDLING,
            "taxpayer.forms.AssignForm",
            "taxpayer.services.matters.matter_assign",
            "dispatcher",
            clause="seed 002 四（一）2、四（二）；seed 001 一（二）受理、转办",
        ),
        Transition(
            "extend",
            "延长办理期限",
            {APPEAL: (S.HANDLING,), FIRST_CONTACT: (S.REGISTERED, S.HANDLING)},
            None,
            "taxpayer.forms.ExtendForm",
            "taxpayer.services.matters.matter_extend",
            "handler",
            clause="seed 002 四（二）1、2；seed 001 二（二）",
            confirm="延期须在办理期限届满前经领导批准，并向纳税人说明原因。",
        ),
        Transition(
            "complete",
            "办结",
            _both(S.HANDLING),
            S.COMPLETED,
            "taxpayer.forms.CompleteForm",
            "taxpayer.services.matters.matter_complete",
            "handler",
            public=False,
            clause="seed 002 四（二）；seed 001 一（二）承办",
        ),
        Transition(
            "reply",
            "反馈纳税人",
            _both(S.COMPLETED),
            S.REPLIED,
            "taxpayer.forms.ReplyForm",
            "taxpayer.services.matters.matter_reply",
            "handler",
            clause="seed 002 四（三）：办理完成后1个工作日内反馈纳税人，同时推送纳税服务部门",
        ),
        Transition(
            "revisit",
            "回访",
            {APPEAL: (S.REPLIED,)},
            S.VISITED,
            "taxpayer.forms.RevisitForm",
            "taxpayer.services.matters.matter_revisit",
            "service",
            clause="seed 002 四（四）定期回访",
        ),
        Transition(
            "reconcile",
            "对账销号",
            {APPEAL: (S.VISITED,), FIRST_CONTACT: (S.REPLIED,)},
            S.CLOSED,
            "taxpayer.forms.ReconcileForm",
            "taxpayer.services.matters.matter_reconcile",
            "dispatcher",
            clause="seed 002 五（三）持续跟踪，限时办结，及时反馈，对账销号",
        ),
        Transition(
            "answer_on_spot",
            "当场办理答复",
            _both(S.REGISTERED, S.POOLED),
            S.CLOSED,
            "taxpayer.forms.OnTheSpotForm",
            "taxpayer.services.matters.matter_answer_on_spot",
            "first_responder",
            clause="seed 002 四（一）2：能当场办理或答复的，应当场办理或答复",
        ),
        Transition(
            "defer",
            "记录在案，待条件成熟",
            {APPEAL: (S.HANDLING,)},
            S.DEFERRED,
            "taxpayer.forms.DeferForm",
            "taxpayer.services.matters.matter_defer",
            "handler",
            clause="seed 002 四（二）1：政策建议、系统优化等短期内无法解决的，"
            "详细记录，待条件成熟时解决",
        ),
        Transition(
            "resume",
            "条件成熟，恢复办理",
            {APPEAL: (S.DEFERRED,)},
            S.HANDLING,
            "taxpayer.forms.ResumeForm",
            "taxpayer.services.matters.matter_resume",
            "service",
            clause="seed 002 四（二）1",
        ),
        Transition(
            "route_review",
            "转入行政复议程序",
            {APPEAL: (S.REGISTERED, S.POOLED, S.HANDLING)},
            S.TRANSFERRED,
            "taxpayer.forms.RouteReviewForm",
            "taxpayer.services.matters.matter_route_review",
            "handler",
            clause="seed 002 四（二）1：纳税人提出行政复议诉求的，按照行政复议相关要求办理",
        ),
        Transition(
            "escalate",
            "上报上级主管部门",
            {APPEAL: (S.POOLED, S.HANDLING)},
            S.TRANSFERRED,
            "taxpayer.forms.TransferForm",
            "taxpayer.services.matters.matter_escalate",
            "handler",
            clause="seed 002 四（二）3 分级办理：超出本级职责范围的，直接上报上级主管部门",
        ),
        Transition(
            "pass_down",
            "转交下级主管部门",
            {APPEAL: (S.POOLED, S.HANDLING)},
            S.TRANSFERRED,
            "taxpayer.forms.TransferForm",
            "taxpayer.services.matters.matter_pass_down",
            "handler",
            clause="seed 002 四（二）3 分级办理：或转交下级主管部门办理",
        ),
    ]
}


A = AppointmentStatus
_APPOINTMENT = "appointment"
APPOINTMENT_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "reschedule",
            "纳税人改约",
            {_APPOINTMENT: (A.BOOKED,)},
            None,
            "taxpayer.forms.RescheduleForm",
            "taxpayer.services.appointments.appointment_reschedule",
            "taxpayer",
            clause="seed 001 三：服务时间由双方协商约定",
        ),
        Transition(
            "cancel",
            "纳税人取消预约",
            {_APPOINTMENT: (A.BOOKED,)},
            A.CANCELLED,
            "taxpayer.forms.CancelAppointmentForm",
            "taxpayer.services.appointments.appointment_cancel",
            "taxpayer",
            clause="seed 001 三（三）：税务机关不得单方面解除已受理的预约；只有纳税人可以取消",
        ),
        Transition(
            "propose_change",
            "提出变更协商",
            {_APPOINTMENT: (A.BOOKED,)},
            None,
            "taxpayer.forms.ProposalForm",
            "taxpayer.services.appointments.appointment_propose_change",
            "hall",
            clause="seed 001 三（三）：因特殊情况确需解除预约的，"
            "应当与纳税人协商并重新安排预约时间",
            confirm="税务机关不能单方面取消预约：变更须经纳税人接受，或由纳税人另行改约。",
        ),
        Transition(
            "propose_off_peak",
            "提出错峰预约建议",
            {_APPOINTMENT: (A.BOOKED,)},
            None,
            "taxpayer.forms.ProposalForm",
            "taxpayer.services.appointments.appointment_propose_off_peak",
            "hall",
            clause="seed 001 三（二）：可根据申报期业务量峰值向纳税人提出错峰预约，不得强制",
        ),
        Transition(
            "accept_proposal",
            "接受调整建议",
            {_APPOINTMENT: (A.BOOKED,)},
            None,
            "taxpayer.forms.AnswerProposalForm",
            "taxpayer.services.appointments.proposal_accept",
            "taxpayer",
            clause="seed 001 三（二）、（三）",
        ),
        Transition(
            "record_agreement",
            "登记纳税人同意调整（电话协商）",
            {_APPOINTMENT: (A.BOOKED,)},
            None,
            "taxpayer.forms.AgreementForm",
            "taxpayer.services.appointments.proposal_record_agreement",
            "hall",
            clause="seed 001 三（三）：与纳税人协商",
        ),
        Transition(
            "decline_proposal",
            "谢绝错峰建议",
            {_APPOINTMENT: (A.BOOKED,)},
            None,
            "taxpayer.forms.AnswerProposalForm",
            "taxpayer.services.appointments.proposal_decline",
            "taxpayer",
            clause="seed 001 三（二）：税务机关不得强制要求纳税人接受错峰预约",
        ),
        Transition(
            "serve",
            "登记已办理",
            {_APPOINTMENT: (A.BOOKED,)},
            A.SERVED,
            "taxpayer.forms.ServeForm",
            "taxpayer.services.appointments.appointment_serve",
            "hall",
        ),
        Transition(
            "abandon",
            "逾时未到，视为主动放弃",
            {_APPOINTMENT: (A.BOOKED,)},
            A.ABANDONED,
            "taxpayer.forms.AbandonForm",
            "taxpayer.services.appointments.appointment_abandon",
            "hall",
            clause="seed 001 三（三）：对超过预约时间而未到场的，视为纳税人主动放弃预约服务",
        ),
    ]
}


F = FollowUpStatus
_RATING = "rating"
RATING_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "verify",
            "回访核实",
            {_RATING: (F.PENDING,)},
            F.VERIFIED,
            "taxpayer.forms.VerifyRatingForm",
            "taxpayer.services.ratings.rating_verify",
            "rating",
            clause="国办发〔2019〕51号：差评由“谁办理、谁负责”安排专人回访核实",
        ),
        Transition(
            "rectify",
            "整改并反馈评价人",
            {_RATING: (F.VERIFIED,)},
            F.DONE,
            "taxpayer.forms.RectifyRatingForm",
            "taxpayer.services.ratings.rating_rectify",
            "rating",
            clause="国办发〔2019〕51号：立行立改或限期整改，整改情况反馈评价人",
        ),
        Transition(
            "extend",
            "情况复杂，延长整改期限",
            {_RATING: (F.PENDING, F.VERIFIED)},
            None,
            "taxpayer.forms.ExtendRatingForm",
            "taxpayer.services.ratings.rating_extend",
            "rating",
            clause="国办发〔2019〕51号：情况复杂、一时难以解决的，建立台账，限期整改",
        ),
    ]
}


def allowed(table: dict[str, Transition], name: str, kind: str, state: str) -> bool:
    transition = table.get(name)
    return transition is not None and transition.allowed_in(kind, state)


def available(table: dict[str, Transition], kind: str, state: str) -> list[Transition]:
    """Actions allowed for a record of `kind` in `state`, in table order."""
    return [t for t in table.values() if t.allowed_in(kind, state)]
