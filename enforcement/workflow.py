"""The review chain of the 第二十条 columns and rows: the editorial workflow (部门审核 → 保密审查)
on the two column pages and, for snippets, on the two row models; the editorial groups get the
matching model rights (编辑 drafts, 审核人 and 保密审查员 publish)."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from cms.services.workflow import ensure_editorial_workflow, ensure_snippet_review_workflow
from enforcement.models import EnforcementDecision, EnforcementIndexPage, FeeIndexPage, FeeItem

ROW_PERMISSIONS = {
    "编辑": ["add", "change", "view"],
    "审核人": ["add", "change", "delete", "publish", "view"],
    "保密审查员": ["change", "publish", "view"],
}


def ensure_enforcement_workflow() -> None:
    """Idempotent; run after every site-tree build."""
    columns = [*EnforcementIndexPage.objects.all(), *FeeIndexPage.objects.all()]
    ensure_editorial_workflow(columns)
    ensure_snippet_review_workflow([EnforcementDecision, FeeItem])
    for model in (EnforcementDecision, FeeItem):
        content_type = ContentType.objects.get_for_model(model)
        for group_name, actions in ROW_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=group_name)
            codenames = [f"{action}_{model._meta.model_name}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type=content_type, codename__in=codenames)
            )
