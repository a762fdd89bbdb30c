"""Staff side in the Wagtail admin: ledger (台账), registration, handling actions, notices.

Views are thin: they check who may see a request (selectors), parse a form and call one service.
Every view of a request's page and every change is written to the audit log.
"""

from datetime import date
from io import BytesIO

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from disclosure import forms as f
from disclosure import selectors, services
from disclosure.audit import audit_record, client_ip
from disclosure.fees import calculate_fee
from disclosure.models import (
    Assignment,
    Channel,
    DisclosureRequest,
    Notice,
    NoticeKind,
    Status,
)
from disclosure.validators import mask, mask_address, mask_email
from disclosure.views import notice_response


def _require_office(user) -> None:
    if not selectors.user_is_office(user):
        raise PermissionDenied("只有政府信息公开办公室人员可以执行此操作。")


def _visible(request: HttpRequest, pk: int) -> DisclosureRequest:
    queryset = selectors.requests_visible_to(request.user)
    if not (
        selectors.user_is_office(request.user) or selectors.user_can_view_assigned(request.user)
    ):
        raise PermissionDenied("您没有查看依申请公开的权限。")
    found = queryset.filter(pk=pk).first()
    if found is None:
        audit_record(
            action="denied", user=request.user, ip=client_ip(request), detail=f"request {pk}"
        )
        raise PermissionDenied("该申请未转办给您所在的部门，无权查看。")
    return found


def masked(req: DisclosureRequest) -> dict:
    return {
        "id_number": mask(req.id_number),
        "phone": mask(req.phone, 3, 4),
        "email": mask_email(req.email),
        "address": mask_address(req.address),
    }


def ledger(request: HttpRequest) -> HttpResponse:
    if not (
        selectors.user_is_office(request.user) or selectors.user_can_view_assigned(request.user)
    ):
        raise PermissionDenied("您没有查看依申请公开台账的权限。")
    form = f.LedgerFilterForm(request.GET or None)
    queryset = selectors.requests_visible_to(request.user).select_related("handler")
    if form.is_bound and form.is_valid():
        queryset = selectors.ledger_filter(queryset, form.cleaned_data)
    page = Paginator(queryset.order_by("-received_on", "-pk"), 50).get_page(request.GET.get("p"))
    today = timezone.localdate()
    return render(
        request,
        "disclosure/admin/ledger.html",
        {
            "form": form,
            "page_obj": page,
            "today": today,
            "soon": selectors.due_soon_cutoff(today),
            "is_office": selectors.user_is_office(request.user),
            "query": request.GET.urlencode(),
        },
    )


def ledger_export(request: HttpRequest) -> HttpResponse:
    """XLSX of the filtered ledger with personal data masked."""
    from openpyxl import Workbook

    if not (
        selectors.user_is_office(request.user) or selectors.user_can_view_assigned(request.user)
    ):
        raise PermissionDenied("您没有导出台账的权限。")
    form = f.LedgerFilterForm(request.GET or None)
    queryset = selectors.requests_visible_to(request.user).select_related(
        "handler", "first_responder"
    )
    if form.is_bound and form.is_valid():
        queryset = selectors.ledger_filter(queryset, form.cleaned_data)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "依申请公开台账"
    sheet.append(
        [
            "申请编号",
            "渠道",
            "申请人类型",
            "申请人",
            "证件号码",
            "联系电话",
            "所需信息",
            "收到日期",
            "状态",
            "答复期限",
            "办理结果",
            "答复日期",
            "首问责任人",
            "经办人",
        ]
    )
    for req in queryset.order_by("received_on", "pk"):
        sheet.append(
            [
                req.number,
                req.get_channel_display(),
                req.get_applicant_kind_display(),
                req.applicant_name
                if req.applicant_kind != "natural_person"
                else mask(req.applicant_name, 1, 0),
                mask(req.id_number),
                mask(req.phone, 3, 4),
                req.description[:500],
                req.received_on,
                req.get_status_display(),
                req.reply_due_on,
                req.get_outcome_display() if req.outcome else "",
                req.closed_on,
                _user_name(req.first_responder),
                _user_name(req.handler),
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    audit_record(
        action="export", user=request.user, ip=client_ip(request), detail=request.GET.urlencode()
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="disclosure-ledger-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def register(request: HttpRequest) -> HttpResponse:
    """Register a request that came by another channel (当面, 挂号, 平信, 传真/在线)."""
    _require_office(request.user)
    form = f.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            created = services.request_register(**data, actor=request.user, ip=client_ip(request))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                f"已登记 {created.number}。查询码：{created.tracking_code}"
                "（仅显示一次，请告知申请人）。",
            )
            url = reverse("disclosure_admin:detail", args=[created.pk])
            if created.channel == Channel.IN_PERSON:
                url += "?print_receipt=1"
            return redirect(url)
    return render(request, "disclosure/admin/register.html", {"form": form})


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _approvers():
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name="政府信息公开办公室") | Q(is_superuser=True))
        .distinct()
    )


