"""Admin wiring: the lists as snippets in one 清单管理 menu, plus import/export views.

Writes from the snippet screens go through `lists.services` by Wagtail actions registered for
the models (the `register_actions` hook), so the admin keeps Wagtail's own views, permission
checks and log entries while the rules (截止日期, progress, unit removal) stay in one place.

Power items, guides and task lists are reviewed snippets (`cms.models.ReviewedSnippet`): the
editor saves drafts and submits them to 部门审核 → 保密审查; 发布 is turned into 提交审核 by
`cms.review_views.ReviewedSnippetViewSet`, and a power item's 动态调整 history is written when
the review publishes it."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.actions import CreateAction, DeleteAction, EditAction, action_registry
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet, SnippetViewSetGroup

from cms.review_views import REVIEW_STATUS, ReviewedSnippetViewSet
from cms.services.site_tree import SITE_TREE_READY_HOOK
from cms.services.workflow import ensure_editorial_workflow, ensure_snippet_review_workflow
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
from lists.services import (
    power_item_delete,
    task_add_progress,
    task_save,
    unit_delete,
)
from portal.errors import RuleViolation

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


class _SavedByService:
    """Create/edit actions whose object is saved by a service instead of `form.save()`; the
    form still supplies the values and its many-to-many data."""

    def _save_instance(self):
        self.instance = self.form.save(commit=False) if self.form else self.instance
        self.save_through_service()
        if self.form:
            self.form.save_m2m()

    def save_through_service(self) -> None:
        raise NotImplementedError


class PowerItemDeleteAction(DeleteAction):
    """The removal enters the history; the admin asks no reason, so none is recorded."""

    def _delete(self):
        with transaction.atomic():
            log(instance=self.instance, action=self.log_action, user=self.user, deleted=True)
            power_item_delete(item=self.instance, user=self.user, reason="")


class _TaskSave(_SavedByService):
    """`task_save` reads the 截止日期 from 完成时限."""

    def save_through_service(self) -> None:
        task_save(task=self.instance)


class TaskCreateAction(_TaskSave, CreateAction):
    pass


class TaskEditAction(_TaskSave, EditAction):
    pass


class TaskProgressCreateAction(CreateAction):
    """A report is filed by `task_add_progress` in the name of the signed-in person; the task
    takes the reported status."""

    def _save_instance(self):
        report = self.form.save(commit=False) if self.form else self.instance
        self.instance = task_add_progress(
            task=report.task,
            note=report.note,
            status=report.status,
            reported_on=report.reported_on,
            user=self.user,
        )


class UnitDeleteAction(DeleteAction):
    """A unit that still leads tasks is kept (RuleViolation with the reason)."""

    def _delete(self):
        with transaction.atomic():
            log(instance=self.instance, action=self.log_action, user=self.user, deleted=True)
            unit_delete(unit=self.instance)


@hooks.register("register_actions")
def register_list_actions(registry) -> None:
    for model, action in (
        (PowerItem, PowerItemDeleteAction),
        (Task, TaskCreateAction),
        (Task, TaskEditAction),
        (TaskProgress, TaskProgressCreateAction),
        (Unit, UnitDeleteAction),
    ):
        registry.register(model, action)


class DeleteOneByOneBulkAction(DeleteBulkAction):
    """Bulk deletion of power items and units runs each record's delete action (above), so
    removals enter the history and units that lead tasks are kept, with the reason shown."""

    models = [PowerItem, Unit]

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        request = kwargs["self"].request
        deleted = 0
        for instance in objects:
            delete = action_registry.get_action_class(type(instance), "delete")
            try:
                delete(instance, user=user).execute(skip_permission_checks=True)
            except RuleViolation as refusal:
                messages.error(request, refusal.text)
            else:
                deleted += 1
        return deleted, 0


# Registered after Wagtail's own snippet deletion, which it replaces for these models.
hooks.register("register_bulk_action", DeleteOneByOneBulkAction, order=100)


class UnitDeleteView(DeleteView):
    """A refused deletion shows its reason instead of an error page."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RuleViolation as refusal:
            messages.error(self.request, refusal.text)
            return redirect(self.get_success_url())


class UnitViewSet(SnippetViewSet):
    model = Unit
    delete_view_class = UnitDeleteView
    icon = "group"
    menu_label = "机构职能"
    list_display = ["name", "head", "phone", "is_disclosure_office"]
    search_fields = ["name", "functions"]


class PowerItemViewSet(ReviewedSnippetViewSet):
    model = PowerItem
    icon = "list-ul"
    menu_label = "权责清单"
    list_display = ["code", "name", "power_type", "handling_unit", REVIEW_STATUS, "updated_at"]
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


class ServiceGuideViewSet(ReviewedSnippetViewSet):
    model = ServiceGuide
    icon = "doc-full"
    menu_label = "办税指南"
    list_display = ["code", "name", "guide_type", "online", "contactless", REVIEW_STATUS]
    list_filter = ["guide_type", "online", "offline", "contactless"]
    search_fields = ["code", "name"]


class TaskListViewSet(ReviewedSnippetViewSet):
    model = TaskList
    icon = "list-ol"
    menu_label = "任务清单"
    list_display = ["title", "issuer", "issued_date", REVIEW_STATUS]


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


@hooks.register(SITE_TREE_READY_HOOK)
def attach_list_column_review_workflow() -> None:
    """The list columns' pages and the list entries are published only after 部门审核 →
    保密审查 (条例第十七条)."""
    from lists.models.columns import PowerListIndexPage, ServiceGuideIndexPage, TaskListIndexPage

    columns = [
        column
        for model in (PowerListIndexPage, ServiceGuideIndexPage, TaskListIndexPage)
        for column in model.objects.all()
    ]
    ensure_editorial_workflow(columns)
    ensure_snippet_review_workflow([PowerItem, ServiceGuide, TaskList])
