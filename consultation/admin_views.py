"""Staff views in the Wagtail admin: comment lists, moderation, dispositions, export, feedback.

Thin callers of services/selectors; every rule's message comes from the service. A refused
action is shown as an error message above the forms, which keep what staff typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from consultation import rules
from consultation.forms import DispositionForm, FeedbackForm, ModerationForm
from consultation.models import (
    COMMENTER_KINDS,
    DISPOSITION_CHOICES,
    MODERATION_CHOICES,
    Comment,
    ConsultationFeedback,
    ConsultationPage,
)
from consultation.resources import CONTENT_TYPES, EXPORT_FORMATS, comments_export
from consultation.selectors import (
    draft_articles,
    failed_mail_count,
    feedback_figures,
    staff_comment_list,
)
from consultation.services import (
    comment_dispose,
    comment_moderate,
    feedback_link_document,
    feedback_publish,
)
from portal.errors import RuleViolation
from portal.privatefiles import private_file_response

VIEW_PERM = "consultation.view_comment"
MODERATE_PERM = "consultation.moderate_comment"
CONTACT_PERM = "consultation.view_comment_contact"
STAFF_PAGE_SIZE = 50


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW_PERM)
    now = timezone.now()
    pages = list(ConsultationPage.objects.order_by("-opens_at"))
    rows = []
    for page in pages:
        figures = feedback_figures(page)
        rows.append(
            {
                "page": page,
                "status": rules.STATUS_LABELS[page.status(now)],
                "figures": figures,
                "pending": page.comments.filter(moderation_status="pending").count()
                if page.publish_comments
                else None,
            }
        )
    return render(
        request,
        "consultation/admin/index.html",
        {"rows": rows, "failed_mail": failed_mail_count()},
    )


def comment_list(request: HttpRequest, page_id: int) -> HttpResponse:
    _require(request, VIEW_PERM)
    page = get_object_or_404(ConsultationPage, pk=page_id)
    comments, filters, filter_errors = staff_comment_list(page, request.GET)
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "consultation/admin/comment_list.html",
        {
            "consultation": page,
            "comments": Paginator(comments, STAFF_PAGE_SIZE).get_page(request.GET.get("p")),
            "query": query.urlencode(),
            "filters": filters,
            "filter_errors": filter_errors,
            "articles": draft_articles(page),
            "kinds": COMMENTER_KINDS,
            "statuses": MODERATION_CHOICES,
            "dispositions": DISPOSITION_CHOICES,
            "show_contact": request.user.has_perm(CONTACT_PERM),
            "figures": feedback_figures(page),
        },
    )


def comment_detail(request: HttpRequest, comment_id: int) -> HttpResponse:
    _require(request, VIEW_PERM)
    comment = get_object_or_404(Comment.objects.select_related("consultation"), pk=comment_id)
    moderation_form = ModerationForm(prefix="moderation")
    disposition_form = DispositionForm(
        prefix="disposition",
        initial={"disposition": comment.disposition, "reason": comment.disposition_reason},
    )
    status = 200
    if request.method == "POST":
        _require(request, MODERATE_PERM)
        action = request.POST.get("action")
        if action == "moderate":
            moderation_form = ModerationForm(request.POST, prefix="moderation")
            if moderation_form.is_valid():
                data = moderation_form.cleaned_data
                try:
                    comment_moderate(
                        comment=comment,
                        approve=data["decision"] == "approve",
                        reason=data["reason"],
                        user=request.user,
                    )
                except RuleViolation as refusal:
                    messages.error(request, refusal.text)
                else:
                    messages.success(request, f"意见 {comment.receipt_number} 已审核。")
                    return redirect(request.path)
        elif action == "dispose":
            disposition_form = DispositionForm(request.POST, prefix="disposition")
            if disposition_form.is_valid():
                data = disposition_form.cleaned_data
                try:
                    comment_dispose(
                        comment=comment,
                        disposition=data["disposition"],
                        reason=data["reason"],
                        user=request.user,
                    )
                except RuleViolation as refusal:
                    messages.error(request, refusal.text)
                else:
                    messages.success(request, f"意见 {comment.receipt_number} 的采纳情况已保存。")
                    return redirect(request.path)
        else:
            messages.error(request, "未知的操作。")
        comment.refresh_from_db()
        status = 400
    return render(
        request,
        "consultation/admin/comment_detail.html",
        {
            "comment": comment,
            "consultation": comment.consultation,
            "moderation_form": moderation_form,
            "disposition_form": disposition_form,
            "show_contact": request.user.has_perm(CONTACT_PERM),
            "can_moderate": request.user.has_perm(MODERATE_PERM),
        },
        status=status,
    )


def comment_attachment(request: HttpRequest, comment_id: int) -> FileResponse:
    _require(request, VIEW_PERM)
    comment = get_object_or_404(Comment, pk=comment_id)
    if not comment.attachment:
        raise Http404("该意见没有附件")
    return private_file_response(
        comment.attachment,
        filename=comment.attachment_name or comment.attachment.name.rsplit("/", 1)[-1],
    )


def export(request: HttpRequest, page_id: int, fmt: str) -> HttpResponse:
    _require(request, VIEW_PERM)
    if fmt not in EXPORT_FORMATS:
        raise Http404("不支持的导出格式")
    page = get_object_or_404(ConsultationPage, pk=page_id)
    data = comments_export(
        consultation=page, fmt=fmt, include_contact=request.user.has_perm(CONTACT_PERM)
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{page.pk}-comments-{stamp}.{fmt}"'
    )
    return response


def feedback(request: HttpRequest, page_id: int) -> HttpResponse:
    _require(request, MODERATE_PERM)
    page = get_object_or_404(ConsultationPage, pk=page_id)
    existing = ConsultationFeedback.objects.filter(consultation=page).first()
    initial = (
        {
            "summary": existing.summary,
            "main_opinions": existing.main_opinions,
            "final_document": existing.final_document_id,
        }
        if existing
        else {}
    )
    form = FeedbackForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "link" and existing and existing.published_at:
                    feedback_link_document(consultation=page, final_document=data["final_document"])
                    messages.success(request, "已关联正式文件。")
                else:
                    feedback_publish(
                        consultation=page,
                        summary=data["summary"],
                        main_opinions=data["main_opinions"],
                        final_document=data["final_document"],
                        user=request.user,
                    )
                    messages.success(request, "意见采纳情况已发布。")
                return redirect(reverse("consultation_admin:feedback", args=[page.pk]))
            except RuleViolation as refusal:
                messages.error(request, refusal.text)
        status = 400
    return render(
        request,
        "consultation/admin/feedback.html",
        {
            "consultation": page,
            "form": form,
            "existing": existing,
            "figures": feedback_figures(page),
        },
        status=status,
    )
