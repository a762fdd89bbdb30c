"""Review of publications (条例第十七条): the base of reviewed snippets, and the record of
objects published in an emergency, before their review chain ran (`cms.review`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    WorkflowMixin,
)


class ReviewedSnippet(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """Base of a snippet whose every publication must pass its review chain (部门审核 →
    保密审查): saves make drafts and revisions; the public reads live rows only.

    Applying it is `class Item(ReviewedSnippet)` (or `(ReviewedSnippet, ClusterableModel)`)
    plus the model in `cms.services.workflow.ensure_snippet_review_workflow`. The publication
    rules are `cms.review`'s, shared with reviewed pages."""

    _revisions = GenericRelation("wagtailcore.Revision")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions

    def publish(self, revision, *args, **kwargs):
        from cms.review import check_publication_allowed

        check_publication_allowed(kwargs.get("user"))
        return super().publish(revision, *args, **kwargs)


class EmergencyPublication(models.Model):
    """A page or reviewed snippet published at once by a member of the emergency group
    (紧急发布), with the reason; listed until its review chain (部门审核 → 保密审查) has approved
    it afterwards. The object is named as its workflow states name it (base content type and
    id); `page` is set too for pages."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="内容类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField("对象编号", max_length=255)
    content_object = GenericForeignKey("content_type", "object_id")
    title = models.CharField("标题", max_length=255, blank=True)
    page = models.ForeignKey(
        Page,
        verbose_name="页面",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emergency_publications",
    )
    revision_id = models.PositiveIntegerField("发布的版本")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField("紧急发布原因", max_length=1000)
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    reviewed_at = models.DateTimeField("补审完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "紧急发布记录"
        verbose_name_plural = "紧急发布记录"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.published_at:%Y-%m-%d %H:%M}）"
