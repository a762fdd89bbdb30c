"""Staff side in the Wagtail admin: ledger (台账), registration, handling actions, notices.

Views are thin: they check who may see a request (selectors), parse a form and call one service.
Which handling actions a request offers, with which form and service, comes from the transition
table (`disclosure.transitions`); this module has no list of its own. Every view of a request's
page and every change is written to the audit log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from disclosure import forms as f
from disclosure import selectors, services, transitions
from disclosure.audit import audit_record, client_ip
from disclosure.fees import calculate_fee, fee_rules_summary
from disclosure.filters import LedgerFilter
from disclosure.models import (
    Assignment,
    Channel,
    CorrectionAttachment,
    DisclosureRequest,
    Notice,
    NoticeKind,
    RequestEvent,
    Status,
)
from disclosure.tracking import Reissued, tracking_code_reissue
from disclosure.transitions import Actor, Transition
from disclosure.validators import mask, mask_address, mask_email
from disclosure.views import attachment_filename, notice_response
from portal.outage import SAVE_FAILED_STATUS, SAVE_FAILURES
from portal.privatefiles import private_file_response
from portal.spreadsheets.exports import download_response, finish_sheet, workbook_bytes


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
    ledger_filter = LedgerFilter(
        request.GET or None,
        queryset=selectors.requests_visible_to(request.user).select_related("handler"),
    )
    queryset = ledger_filter.qs
    page = Paginator(queryset.order_by("-received_on", "-pk"), 50).get_page(request.GET.get("p"))
    today = timezone.localdate()
    return render(
        request,
        "disclosure/admin/ledger.html",
        {
            "form": ledger_filter.form,
            "page_obj": page,
            "today": today,
            "soon": selectors.due_soon_cutoff(today),
            "is_office": selectors.user_is_office(request.user),
            "query": request.GET.urlencode(),
        },
    )


def ledger_export(request: HttpRequest) -> HttpResponse:
    """XLSX of the filtered ledger with personal data masked."""
    if not (
        selectors.user_is_office(request.user) or selectors.user_can_view_assigned(request.user)
    ):
        raise PermissionDenied("您没有导出台账的权限。")
    queryset = LedgerFilter(
        request.GET or None,
        queryset=selectors.requests_visible_to(request.user).select_related(
            "handler", "first_responder"
        ),
    ).qs
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
    finish_sheet(sheet)
    audit_record(
        action="export", user=request.user, ip=client_ip(request), detail=request.GET.urlencode()
    )
    return download_response(
        workbook_bytes(workbook), f"依申请公开台账-{timezone.localdate():%Y%m%d}.xlsx"
    )


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
            f.attach_errors(form, exc)
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


def _run(transition: Transition, subject, data: dict, user, ip):
    """Perform one transition: call its service with the form's cleaned data."""
    service = getattr(services, transition.service)
    return service(**{transition.subject: subject}, **data, actor=user, ip=ip)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _visible(request, pk)
    audit_record(action="view", request=req, user=request.user, ip=client_ip(request))
    return _render_detail(request, req)


def _render_detail(
    request,
    req,
    bound: dict | None = None,
    revealed: dict | None = None,
    issued: Reissued | None = None,
):
    is_office = selectors.user_is_office(request.user)
    bound = bound or {}
    action_forms = []
    if is_office:
        offered = transitions.available(req, Actor.OFFICE)
        for transition in offered:
            form = bound.get(transition.name) or transition.form(prefix=transition.name)
            action_forms.append((transition.name, transition.label, form))
        # A form typed for an action someone else made impossible meanwhile stays on screen.
        for name, form in bound.items():
            transition = transitions.TRANSITIONS.get(name)
            if transition is not None and transition not in offered:
                action_forms.append((name, transition.label, form))
    my_assignments = [
        a
        for a in req.assignments.select_related("department")
        if selectors.user_in_assigned_unit(request.user, a)
        and not transitions.refusal(req, "feedback", assignment=a)
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
                (a, bound.get(f"feedback-{a.pk}") or f.FeedbackForm(prefix=f"feedback-{a.pk}"))
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
            "issued": issued,
            "correction_attachments": req.correction_attachments.all(),
        },
        status=400 if bound else 200,
    )


