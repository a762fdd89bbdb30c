"""Record of pages published in an emergency, before their review chain ran."""

from django.conf import settings
from django.db import models
from wagtail.models import Page


class EmergencyPublication(models.Model):
    """A page published at once by a member of the emergency group (紧急发布), with the reason;
    listed until the page's review chain (部门审核 → 保密审查) has approved it afterwards."""

    page = models.ForeignKey(
        Page, verbose_name="页面", on_delete=models.CASCADE, related_name="emergency_publications"
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

    def __str__(self) -> str:
        return f"{self.page.title}（{self.published_at:%Y-%m-%d %H:%M}）"
