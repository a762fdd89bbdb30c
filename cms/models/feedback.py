"""我为政府网站找错: what visitors report about the site, and staff's answer.

The 政府网站发展指引 asks every government site for an error-report channel that is answered.
The visitor's name and contact are personal data: encrypted at rest and never published.
"""

from django.conf import settings
from django.db import models

from portal.crypto import EncryptedTextField


class FeedbackCategory(models.TextChoices):
    CONTENT = "content", "内容错误或过时"
    TYPO = "typo", "错别字"
    LINK = "link", "链接失效或打不开"
    DISPLAY = "display", "页面显示异常"
    ACCESSIBILITY = "accessibility", "无障碍或适老化问题"
    OTHER = "other", "其他"


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    PROCESSING = "processing", "处理中"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "不予处理"


class SiteFeedback(models.Model):
    reference = models.CharField("找错编号", max_length=20, unique=True)
    page_url = models.CharField("问题页面地址", max_length=500, blank=True)
    category = models.CharField("问题类型", max_length=20, choices=FeedbackCategory.choices)
    description = models.TextField("问题描述")
    name = EncryptedTextField("姓名", blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    email = EncryptedTextField("电子邮箱", blank=True)
    submitted_at = models.DateTimeField("提交时间", db_index=True)
    status = models.CharField(
        "处理状态",
        max_length=20,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.PENDING,
        db_index=True,
    )
    reply = models.TextField("答复内容", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "网站找错"
        verbose_name_plural = "网站找错"
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_category_display()}"
