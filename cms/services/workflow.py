"""The policy library's review chain 部门审核 → 保密审查, attached to its two columns."""

from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

WORKFLOW_NAME = "政策文件发布审核"
TASKS = [("部门审核", "审核人"), ("保密审查", "保密审查员")]
PAGE_PERMISSIONS = {
    "编辑": ["add_page", "change_page"],
    "审核人": ["add_page", "change_page", "publish_page"],
    "保密审查员": ["change_page", "publish_page"],
}


def ensure_editorial_workflow(columns: list[Page]) -> Workflow:
    """Idempotent: creates the workflow, its tasks and the groups' rights on the columns."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        for order, (task_name, group_name) in enumerate(TASKS):
            task = GroupApprovalTask.objects.filter(name=task_name).first()
            if task is None:
                task = GroupApprovalTask.objects.create(name=task_name)
                task.groups.set([Group.objects.get_or_create(name=group_name)[0]])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    for column in columns:
        WorkflowPage.objects.get_or_create(page=column, defaults={"workflow": workflow})
        for group_name, codenames in PAGE_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=group_name)
            for codename in codenames:
                _grant(group, column, codename)
    return workflow


def _grant(group: Group, page: Page, codename: str) -> None:
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
    GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
