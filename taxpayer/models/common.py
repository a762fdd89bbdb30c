"""Records every part of 纳税服务 shares: gap-free numbers and the personal-data audit log."""

from django.conf import settings
from django.db import models


class NumberSequence(models.Model):
    """Last serial issued per prefix and year (诉求 SQ, 首问 SW, 预约 YY); the row is locked
    while a number is taken, so numbers are unique and have no gaps."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="taxpayer_sequence_unique")
        ]


class AuditLog(models.Model):
    """Who saw or changed which record's personal data, when and from where (PIPL)."""

    record_number = models.CharField("编号", max_length=20, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField("用户", max_length=150, blank=True)
    action = models.CharField("操作", max_length=50, db_index=True)
    detail = models.TextField("详情", blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "纳税服务审计日志"
        verbose_name_plural = "纳税服务审计日志"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.record_number} {self.action}"
