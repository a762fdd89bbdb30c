"""Reads for 依申请公开: who may see which requests, the ledger filters, warnings, timelines."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from disclosure import rules
from disclosure.models import Assignment, DisclosureRequest, Notice, RequestEvent, Status
from lists.organisations import unit_ids_of_user
from workdays import calendar as deadlines

OFFICE_GROUP = "政府信息公开办公室"


def user_is_office(user) -> bool:
    return user.is_active and user.has_perm("disclosure.handle_disclosurerequest")


def user_can_view_assigned(user) -> bool:
    return user.is_active and user.has_perm("disclosure.view_assigned_disclosurerequest")


def user_in_assigned_unit(user, assignment: Assignment) -> bool:
    """Whether `user` works in the unit (机构职能) the request was transferred to."""
    return assignment.department_id in unit_ids_of_user(user)


def requests_visible_to(user) -> QuerySet[DisclosureRequest]:
    """The office sees every request; a 承办部门 member only those transferred to their unit."""
    if user_is_office(user):
        return DisclosureRequest.objects.all()
    if user_can_view_assigned(user):
        return DisclosureRequest.objects.filter(
            assignments__department_id__in=unit_ids_of_user(user)
        ).distinct()
    return DisclosureRequest.objects.none()


def extension_approvers() -> QuerySet:
    """Who may approve an extension (条例第三十三条第二款: 政府信息公开工作机构负责人): holders of
    the approval permission, through the 负责人 group or directly."""
    codename = "approve_extension_disclosurerequest"
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename=codename)
            | Q(user_permissions__codename=codename)
            | Q(is_superuser=True)
        )
        .distinct()
    )


def due_soon_cutoff(today: date | None = None) -> date:
    return deadlines.add_working_days(today or timezone.localdate(), rules.DUE_SOON_WORKING_DAYS)


def uncovered_years(today: date | None = None) -> list[int]:
    """Years within the next twelve months the calendar does not cover (the 暂定 alert)."""
    today = today or timezone.localdate()
    calendar = deadlines.Calendar()
    years = {today.year, (today + timedelta(days=365)).year}
    return sorted(year for year in years if not calendar.year_is_covered(year))


# A consultation past its 15 working days has a reply deadline again (条例第三十二条).
CLOCK_RUNNING = [Status.PROCESSING, Status.CONSULTING]


def requests_overdue(queryset: QuerySet | None = None, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    queryset = DisclosureRequest.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=CLOCK_RUNNING, reply_due_on__lt=today)


def requests_due_soon(queryset: QuerySet | None = None, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    queryset = DisclosureRequest.objects.all() if queryset is None else queryset
    return queryset.filter(
        status__in=CLOCK_RUNNING,
        reply_due_on__gte=today,
        reply_due_on__lte=due_soon_cutoff(today),
    )


def requests_waiting_step_lapsed(today: date | None = None) -> QuerySet:
    """Correction, consultation or fee periods that ran out and need a staff decision."""
    today = today or timezone.localdate()
    return DisclosureRequest.objects.filter(
        status__in=[Status.CORRECTION, Status.CONSULTING, Status.FEE_PENDING],
        step_due_on__lt=today,
    )


def delay_responsibility(request: DisclosureRequest, today: date | None = None) -> str:
    """For an overdue request: the step and the person where the time was lost (首问责任制)."""
    today = today or timezone.localdate()
    late_assignment = (
        request.assignments.filter(feedback_on__isnull=True, due_on__lt=today)
        .select_related("department")
        .first()
    )
    if late_assignment is not None:
        return (
            f"转办{late_assignment.department.name}后未按期反馈（应于{late_assignment.due_on}前反馈，"
            f"转办人：{_name(late_assignment.assigned_by)}）"
        )
    late_feedback = request.assignments.filter(
        feedback_on__isnull=False, due_on__isnull=False
    ).select_related("department", "feedback_by")
    for assignment in late_feedback:
        if assignment.feedback_on > assignment.due_on:
            return (
                f"{assignment.department.name}反馈晚于期限"
                f"（反馈人：{_name(assignment.feedback_by)}）"
            )
    last = request.events.exclude(kind="note").order_by("-occurred_on", "-pk").first()
    responsible = request.handler or request.first_responder
    step = last.get_kind_display() if last else "登记"
    who = _name(responsible) if responsible else (last.actor_name if last else "未指定经办人")
    return f"停留在“{step}”环节后未答复，责任人：{who}"


def _name(user) -> str:
    if user is None:
        return "未记录"
    return user.get_full_name() or user.get_username()


def public_timeline(request: DisclosureRequest) -> list[RequestEvent]:
    return list(request.events.filter(public=True).order_by("occurred_on", "pk"))


def public_notices(request: DisclosureRequest) -> list[Notice]:
    return list(request.notices.filter(public=True).order_by("issued_on", "pk"))


def _applicant_key(request: DisclosureRequest) -> tuple[str, str]:
    """Who applied: the ID document when one was given, otherwise the name as registered. The
    ID number is encrypted at rest, so the comparison happens here rather than in SQL."""
    if request.id_number:
        return (request.id_type, request.id_number.strip().upper())
    return ("name", "".join(request.applicant_name.split()))


def applicant_monthly_ordinal(request: DisclosureRequest) -> tuple[int, list[str]]:
    """Where `request` stands among the same applicant's requests received in the same calendar
    month (国办函〔2020〕109号 按件计收), counted from the ledger, with the numbers counted."""
    month = DisclosureRequest.objects.filter(
        received_on__year=request.received_on.year,
        received_on__month=request.received_on.month,
        pii_purged_at__isnull=True,
    ).exclude(status=Status.UNCONFIRMED)
    key = _applicant_key(request)
    same = [
        other
        for other in month.order_by("received_on", "pk")
        if other.pk == request.pk or _applicant_key(other) == key
    ]
    numbers = [other.number for other in same]
    return numbers.index(request.number) + 1, numbers
