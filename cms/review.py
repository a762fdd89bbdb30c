"""保密审查 cannot be skipped (条例第十七条): publication of a reviewed page or snippet goes
through its review chain.

Page types that publish government information (政策文件, 政策解读, the list columns, 意见征集,
年度报告) mix in `ReviewedPage`; their review chain is a Wagtail workflow attached to their column
(部门审核 → 保密审查, the report's own chain for 年报). List entries and other snippets that
publish government information inherit `cms.models.ReviewedSnippet` (drafts, revisions, a
workflow assigned to their model by `cms.services.workflow.ensure_snippet_review_workflow`).
A publication is allowed when:

- the workflow has just approved it (`publish_reviewed_workflow_state`, Wagtail's finish action);
- a member of the emergency group (紧急发布) publishes it with a reason
  (`page_publish_in_emergency`, `snippet_publish_in_emergency`): the reason is recorded, the
  review chain starts at once on the published object, and it is listed
  (`pending_emergency_publications`) until the chain approves;
- no person publishes it: scheduled go-live of an earlier allowed publication, demo loading run
  by the operator's commands, companion pages published inside an allowed one.

Anyone else pressing 发布 in the editor has the object submitted to its review chain instead
(the page hooks in `cms.wagtail_hooks`, `cms.review_views.ReviewedSnippetViewSet` for
snippets); any other path raises a RuleViolation. Imports save
drafts and submit them (`submit_for_review`).
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

    from cms.models import EmergencyPublication, ReviewedSnippet

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


def check_publication_allowed(user) -> None:
    """A person may publish a reviewed object only inside an allowed publication (above)."""
    if user is not None and not _publication_allowed.get():
        raise RuleViolation(REVIEW_REQUIRED)


class ReviewedPage:
    """Mix into a Page type (before Page) whose every publication must pass review."""

    def publish(self, revision, *args, **kwargs):
        check_publication_allowed(kwargs.get("user"))
        return super().publish(revision, *args, **kwargs)


def requires_review(obj_or_class) -> bool:
    """A reviewed page type or reviewed snippet model (or an instance of one)."""
    from cms.models import ReviewedSnippet

    cls = obj_or_class if isinstance(obj_or_class, type) else type(obj_or_class)
    return issubclass(cls, (ReviewedPage, ReviewedSnippet))


def is_emergency_publisher(user) -> bool:
    return bool(
        user and user.is_authenticated and user.groups.filter(name=EMERGENCY_GROUP).exists()
    )


def publish_reviewed_workflow_state(workflow_state, user=None) -> None:
    """WAGTAIL_FINISH_WORKFLOW_ACTION: the approved review chain publishes the page or snippet,
    and an emergency publication of that object counts as reviewed from now."""
    from wagtail.workflows import publish_workflow_state

    from cms.models import EmergencyPublication

    with _allowed():
        publish_workflow_state(workflow_state, user=user)
    EmergencyPublication.objects.filter(
        content_type_id=workflow_state.base_content_type_id,
        object_id=str(workflow_state.object_id),
        reviewed_at=None,
    ).update(reviewed_at=timezone.now())


def _emergency_checks(user, reason: str) -> str:
    if not is_emergency_publisher(user):
        raise RuleViolation(f"只有“{EMERGENCY_GROUP}”组成员可以不经审核直接发布。")
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写紧急发布的原因。", field="reason")
    return reason


def _publish_in_emergency(obj, *, user, reason: str, **fields) -> EmergencyPublication:
    """Record, publish the latest version at once, then start the review chain."""
    from cms.models import EmergencyPublication

    revision = obj.get_latest_revision() or obj.save_revision(user=user)
    record = EmergencyPublication(
        content_type_id=obj.get_base_content_type().pk,
        object_id=str(obj.pk),
        title=str(revision.object_str or obj)[:255],
        revision_id=revision.pk,
        published_by=user,
        reason=reason,
        **fields,
    )
    record.full_clean()
    record.save()
    with _allowed():
        # Membership of 紧急发布 is the authority here, not the model's publish permission.
        revision.publish(user=user, skip_permission_checks=True)
    obj.refresh_from_db()
    workflow = obj.get_workflow()
    if workflow is not None and not obj.workflow_in_progress:
        workflow.start(obj, user)
    return record


@transaction.atomic
def page_publish_in_emergency(*, page: Page, user, reason: str) -> EmergencyPublication:
    """Publish the page's latest version at once, record why, and start its review chain so the
    review is completed afterwards."""
    reason = _emergency_checks(user, reason)
    page = page.specific
    if not requires_review(page):
        raise RuleViolation("该页面不需要紧急发布，请直接发布。")
    return _publish_in_emergency(page, user=user, reason=reason, page=page)


@transaction.atomic
def snippet_publish_in_emergency(
    *, obj: ReviewedSnippet, user, reason: str
) -> EmergencyPublication:
    """The same for a reviewed snippet (a list entry): its latest draft goes public at once,
    the reason is recorded and its review chain starts."""
    reason = _emergency_checks(user, reason)
    if not requires_review(obj):
        raise RuleViolation("该内容不需要紧急发布，请直接发布。")
    return _publish_in_emergency(obj, user=user, reason=reason)


def save_draft(*, obj: ReviewedSnippet, user=None):
    """Save the object's values as a draft revision. A new or unpublished object is saved as a
    draft row; a live one keeps its public row, and the change waits in the revision until its
    review publishes it. Returns the revision."""
    if obj.pk is None:
        obj.live = False
    if not obj.live:
        obj.save()
    return obj.save_revision(user=user)


@transaction.atomic
def submit_for_review(*, obj: ReviewedSnippet, user=None) -> None:
    """Start the review chain on the object's latest revision (saved drafts from an import or a
    service). A chain already running restarts at its first task, since what it reviewed has
    changed; nothing happens when no chain is assigned to the model."""
    workflow = obj.get_workflow()
    if workflow is None:
        return
    state = obj.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    workflow.start(obj, user)


def review_status(obj) -> str:
    """草稿 / 审核中 / 已发布, or 已发布（修改审核中） for a live object whose edit is in review."""
    if obj.workflow_in_progress:
        return "已发布（修改审核中）" if obj.live else "审核中"
    return "已发布" if obj.live else "草稿"


def pending_emergency_publications() -> QuerySet[EmergencyPublication]:
    """Emergency publications whose review chain has not yet approved the object."""
    from cms.models import EmergencyPublication

    return EmergencyPublication.objects.filter(reviewed_at=None).select_related(
        "page", "published_by", "content_type"
    )
