"""Public pages: apply, receipt (the 查询码 shown once) and tracking with throttled failures."""

from urllib.parse import quote

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from disclosure import rules, selectors, services, transitions
from disclosure.application_form import TITLE as APPLICATION_FORM_TITLE
from disclosure.application_form import application_form_docx, application_form_pdf
from disclosure.audit import audit_record, client_ip
from disclosure.forms import (
    ApplyForm,
    CorrectionSubmitForm,
    NewCodeForm,
    TrackForm,
    attach_errors,
    privacy_notice,
)
from disclosure.models import Channel, DisclosureRequest, EventKind, Notice, Status
from disclosure.notices import notice_docx, notice_pdf
from disclosure.tracking import receipt_pdf, tracking_code_request
from disclosure.transitions import Actor
from portal.antiabuse import rate_limit
from portal.outage import SAVE_FAILED_STATUS, SAVE_FAILURES, save_failed_message
from portal.privatefiles import private_file_response

RECEIPTS_SESSION_KEY = "disclosure_receipts"
CODES_SESSION_KEY = "disclosure_codes"
TRACKED_SESSION_KEY = "disclosure_tracked"
TRACK_FAILURE_LIMIT = 5
TRACK_FAILURE_WINDOW = 15 * 60
GENERIC_TRACK_ERROR = "申请编号或查询码不正确，请核对后重试。"


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("disclosure-apply", "10/h")
def apply(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ApplyForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.request_register(
                    channel=Channel.ONLINE,
                    applicant_kind=data["applicant_kind"],
                    applicant_name=data["applicant_name"],
                    contact_person=data["contact_person"],
                    id_type=data["id_type"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                    postal_code=data["postal_code"],
                    description=data["description"],
                    doc_number=data["doc_number"],
                    info_form=data["info_form"],
                    delivery=data["delivery"],
                    attachment=data.get("attachment"),
                    submission_token=data.get("submission_token"),
                    consent=data["consent"],
                    ip=client_ip(request),
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            except SAVE_FAILURES:
                form.add_error(None, save_failed_message(had_files=bool(request.FILES)))
                status = SAVE_FAILED_STATUS
            else:
                receipts = request.session.get(RECEIPTS_SESSION_KEY, [])
                if created.number not in receipts:
                    receipts.append(created.number)
                request.session[RECEIPTS_SESSION_KEY] = receipts[-20:]
                if created.tracking_code:
                    codes = request.session.get(CODES_SESSION_KEY, {})
                    codes[created.number] = created.tracking_code
                    request.session[CODES_SESSION_KEY] = codes
                return redirect("disclosure:receipt", number=created.number)
        form.refresh_captcha()
        if request.FILES:
            messages.warning(request, "出于安全考虑，附件需要重新选择。")
    else:
        form = ApplyForm()
    return render(
        request,
        "disclosure/apply.html",
        {
            "form": form,
            "privacy_notice": privacy_notice(),
            "disclosure_rules": rules.template_numbers(),
        },
        status=status,
    )


@never_cache
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    """Shown after submitting; the 查询码 appears on the first view only."""
    if number not in request.session.get(RECEIPTS_SESSION_KEY, []):
        raise Http404("回执不存在。")
    disclosure_request = get_object_or_404(DisclosureRequest, number=number)
    codes = request.session.get(CODES_SESSION_KEY, {})
    code = codes.pop(number, None)
    request.session[CODES_SESSION_KEY] = codes
    return render(
        request,
        "disclosure/receipt.html",
        {"req": disclosure_request, "tracking_code": code},
    )


@never_cache
@require_http_methods(["POST"])
def receipt_download(request: HttpRequest, number: str) -> HttpResponse:
    """The receipt as PDF with the 查询码, for the applicant who has just been shown it.

    The code is posted back from the receipt page rather than kept on the server, and must match
    the stored hash, so the PDF can only hold a code its holder already knows.
    """
    if number not in request.session.get(RECEIPTS_SESSION_KEY, []):
        raise Http404("回执不存在。")
    disclosure_request = get_object_or_404(DisclosureRequest, number=number)
    code = request.POST.get("code", "")[:20]
    if not code or services.tracking_code_hash(code) != disclosure_request.tracking_code_hash:
        messages.error(request, "查询码已失效，无法生成含查询码的回执。")
        return redirect("disclosure:receipt", number=number)
    audit_record(action="receipt_download", request=disclosure_request, ip=client_ip(request))
    response = HttpResponse(receipt_pdf(disclosure_request, code), content_type="application/pdf")
    filename = f"{number}-政府信息公开申请回执.pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("disclosure-new-code", "5/h")
def new_code(request: HttpRequest) -> HttpResponse:
    """Lost 查询码: a new one is mailed to the address in the application. The answer is the
    same whether or not the pair matched, so the page reveals no applicant's data."""
    if request.method == "POST":
        form = NewCodeForm(request.POST)
        if form.is_valid():
            tracking_code_request(
                number=form.cleaned_data["number"],
                email=form.cleaned_data["email"],
                ip=client_ip(request),
            )
            # Post/redirect/get: a reload sends nothing twice, and the per-address limit counts
            # this as a successful submission.
            return redirect(f"{reverse('disclosure:new_code')}?sent=1")
        form.refresh_captcha()
    elif request.GET.get("sent"):
        return render(request, "disclosure/new_code_sent.html")
    else:
        form = NewCodeForm()
    return render(request, "disclosure/new_code.html", {"form": form})


@never_cache
@require_http_methods(["POST"])
def end_tracking(request: HttpRequest) -> HttpResponse:
    """结束查询: forget the opened request and any receipts on this browser (shared terminals
    in the 办税服务厅), and start a fresh session key."""
    for key in (TRACKED_SESSION_KEY, RECEIPTS_SESSION_KEY, CODES_SESSION_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()
    messages.success(request, "已结束查询。再次查询需要重新输入申请编号和查询码。")
    return redirect("disclosure:track")


def _failure_key(request: HttpRequest) -> str:
    return f"disclosure:track-failures:{client_ip(request) or 'unknown'}"


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("disclosure-track", "60/h")
def track(request: HttpRequest) -> HttpResponse:
    """申请编号 + 查询码 → status; a wrong pair gets one generic message; failures are throttled."""
    found = None
    if request.method == "POST":
        form = TrackForm(request.POST)
        failures = cache.get(_failure_key(request), 0)
        if failures >= TRACK_FAILURE_LIMIT:
            return render(
                request,
                "portal/rate_limited.html",
                {"retry_hint": "查询失败次数过多，请15分钟后再试。"},
                status=429,
            )
        if form.is_valid():
            candidate = DisclosureRequest.objects.filter(number=form.cleaned_data["number"]).first()
            code_hash = services.tracking_code_hash(form.cleaned_data["code"])
            if candidate is not None and candidate.tracking_code_hash == code_hash:
                found = candidate
                request.session[TRACKED_SESSION_KEY] = found.pk
                cache.delete(_failure_key(request))
                audit_record(action="public_track", request=found, ip=client_ip(request))
                return redirect("disclosure:status")
            cache.set(_failure_key(request), failures + 1, TRACK_FAILURE_WINDOW)
            form.add_error(None, GENERIC_TRACK_ERROR)
        form.refresh_captcha()
    else:
        form = TrackForm()
    return render(request, "disclosure/track.html", {"form": form})


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(TRACKED_SESSION_KEY)
    if not pk:
        return redirect("disclosure:track")
    disclosure_request = get_object_or_404(DisclosureRequest, pk=pk)
    audit_record(action="public_view", request=disclosure_request, ip=client_ip(request))
    return _render_status(request, disclosure_request)


def _render_status(
    request: HttpRequest, disclosure_request: DisclosureRequest, correction_form=None
) -> HttpResponse:
    actions = [t.name for t in transitions.available(disclosure_request, Actor.APPLICANT)]
    correction_notice = None
    if disclosure_request.status == Status.CORRECTION:
        correction_notice = (
            disclosure_request.events.filter(kind=EventKind.CORRECTION_NOTICE).order_by("pk").last()
        )
    if correction_form is None and "correction_submit" in actions:
        correction_form = CorrectionSubmitForm()
    return render(
        request,
        "disclosure/status.html",
        {
            "correction_notice": correction_notice,
            "correction_refused": transitions.refusal(disclosure_request, "correction_submit")
            if correction_notice
            else "",
            "correction_form": correction_form,
            "req": disclosure_request,
            "timeline": selectors.public_timeline(disclosure_request),
            "notices": selectors.public_notices(disclosure_request),
            "attachments": disclosure_request.reply_attachments.all(),
            "applicant_actions": actions,
        },
        status=400 if correction_form is not None and correction_form.is_bound else 200,
    )


def _tracked(request: HttpRequest) -> DisclosureRequest:
    pk = request.session.get(TRACKED_SESSION_KEY)
    if not pk:
        raise Http404("请先查询申请。")
    return get_object_or_404(DisclosureRequest, pk=pk)


@never_cache
def notice_download(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    disclosure_request = _tracked(request)
    notice = get_object_or_404(Notice, token=token, request=disclosure_request, public=True)
    return notice_response(notice, fmt)


@never_cache
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A file sent with the reply, for the applicant who opened the request with its 查询码."""
    disclosure_request = _tracked(request)
    attachment = get_object_or_404(disclosure_request.reply_attachments, pk=pk)
    return private_file_response(attachment.file, filename=attachment.title)


@never_cache
def own_attachment_download(request: HttpRequest) -> HttpResponse:
    """The applicant's own attachment, for the tracking session of that request only; audited."""
    disclosure_request = _tracked(request)
    if not disclosure_request.attachment:
        raise Http404("该申请没有附件。")
    audit_record(
        action="public_attachment_download", request=disclosure_request, ip=client_ip(request)
    )
    return private_file_response(
        disclosure_request.attachment, filename=attachment_filename(disclosure_request)
    )


def attachment_filename(disclosure_request: DisclosureRequest) -> str:
    """The name the applicant gave the file; older rows fall back to the stored extension."""
    if disclosure_request.attachment_name:
        return disclosure_request.attachment_name
    extension = disclosure_request.attachment.name.rsplit(".", 1)[-1]
    return f"{disclosure_request.number}-申请附件.{extension}"


def application_form(request: HttpRequest, fmt: str) -> HttpResponse:
    """The blank 政府信息公开申请表 for paper, letter and fax applications (the 指南 links it)."""
    if fmt == "pdf":
        content, mime = application_form_pdf(), "application/pdf"
    elif fmt == "docx":
        content = application_form_docx()
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404("不支持的格式。")
    response = HttpResponse(content, content_type=mime)
    filename = f"{APPLICATION_FORM_TITLE}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def notice_response(notice: Notice, fmt: str) -> HttpResponse:
    if fmt == "pdf":
        content, mime = notice_pdf(notice), "application/pdf"
    elif fmt == "docx":
        content = notice_docx(notice)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404("不支持的格式。")
    response = HttpResponse(content, content_type=mime)
    filename = f"{notice.request.number}-{notice.title}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@never_cache
@require_http_methods(["POST"])
@rate_limit("disclosure-correction", "10/h")
def correction(request: HttpRequest) -> HttpResponse:
    """The applicant sends the 补正 the office asked for; the reply period restarts today."""
    disclosure_request = _tracked(request)
    refused = transitions.refusal(disclosure_request, "correction_submit")
    if refused:
        messages.error(request, refused)
        return redirect("disclosure:status")
    form = CorrectionSubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.request_correction_submit(
                request=disclosure_request,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachments"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "补正已提交，答复期限自今日重新计算。")
            return redirect("disclosure:status")
    if request.FILES:
        messages.warning(request, "出于安全考虑，附件需要重新选择。")
    disclosure_request.refresh_from_db()
    return _render_status(request, disclosure_request, correction_form=form)


@never_cache
@require_http_methods(["POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    """The applicant withdraws a request they have opened with 申请编号 + 查询码."""
    disclosure_request = _tracked(request)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再撤回申请。")
        return redirect("disclosure:status")
    try:
        services.request_withdraw(
            request=disclosure_request,
            withdrawn_on=timezone.localdate(),
            note="申请人通过网上查询页面撤回申请",
            ip=client_ip(request),
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "申请已撤回。")
    return redirect("disclosure:status")
