"""保密审查 cannot be skipped (条例第十七条): publication of a reviewed page goes through its
review chain.

Page types that publish government information (政策文件, 政策解读, the list columns, 意见征集,
年度报告) mix in `ReviewedPage`. Their review chain is a Wagtail workflow attached to their column
(部门审核 → 保密审查, the report's own chain for 年报). A publication is allowed when:

- the workflow has just approved it (`publish_reviewed_workflow_state`, Wagtail's finish action);
- a member of the emergency group (紧急发布) publishes it with a reason
  (`page_publish_in_emergency`): the reason is recorded, the review chain starts at once on the
  published page, and the page is listed (`pending_emergency_publications`) until it approves;
- no person publishes it: scheduled go-live of an earlier allowed publication, imports and
  demo loading run by the operator's commands, companion pages published inside an allowed one.

Anyone else pressing 发布 in the editor has the page submitted to its review chain instead
(the admin hook in `cms.wagtail_hooks`); any other path raises a RuleViolation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from portal.errors import RuleViolation

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.models import Page

    from cms.models import EmergencyPublication

# Wagtail reads WAGTAIL_FINISH_WORKFLOW_ACTION while defining its models, so this module imports
# models only inside its functions.

EMERGENCY_GROUP = "紧急发布"
REVIEW_REQUIRED = (
    "发布须经审核流程（部门审核 → 保密审查）。请提交审核；"
    "确需立即发布的，由“紧急发布”组成员填写原因后紧急发布，事后补审。"
)

_publication_allowed: ContextVar[bool] = ContextVar("publication_allowed", default=False)


@contextmanager
def _allowed() -> Iterator[None]:
    token = _publication_allowed.set(True)
    try:
        yield
    finally:
        _publication_allowed.reset(token)


class ReviewedPage:
    """Mix into a Page type (before Page) whose every publication must pass review."""

    def publish(self, revision, *args, **kwargs):
        if kwargs.get("user") is not None and not _publication_allowed.get():
            raise RuleViolation(REVIEW_REQUIRED)
        return super().publish(revision, *args, **kwargs)


def requires_review(page_or_class) -> bool:
    cls = page_or_class if isinstance(page_or_class, type) else type(page_or_class)
    return issubclass(cls, ReviewedPage)


def is_emergency_publisher(user) -> bool:
    return bool(
        user and user.is_authenticated and user.groups.filter(name=EMERGENCY_GROUP).exists()
    )


def publish_reviewed_workflow_state(workflow_state, user=None) -> None:
    """WAGTAIL_FINISH_WORKFLOW_ACTION: the approved review chain publishes the page, and an
    emergency publication of that page counts as reviewed from now."""
    from wagtail.workflows import publish_workflow_state

    from cms.models import EmergencyPublication

    with _allowed():
        publish_workflow_state(workflow_state, user=user)
    EmergencyPublication.objects.filter(
        page_id=int(workflow_state.object_id), reviewed_at=None
    ).update(reviewed_at=timezone.now())


@transaction.atomic
def page_publish_in_emergency(*, page: Page, user, reason: str) -> EmergencyPublication:
    """Publish the page's latest version at once, record why, and start its review chain so the
    review is completed afterwards."""
    from cms.models import EmergencyPublication

    if not is_emergency_publisher(user):
        raise RuleViolation(f"只有“{EMERGENCY_GROUP}”组成员可以不经审核直接发布。")
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写紧急发布的原因。", field="reason")
    page = page.specific
    if not requires_review(page):
        raise RuleViolation("该页面不需要紧急发布，请直接发布。")
    revision = page.get_latest_revision() or page.save_revision(user=user)
    record = EmergencyPublication(
        page=page, revision_id=revision.pk, published_by=user, reason=reason
    )
    record.full_clean()
    record.save()
    with _allowed():
        revision.publish(user=user)
    page.refresh_from_db()
    workflow = page.get_workflow()
    if workflow is not None and not page.workflow_in_progress:
        workflow.start(page, user)
    return record


def pending_emergency_publications() -> QuerySet[EmergencyPublication]:
    """Emergency publications whose review chain has not yet approved the page."""
    from cms.models import EmergencyPublication

    return EmergencyPublication.objects.filter(reviewed_at=None).select_related(
        "page", "published_by"
    )
