"""The review chain 部门审核 → 保密审查 (条例第十七条), attached to the publishing columns and to
the reviewed snippet models (list entries)."""

from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowContentType,
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
SNIPPET_PUBLISHERS = ["审核人", "保密审查员"]


def ensure_editorial_workflow(columns: list[Page]) -> Workflow:
    """Idempotent: creates the workflow, its tasks and the groups' rights on the columns."""
    workflow = _workflow()
    for column in columns:
        WorkflowPage.objects.get_or_create(page=column, defaults={"workflow": workflow})
        for group_name, codenames in PAGE_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=group_name)
            for codename in codenames:
                _grant(group, column, codename)
    return workflow


def ensure_snippet_review_workflow(models: list[type]) -> Workflow:
    """Idempotent: the same chain reviews every publication of these `ReviewedSnippet`
    models, and its reviewers' groups may publish them (the approving 保密审查 publishes)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    workflow = _workflow()
    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
        codename = f"publish_{model._meta.model_name}"
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can publish {model._meta.verbose_name}"},
        )
        for group_name in SNIPPET_PUBLISHERS:
            Group.objects.get_or_create(name=group_name)[0].permissions.add(permission)
    return workflow


def _workflow() -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        for order, (task_name, group_name) in enumerate(TASKS):
            task = GroupApprovalTask.objects.filter(name=task_name).first()
            if task is None:
                task = GroupApprovalTask.objects.create(name=task_name)
                task.groups.set([Group.objects.get_or_create(name=group_name)[0]])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def _grant(group: Group, page: Page, codename: str) -> None:
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
    GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
