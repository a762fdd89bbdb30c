"""Admin hooks of the shared cms: pinyin slugs on page creation and the 网站找错 inbox."""

from django.http import HttpRequest
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.action_menu import ActionMenuItem as SnippetActionMenuItem

from cms.models import SiteFeedback
from cms.slugs import available_slug
from cms.views_admin import NoAddPermissionPolicy, SiteFeedbackViewSet

register_permission_policy(SiteFeedback, NoAddPermissionPolicy(SiteFeedback))


def _fill_empty_slug(request: HttpRequest, parent: Page, page: Page | None = None) -> None:
    """Editors type Chinese titles; Wagtail's own slug then comes out empty. Fill it with pinyin
    before the form is validated, so the first save never fails on a missing slug."""
    if request.method != "POST" or request.POST.get("slug", "").strip():
        return
    title = request.POST.get("title", "").strip()
    if not title:
        return  # the form will say the title is required
    data = request.POST.copy()
    data["slug"] = available_slug(parent, title, instance=page)
    request.POST = data


@hooks.register("before_create_page")
def pinyin_slug_on_create(request: HttpRequest, parent_page: Page, page_class) -> None:
    _fill_empty_slug(request, parent_page)


@hooks.register("before_edit_page")
def pinyin_slug_on_edit(request: HttpRequest, page: Page) -> None:
    parent = page.get_parent()
    if parent is not None:
        _fill_empty_slug(request, parent, page)


@hooks.register("register_admin_viewset")
def register_feedback_inbox():
    return SiteFeedbackViewSet("site_feedback")


def _submit_instead_of_publish(request: HttpRequest, page_or_class) -> None:
    """保密审查 cannot be skipped: 发布 on a reviewed page submits it to its review chain."""
    from django.contrib import messages

    from cms.review import requires_review

    if request.method != "POST" or "action-publish" not in request.POST:
        return
    if not requires_review(page_or_class):
        return
    data = request.POST.copy()
    del data["action-publish"]
    data["action-submit"] = "action-submit"
    request.POST = data
    messages.info(request, "发布须经部门审核和保密审查，已改为提交审核。")


@hooks.register("before_create_page")
def review_before_publishing_new_pages(request: HttpRequest, parent_page: Page, page_class):
    _submit_instead_of_publish(request, page_class)


@hooks.register("before_edit_page")
def review_before_publishing_edits(request: HttpRequest, page: Page):
    _submit_instead_of_publish(request, page.specific_class or type(page))


@hooks.register("before_copy_page")
def copies_of_reviewed_pages_start_as_drafts(request: HttpRequest, page: Page) -> None:
    """A copy is a new publication at a new place: it goes through review like any other."""
    from cms.review import requires_review

    if request.method == "POST" and requires_review(page.specific_class or type(page)):
        data = request.POST.copy()
        data.pop("publish_copies", None)
        request.POST = data


@hooks.register("construct_page_action_menu")
def hide_direct_publish_on_reviewed_pages(menu_items, request, context) -> None:
    from cms.review import requires_review

    page = context.get("page")
    if page is not None:
        reviewed = requires_review(page.specific_class or type(page))
    else:
        subpage_types = context["parent_page"].specific_class.allowed_subpage_models()
        reviewed = any(requires_review(model) for model in subpage_types)
    if reviewed:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("construct_snippet_action_menu")
def hide_direct_publish_on_reviewed_snippets(menu_items, request, context) -> None:
    from cms.review import requires_review

    if requires_review(context["model"]):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


class EmergencyPublishMenuItem(ActionMenuItem):
    label = "紧急发布（事后补审）"
    name = "action-emergency-publish"
    icon_name = "warning"
    order = 60

    def is_shown(self, context) -> bool:
        from cms.review import is_emergency_publisher, requires_review

        return (
            context["view"] == "edit"
            and not context["locked_for_user"]
            and requires_review(context["page"].specific_class or type(context["page"]))
            and is_emergency_publisher(context["request"].user)
        )

    def get_url(self, parent_context) -> str:
        return reverse("cms_emergency_publish", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_emergency_publish_menu_item():
    return EmergencyPublishMenuItem()


class EmergencyPublishSnippetMenuItem(SnippetActionMenuItem):
    label = "紧急发布（事后补审）"
    name = "action-emergency-publish"
    icon_name = "warning"
    order = 70

    def is_shown(self, context) -> bool:
        from cms.review import is_emergency_publisher, requires_review

        return (
            context["view"] == "edit"
            and not context.get("locked_for_user")
            and requires_review(context["model"])
            and is_emergency_publisher(context["request"].user)
        )

    def get_url(self, parent_context) -> str:
        instance = parent_context["instance"]
        meta = instance._meta
        return reverse(
            "cms_emergency_publish_snippet", args=[meta.app_label, meta.model_name, instance.pk]
        )


@hooks.register("register_snippet_action_menu_item")
def register_emergency_publish_snippet_menu_item(model):
    return EmergencyPublishSnippetMenuItem()


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_of_reviewed_pages(request, action_type, objects, action):
    from django.contrib import messages
    from django.shortcuts import redirect

    from cms.review import REVIEW_REQUIRED, requires_review

    if action_type == "publish" and any(
        requires_review(page.specific_class or type(page)) for page in objects
    ):
        messages.error(request, REVIEW_REQUIRED)
        return redirect(request.GET.get("next") or "wagtailadmin_explore_root")
    return None


@hooks.register("register_admin_urls")
def register_emergency_publication_urls():
    from cms.review_views import (
        emergency_publications,
        emergency_publish,
        emergency_publish_snippet,
    )

    return [
        path("emergency-publish/<int:page_id>/", emergency_publish, name="cms_emergency_publish"),
        path(
            "emergency-publish/<str:app_label>/<str:model_name>/<str:pk>/",
            emergency_publish_snippet,
            name="cms_emergency_publish_snippet",
        ),
        path("emergency-publications/", emergency_publications, name="cms_emergency_list"),
    ]


class EmergencyListMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        from cms.review_views import can_see_emergency_publications

        return can_see_emergency_publications(request.user)


@hooks.register("register_admin_menu_item")
def register_emergency_list_menu_item():
    return EmergencyListMenuItem(
        "紧急发布待补审", reverse("cms_emergency_list"), icon_name="warning", order=880
    )