ACTIONS = {
    "correction_notice": (f.CorrectionNoticeForm, "发出补正告知"),
    "correction_received": (f.CorrectionReceivedForm, "登记收到补正"),
    "correction_lapse": (f.LapseForm, "按逾期不补正处理"),
    "consult_start": (f.ConsultStartForm, "征求意见"),
    "consult_end": (f.ConsultEndForm, "结束征求意见"),
    "extend": (f.ExtendForm, "延期"),
    "assign": (f.AssignForm, "转办"),
    "fee_notice": (f.FeeNoticeForm, "发出收费通知"),
    "fee_paid": (f.FeePaidForm, "登记缴费"),
    "fee_lapse": (f.LapseForm, "按逾期未缴费处理"),
    "reply": (f.ReplyForm, "答复"),
    "archive": (f.ArchiveForm, "办结归档"),
    "withdraw": (f.WithdrawForm, "申请人撤回"),
}
AVAILABLE = {
    Status.PROCESSING: [
        "reply",
        "correction_notice",
        "consult_start",
        "extend",
        "fee_notice",
        "assign",
        "withdraw",
    ],
    Status.CORRECTION: ["correction_received", "correction_lapse", "assign", "withdraw"],
    Status.CONSULTING: ["consult_end", "extend", "assign", "withdraw"],
    Status.FEE_PENDING: ["fee_paid", "fee_lapse", "extend", "assign", "withdraw"],
    Status.REPLIED: ["archive"],
}


def _action_form(name: str, data=None, files=None):
    form_class, _ = ACTIONS[name]
    kwargs = {"prefix": name}
    if name == "extend":
        kwargs["approvers"] = _approvers()
    return form_class(data, files, **kwargs)


def _run_action(name: str, req: DisclosureRequest, data: dict, user, ip):
    common = {"actor": user, "ip": ip}
    if name == "correction_notice":
        return services.request_correction_notice(request=req, **data, **common)
    if name == "correction_received":
        return services.request_correction_received(request=req, **data, **common)
    if name == "correction_lapse":
        return services.request_correction_lapse(request=req, **data, **common)
    if name == "consult_start":
        return services.request_consult_start(request=req, **data, **common)
    if name == "consult_end":
        return services.request_consult_end(request=req, **data, **common)
    if name == "extend":
        return services.request_extend(request=req, **data, **common)
    if name == "assign":
        return services.request_assign(request=req, **data, **common)
    if name == "fee_notice":
        return services.request_fee_notice(request=req, **data, **common)
    if name == "fee_paid":
        return services.request_fee_paid(request=req, **data, **common)
    if name == "fee_lapse":
        return services.request_fee_lapse(request=req, **data, **common)
    if name == "reply":
        upload = data.pop("attachments", None)
        return services.request_reply(
            request=req, **data, attachments=[upload] if upload else [], **common
        )
    if name == "archive":
        return services.request_archive(request=req, **data, **common)
    if name == "withdraw":
        return services.request_withdraw(request=req, **data, **common)
    raise Http404


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _visible(request, pk)
    audit_record(action="view", request=req, user=request.user, ip=client_ip(request))
    return _render_detail(request, req)