@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One handling action on a request, as the transition table describes it."""
    transition = transitions.TRANSITIONS.get(name)
    if transition is None or transition.subject != "request":
        raise Http404
    if Actor.OFFICE not in transition.actors:
        raise PermissionDenied(f"政府信息公开办公室不能{transition.label}。")
    _require_office(request.user)
    req = _visible(request, pk)
    form = transition.form(request.POST, request.FILES, prefix=name)
    refused = transitions.refusal(req, name)
    if refused:
        messages.error(request, refused)
        return _render_detail(request, req, bound={name: form})
    seen = _last_step(req.pk)
    if form.is_valid():
        try:
            _run(transition, req, dict(form.cleaned_data), request.user, client_ip(request))
        except ValidationError as exc:
            changed = _changed_meanwhile(req, seen)
            if changed is not None:
                return _render_conflict(request, changed, transition.label, bound={name: form})
            f.attach_errors(form, exc)
        except SAVE_FAILURES:
            return _render_busy(request, req, transition.label, bound={name: form})
        else:
            messages.success(request, f"已{transition.label}。")
            return redirect("disclosure_admin:detail", pk=req.pk)
    messages.error(request, f"{transition.label}未成功，请按提示修改。")
    return _render_detail(request, req, bound={name: form})


def _last_step(pk: int) -> int | None:
    """Every handling step writes an event: the newest one's id tells whether anything happened."""
    return RequestEvent.objects.filter(request_id=pk).aggregate(last=Max("pk"))["last"]


def _changed_meanwhile(req: DisclosureRequest, seen: int | None) -> DisclosureRequest | None:
    """The request as it is now, if someone else acted on it while this action was under way."""
    if _last_step(req.pk) == seen:
        return None
    return DisclosureRequest.objects.filter(pk=req.pk).first()


def _render_conflict(request, current: DisclosureRequest, label: str, bound: dict):
    """Two staff acted at once and the other one was first: say so, keep what was typed."""
    messages.error(
        request,
        f"其他工作人员刚刚处理了该申请（当前状态：{current.get_status_display()}），"
        f"您的“{label}”未执行。您填写的内容保留在下方，请核对最新情况后再决定是否提交。",
    )
    response = _render_detail(request, current, bound=bound)
    response.status_code = 409
    return response


def _render_busy(request, req: DisclosureRequest, label: str, bound: dict):
    """The database stayed locked (or refused the write): nothing was done, the form is kept."""
    messages.error(
        request,
        f"系统繁忙，“{label}”未能保存，未作任何更改。您填写的内容保留在下方，请稍后再次提交。",
    )
    response = _render_detail(request, req, bound=bound)
    response.status_code = SAVE_FAILED_STATUS
    return response


@require_POST
def feedback(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """A 承办部门's answer to one transfer (the table's "feedback" transition)."""
    transition = transitions.TRANSITIONS["feedback"]
    req = _visible(request, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_pk, request=req)
    roles = set()
    if selectors.user_is_office(request.user):
        roles.add(Actor.OFFICE)
    if selectors.user_in_assigned_unit(request.user, assignment):
        roles.add(Actor.ASSIGNED_UNIT)
    if not roles & transition.actors:
        raise PermissionDenied("只有承办部门人员可以反馈。")
    prefix = f"feedback-{assignment.pk}"
    form = transition.form(request.POST, prefix=prefix)
    seen = _last_step(req.pk)
    if form.is_valid():
        try:
            _run(transition, assignment, dict(form.cleaned_data), request.user, client_ip(request))
        except ValidationError as exc:
            changed = _changed_meanwhile(req, seen)
            if changed is not None:
                return _render_conflict(request, changed, transition.label, bound={prefix: form})
            f.attach_errors(form, exc)
        except SAVE_FAILURES:
            return _render_busy(request, req, transition.label, bound={prefix: form})
        else:
            messages.success(request, f"已{transition.label}。")
            return redirect("disclosure_admin:detail", pk=req.pk)
    return _render_detail(request, req, bound={prefix: form})


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


@require_POST
def new_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new 查询码 for an applicant who lost it (office only): mailed when the request
    has an address, and shown on this response once so staff can hand it over."""
    _require_office(request.user)
    req = _visible(request, pk)
    issued = tracking_code_reissue(request=req, actor=request.user, ip=client_ip(request))
    return _render_detail(request, issued.request, issued=issued)


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
    req = _visible(request, pk)
    if not req.attachment:
        raise Http404
    audit_record(
        action="attachment_download", request=req, user=request.user, ip=client_ip(request)
    )
    return private_file_response(req.attachment, filename=attachment_filename(req))


def correction_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A file sent with an online 补正; downloads are audited like the application's."""
    item = get_object_or_404(CorrectionAttachment, pk=pk)
    req = _visible(request, item.request_id)
    audit_record(
        action="correction_attachment_download",
        request=req,
        user=request.user,
        ip=client_ip(request),
        detail=item.title,
    )
    return private_file_response(item.file, filename=item.title)


def fee_calculator(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    form = f.FeeCalculatorForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = calculate_fee(form.cleaned_data["method"], form.cleaned_data["quantity"])
        except ValueError as exc:
            form.add_error("quantity", str(exc))
    return render(
        request,
        "disclosure/admin/fee_calculator.html",
        {"form": form, "result": result, "fee_rules": fee_rules_summary()},
    )
