"""Admin wiring: the rows as snippets (drafts, revisions, review workflow) in one 执法公示与收费
menu, the import/export screens, and the review chain on the rows and their columns."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.review_views import REVIEW_STATUS, ReviewedSnippetViewSet
from cms.services.site_tree import SITE_TREE_READY_HOOK
from enforcement.admin_views import SCREENS
from enforcement.models import EnforcementDecision, FeeItem


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("enforcement/", include((SCREENS.urls(), SCREENS.namespace)))]


class ImportExportMenuItem(MenuItem):
    def is_shown(self, request):
        return SCREENS.shown_to(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportExportMenuItem(
        SCREENS.title, reverse(f"{SCREENS.namespace}:index"), icon_name="table", order=320
    )


class DecisionViewSet(ReviewedSnippetViewSet):
    model = EnforcementDecision
    icon = "doc-full"
    menu_label = "行政执法决定"
    list_display = ["document_number", "kind", "party_name", "decided_on", "unit", REVIEW_STATUS]
    list_filter = ["kind", "live"]
    search_fields = ["document_number", "party_name", "matter", "index_number"]
    search_backend_name = None


class FeeItemViewSet(ReviewedSnippetViewSet):
    model = FeeItem
    icon = "tag"
    menu_label = "行政事业性收费"
    list_display = ["name", "year", "amount", "unit", REVIEW_STATUS]
    list_filter = ["year", "live"]
    search_fields = ["name", "basis", "index_number"]
    search_backend_name = None


class EnforcementGroup(SnippetViewSetGroup):
    menu_label = "执法公示与收费"
    menu_icon = "doc-full"
    menu_order = 305
    items = (DecisionViewSet, FeeItemViewSet)


register_snippet(EnforcementGroup)


@hooks.register(SITE_TREE_READY_HOOK)
def attach_enforcement_review_workflow() -> None:
    """The columns and every row are published only after 部门审核 → 保密审查 (条例第十七条)."""
    from enforcement.workflow import ensure_enforcement_workflow

    ensure_enforcement_workflow()
