"""Admin views of emergency publication: the reasoned 紧急发布 form (pages and reviewed
snippets) and the list of objects published that way whose review is still to be completed
(条例第十七条, `cms.review`); the 状态 column of reviewed snippet listings."""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.tables import Column
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from cms.review import (
    EMERGENCY_GROUP,
    is_emergency_publisher,
    page_publish_in_emergency,
    pending_emergency_publications,
    requires_review,
    review_status,
    snippet_publish_in_emergency,
)

REVIEWER_GROUPS = {EMERGENCY_GROUP, "审核人", "保密审查员"}


class EmergencyPublishForm(forms.Form):
    reason = forms.CharField(
        label="紧急发布原因",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写紧急发布的原因。"},
        help_text="例如：重大突发事件须立即发布。原因将被记录，发布后本页面仍须完成审核流程。",
    )


def can_see_emergency_publications(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.groups.filter(name__in=REVIEWER_GROUPS).exists())
    )


@require_http_methods(["GET", "POST"])
def emergency_publish(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    if (
        not is_emergency_publisher(request.user)
        or not page.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    form = EmergencyPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page_publish_in_emergency(
                page=page, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"《{page.title}》已紧急发布，并已进入审核流程，审核通过前列入“紧急发布待补审”。",
            )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "cms/admin/emergency_publish.html",
        {"page": page, "form": form, "page_title": f"紧急发布：{page.title}"},
    )


@require_http_methods(["GET", "POST"])
def emergency_publish_snippet(
    request: HttpRequest, app_label: str, model_name: str, pk: str
) -> HttpResponse:
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if not requires_review(model):
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if not is_emergency_publisher(request.user) or not policy_registry.get_by_type(
        model
    ).user_has_permission_for_instance(request.user, "change", obj):
        raise PermissionDenied
    form = EmergencyPublishForm(request.POST or None)
    title = str(obj.get_latest_revision_as_object())
    if request.method == "POST" and form.is_valid():
        try:
            snippet_publish_in_emergency(
                obj=obj, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"《{title}》已紧急发布，并已进入审核流程，审核通过前列入“紧急发布待补审”。",
            )
            return redirect(AdminURLFinder(request.user).get_edit_url(obj) or "wagtailadmin_home")
    return TemplateResponse(
        request,
        "cms/admin/emergency_publish.html",
        {"page": {"title": title}, "form": form, "page_title": f"紧急发布：{title}"},
    )


def emergency_publications(request: HttpRequest) -> HttpResponse:
    if not can_see_emergency_publications(request.user):
        raise PermissionDenied
    finder = AdminURLFinder(request.user)
    records = [
        (record, finder.get_edit_url(record.content_object) if record.content_object else "")
        for record in pending_emergency_publications()
    ]
    return TemplateResponse(
        request,
        "cms/admin/emergency_publications.html",
        {"records": records, "page_title": "紧急发布待补审"},
    )


class ReviewStatusColumn(Column):
    """状态 of a reviewed snippet in its listing: 草稿, 审核中, 已发布 (修改审核中)."""

    def get_value(self, instance) -> str:
        return review_status(instance)


REVIEW_STATUS = ReviewStatusColumn("review_status", label="状态")


class _SubmitInsteadOfPublish:
    """保密审查 cannot be skipped: 发布 on a reviewed snippet submits it to its review chain."""

    def get_action(self, request):
        action = super().get_action(request)
        if action == "publish" and requires_review(self.model):
            messages.info(request, "发布须经部门审核和保密审查，已改为提交审核。")
            return "submit"
        return action


class ReviewedSnippetCreateView(_SubmitInsteadOfPublish, CreateView):
    pass


class ReviewedSnippetEditView(_SubmitInsteadOfPublish, EditView):
    pass


class ReviewedSnippetViewSet(SnippetViewSet):
    """The admin of a `ReviewedSnippet` model: 发布 becomes 提交审核, listings show 状态 (add
    REVIEW_STATUS to `list_display`), and the edit menu offers 紧急发布 to the emergency
    group (`cms.wagtail_hooks`)."""

    add_view_class = ReviewedSnippetCreateView
    edit_view_class = ReviewedSnippetEditView
