"""Admin wiring: the review and drill-down views, and the record of reconsiderations/lawsuits."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from annual_report import admin_views
from annual_report.models import AnnualReportPage, AppealCase
from annual_report.workflow import ensure_report_workflow
from cms.services.site_tree import SITE_TREE_READY_HOOK


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("<int:page_id>/review/", admin_views.review, name="review"),
        path("<int:page_id>/cell/", admin_views.review, name="cell_base"),
        path(
            "<int:page_id>/cell/<str:section>/<str:row>/<str:column>/",
            admin_views.cell,
            name="cell",
        ),
    ]
    return [path("annual-report/", include((urls, "annual_report_admin")))]


@hooks.register("before_create_page")
def attach_report_workflow(request, parent_page, page_class):
    """The column's review chain re-runs the checks; attach it before the first report exists."""
    if page_class is AnnualReportPage:
        ensure_report_workflow()


class AppealCaseViewSet(SnippetViewSet):
    model = AppealCase
    icon = "form"
    menu_label = "复议诉讼案件"
    menu_name = "appeal_cases"
    add_to_admin_menu = True
    menu_order = 420
    list_display = ["__str__", "request", "filed_on", "result", "decided_on"]
    list_filter = ["route", "result"]


register_snippet(AppealCaseViewSet)


@hooks.register(SITE_TREE_READY_HOOK)
def attach_report_workflow_on_site_tree() -> None:
    """Reports are checked by their own review chain from the first build of the site tree."""
    ensure_report_workflow()