def _render_detail(request, req, bound: dict | None = None, revealed: dict | None = None):
    is_office = selectors.user_is_office(request.user)
    action_forms = []
    if is_office:
        for name in AVAILABLE.get(req.status, []):
            if name == "extend" and req.extended_days:
                continue
            form = (bound or {}).get(name) or _action_form(name)
            action_forms.append((name, ACTIONS[name][1], form))
    my_assignments = [
        a
        for a in req.assignments.select_related("department")
        if not a.feedback_on and a.department.members.filter(pk=request.user.pk).exists()
    ]
    receipt = req.notices.filter(kind=NoticeKind.RECEIPT).first()
    today = timezone.localdate()
    return render(
        request,
        "disclosure/admin/detail.html",
        {
            "req": req,
            "is_office": is_office,
            "pii": revealed or masked(req),
            "revealed": bool(revealed),
            "events": req.events.all(),
            "assignments": req.assignments.select_related(
                "department", "assigned_by", "feedback_by"
            ),
            "notices": req.notices.all(),
            "action_forms": action_forms,
            "feedback_forms": [
                (
                    a,
                    (bound or {}).get(f"feedback-{a.pk}")
                    or f.FeedbackForm(initial={"assignment": a.pk}, prefix=f"feedback-{a.pk}"),
                )
                for a in my_assignments
            ],
            "explanation": req.deadline_explanation,
            "overdue": req.status == Status.PROCESSING
            and req.reply_due_on
            and req.reply_due_on < today,
            "delay": selectors.delay_responsibility(req, today)
            if req.status == Status.PROCESSING and req.reply_due_on and req.reply_due_on < today
            else "",
            "print_receipt": receipt if request.GET.get("print_receipt") else None,
            "audit": req.audit.select_related("user")[:30] if is_office else [],
        },
        status=400 if bound else 200,
    )


@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    _require_office(request.user)
    if name not in ACTIONS:
        raise Http404
    req = _visible(request, pk)
    form = _action_form(name, request.POST, request.FILES)
    if name not in AVAILABLE.get(req.status, []):
        messages.error(request, f"当前状态为“{req.get_status_display()}”，不能{ACTIONS[name][1]}。")
        return _render_detail(request, req, bound={name: form})
    if form.is_valid():
        try:
            _run_action(name, req, dict(form.cleaned_data), request.user, client_ip(request))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已{ACTIONS[name][1]}。")
            return redirect("disclosure_admin:detail", pk=req.pk)
    messages.error(request, f"{ACTIONS[name][1]}未成功，请按提示修改。")
    return _render_detail(request, req, bound={name: form})


@require_POST
def feedback(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    req = _visible(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_pk, request=req)
    if not (
        selectors.user_is_office(request.user)
        or assignment.department.members.filter(pk=request.user.pk).exists()
    ):
        raise PermissionDenied("只有承办部门人员可以反馈。")
    form = f.FeedbackForm(request.POST, prefix=f"feedback-{assignment.pk}")
    if form.is_valid():
        try:
            services.assignment_feedback(
                assignment=assignment,
                feedback=form.cleaned_data["feedback"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "已反馈。")
            return redirect("disclosure_admin:detail", pk=req.pk)
    return _render_detail(request, req, bound={f"feedback-{assignment.pk}": form})


@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The explicit, audited "show" of full personal data (office only)."""
    req = _visible(request, pk)
    try:
        revealed = services.request_reveal_pii(
            request=req, user=request.user, ip=client_ip(request)
        )
    except ValidationError as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    return _render_detail(request, req, revealed=revealed)


def notice(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    item = get_object_or_404(Notice, pk=pk)
    _visible(request, item.request_id)
    audit_record(
        action="notice_download",
        request=item.request,
        user=request.user,
        ip=client_ip(request),
        detail=f"{item.title}.{fmt}",
    )
    return notice_response(item, fmt)


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import FileResponse

    req = _visible(request, pk)
    if not req.attachment:
        raise Http404
    audit_record(
        action="attachment_download", request=req, user=request.user, ip=client_ip(request)
    )
    return FileResponse(req.attachment.open("rb"), as_attachment=True)


def fee_calculator(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    form = f.FeeCalculatorForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = calculate_fee(form.cleaned_data["method"], form.cleaned_data["quantity"])
        except ValueError as exc:
            form.add_error("quantity", str(exc))
    return render(request, "disclosure/admin/fee_calculator.html", {"form": form, "result": result})


def uncovered_years(today: date | None = None) -> list[int]:
    """Years within the next twelve months the calendar does not cover (the 暂定 alert)."""
    from datetime import timedelta

    from workdays.calendar import Calendar

    calendar = Calendar()
    today = today or timezone.localdate()
    years = {today.year, (today + timedelta(days=365)).year}
    return sorted(y for y in years if not calendar.year_is_covered(y))
