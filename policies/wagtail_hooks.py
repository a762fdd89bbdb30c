"""Admin additions of the policy library: the XLSX/CSV export page and its menu item."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.services.site_tree import SITE_TREE_READY_HOOK
from cms.services.workflow import ensure_editorial_workflow
from policies.admin_views import can_export_policies, policy_export_view
from policies.models import InterpretationIndexPage, PolicyIndexPage


@hooks.register("register_admin_urls")
def register_policy_export_url():
    return [path("policies/export/", policy_export_view, name="policies_export")]


class PolicyExportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_export_policies(request.user)


@hooks.register("register_admin_menu_item")
def register_policy_export_menu_item():
    return PolicyExportMenuItem(
        "导出政策文件", reverse("policies_export"), icon_name="download", order=900
    )


@hooks.register(SITE_TREE_READY_HOOK)
def attach_policy_review_workflow() -> None:
    """部门审核 → 保密审查 on both policy columns, from the first build of the site tree."""
    ensure_editorial_workflow(
        [PolicyIndexPage.objects.get(), InterpretationIndexPage.objects.get()]
    )
