"""Admin wiring: the lists as snippets in one 清单管理 menu, plus import/export views."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from lists import admin_views
from lists.models import (
    PowerItem,
    PowerItemChange,
    ServiceGuide,
    Task,
    TaskList,
    TaskProgress,
    TaskSection,
    Unit,
)
from lists.permissions import can_export, can_import
from lists.resources import RESOURCES

admin_patterns = [
    path("", admin_views.index, name="index"),
    path("import/<str:kind>/", admin_views.import_view, name="import"),
    path("export/<str:kind>.<str:file_format>", admin_views.export_view, name="export"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("lists/", include((admin_patterns, "lists_admin")))]


class ImportExportMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return any(can_import(user, k) or can_export(user, k) for k in RESOURCES)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportExportMenuItem(
        "清单导入导出", reverse("lists_admin:index"), icon_name="table", order=310
    )


class _RecordUserMixin:
    """Power-item history names the person who made a change."""

    def save_instance(self):
        self.form.instance._changed_by = self.request.user
        return super().save_instance()


class PowerItemCreateView(_RecordUserMixin, CreateView):
    pass


class TaskProgressCreateView(CreateView):
    """The reporter is the signed-in person; the task takes the reported status (signals)."""

    def save_instance(self):
        self.form.instance.reported_by = self.request.user
        return super().save_instance()


class PowerItemEditView(_RecordUserMixin, EditView):
    pass


class UnitDeleteView(DeleteView):
    """A unit that still leads tasks is kept, with the reason, instead of an error page."""

    def form_valid(self, form):
        from lists.services import unit_delete_blockers

        blockers = unit_delete_blockers(unit=self.object)
        if blockers:
            for message in blockers:
                messages.error(self.request, message)
            return redirect(self.get_success_url())
        return super().form_valid(form)


class UnitViewSet(SnippetViewSet):
    model = Unit
    delete_view_class = UnitDeleteView
    icon = "group"
    menu_label = "机构职能"
    list_display = ["name", "head", "phone", "is_disclosure_office"]
    search_fields = ["name", "functions"]


class PowerItemViewSet(SnippetViewSet):
    model = PowerItem
    icon = "list-ul"
    menu_label = "权责清单"
    add_view_class = PowerItemCreateView
    edit_view_class = PowerItemEditView
    list_display = ["code", "name", "power_type", "handling_unit", "updated_at"]
    list_filter = ["power_type", "handling_unit"]
    search_fields = ["code", "name", "legal_basis"]


class PowerItemChangeViewSet(SnippetViewSet):
    model = PowerItemChange
    icon = "history"
    menu_label = "权责清单调整记录"
    list_display = ["item_code", "item_name", "kind", "reason", "changed_at", "changed_by"]
    list_filter = ["kind"]
    search_fields = ["item_code", "item_name", "reason"]
    inspect_view_enabled = True


class ServiceGuideViewSet(SnippetViewSet):
    model = ServiceGuide
    icon = "doc-full"
    menu_label = "办税指南"
    list_display = ["code", "name", "guide_type", "online", "contactless"]
    list_filter = ["guide_type", "online", "offline", "contactless"]
    search_fields = ["code", "name"]


class TaskListViewSet(SnippetViewSet):
    model = TaskList
    icon = "list-ol"
    menu_label = "任务清单"
    list_display = ["title", "issuer", "issued_date"]


class TaskSectionViewSet(SnippetViewSet):
    model = TaskSection
    icon = "list-ol"
    menu_label = "任务清单部分"
    list_display = ["task_list", "number", "title"]
    list_filter = ["task_list"]


class TaskViewSet(SnippetViewSet):
    model = Task
    icon = "tasks"
    menu_label = "任务"
    list_display = ["number", "title", "deadline_text", "status"]
    list_filter = ["task_list", "status"]
    search_fields = ["title", "description"]


class TaskProgressViewSet(SnippetViewSet):
    model = TaskProgress
    icon = "date"
    menu_label = "任务进展"
    list_display = ["task", "reported_on", "status", "reported_by"]
    list_filter = ["status"]
    add_view_class = TaskProgressCreateView
    panels = [
        FieldPanel("task"),
        FieldPanel("reported_on"),
        FieldPanel("status"),
        FieldPanel("note"),
    ]


class ListsGroup(SnippetViewSetGroup):
    menu_label = "清单管理"
    menu_icon = "list-ul"
    menu_order = 300
    items = (
        PowerItemViewSet,
        PowerItemChangeViewSet,
        ServiceGuideViewSet,
        TaskListViewSet,
        TaskSectionViewSet,
        TaskViewSet,
        TaskProgressViewSet,
        UnitViewSet,
    )


register_snippet(ListsGroup)
