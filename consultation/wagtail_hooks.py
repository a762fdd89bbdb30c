"""Admin wiring: the 征求意见管理 menu, its URLs, and no deleting a consultation with comments."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from cms.services.site_tree import SITE_TREE_READY_HOOK
from cms.services.workflow import ensure_editorial_workflow
from consultation import admin_views, converters  # noqa: F401 - registers the id converter
from consultation.models import ConsultationPage
from consultation.selectors import comments_exist_under

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<consultation_id:page_id>/comments/", admin_views.comment_list, name="comments"),
    path("<consultation_id:page_id>/export/<str:fmt>/", admin_views.export, name="export"),
    path("<consultation_id:page_id>/feedback/", admin_views.feedback, name="feedback"),
    path("comments/<consultation_id:comment_id>/", admin_views.comment_detail, name="comment"),
    path(
        "comments/<consultation_id:comment_id>/attachment/",
        admin_views.comment_attachment,
        name="attachment",
    ),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "consultation/",
            include((admin_urlpatterns, "consultation_admin"), namespace="consultation_admin"),
        )
    ]


class CommentsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(admin_views.VIEW_PERM)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return CommentsMenuItem(
        "征求意见管理", reverse("consultation_admin:index"), icon_name="comment", order=310
    )


@hooks.register("before_delete_page")
def keep_consultations_with_comments(request, page):
    """Comments are public submissions and must never be lost with their page."""
    if comments_exist_under(page):
        messages.error(
            request, "该页面（或其下的征求意见）已收到意见，不能删除；如需下线，请取消发布。"
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("register_page_listing_buttons")
def comment_buttons(page, user, next_url=None):
    """From a consultation in the page explorer straight to its comments."""
    if page.specific_class is ConsultationPage and user.has_perm(admin_views.VIEW_PERM):
        yield ListingButton(
            "意见管理",
            reverse("consultation_admin:comments", args=[page.pk]),
            icon_name="comment",
            priority=60,
        )


@hooks.register(SITE_TREE_READY_HOOK)
def attach_consultation_review_workflow() -> None:
    """A draft for comment is published only after 部门审核 → 保密审查 (条例第十七条)."""
    from consultation.models import ConsultationIndexPage

    ensure_editorial_workflow(list(ConsultationIndexPage.objects.all()))
