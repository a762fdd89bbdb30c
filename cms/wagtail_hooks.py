"""Admin additions of the policy library: the XLSX/CSV export page and its menu item."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.admin_views import can_export_policies, policy_export_view


@hooks.register("register_admin_urls")
def register_policy_export_url():
    return [path("policies/export/", policy_export_view, name="cms_policy_export")]


class PolicyExportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_export_policies(request.user)


@hooks.register("register_admin_menu_item")
def register_policy_export_menu_item():
    return PolicyExportMenuItem(
        "导出政策文件", reverse("cms_policy_export"), icon_name="download", order=900
    )
