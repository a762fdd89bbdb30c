"""The review chain of the annual report column: 部门审核 then 分管领导审签, each re-running the
consistency checks on approval, so a failing report is returned with reasons, never published."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from annual_report.models import AnnualReportIndexPage, ReportApprovalTask

WORKFLOW_NAME = "年报发布审核"
TASKS = [("年报部门审核", "审核人"), ("年报审签", "保密审查员")]
PAGE_PERMISSIONS = {
    "编辑": ["add_page", "change_page"],
    "审核人": ["add_page", "change_page", "publish_page"],
    "保密审查员": ["change_page", "publish_page"],
}


def ensure_report_workflow() -> Workflow | None:
    """Idempotent: the workflow, its tasks and group rights on the 政府信息公开年报 column."""
    column = AnnualReportIndexPage.objects.first()
    if column is None:
        return None
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        for order, (task_name, group_name) in enumerate(TASKS):
            task = ReportApprovalTask.objects.filter(name=task_name).first()
            if task is None:
                task = ReportApprovalTask.objects.create(name=task_name)
                task.groups.set([Group.objects.get_or_create(name=group_name)[0]])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.update_or_create(page=column, defaults={"workflow": workflow})
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=column, permission=permission
            )
    return workflow
