"""延时服务登记台账 (seed 001 四（三）): who served after hours and for how long, and the 调休
taken against it, so each person's balance shows when 调休 is due."""

from django.conf import settings
from django.db import models


class OvertimeRecord(models.Model):
    """One person's after-hours service on one day (已到下班时间仍在办理或等候的纳税人)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="工作人员",
    )
    hall = models.ForeignKey(
        "taxpayer.ServiceHall",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="办税服务厅",
    )
    worked_on = models.DateField("日期", db_index=True)
    starts_at = models.TimeField("延时开始（下班时间）")
    ends_at = models.TimeField("延时结束")
    minutes = models.PositiveIntegerField("延时时长（分钟）")
    taxpayers_served = models.PositiveSmallIntegerField("服务纳税人数", default=1)
    note = models.CharField("办理事项", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "延时服务记录"
        verbose_name_plural = "延时服务台账"
        ordering = ["-worked_on", "-pk"]


class CompensatoryLeave(models.Model):
    """调休 granted against accumulated after-hours service (避开办税高峰期)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="工作人员",
    )
    leave_on = models.DateField("调休日期")
    hours = models.DecimalField("调休时长（小时）", max_digits=4, decimal_places=1)
    note = models.CharField("说明", max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "调休记录"
        verbose_name_plural = "调休记录"
        ordering = ["-leave_on", "-pk"]
