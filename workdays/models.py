"""The staff's part of the working-day calendar: days that override or extend the package data.

The State Council's arrangement for the coming year is published each autumn; until a release
of `chinesecalendar` carries it, staff enter it here, so every statutory clock in the portal
(依申请公开, 纳税人诉求, 办税预约) counts the same days.
"""

from django.db import models


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班日"


class CalendarOverride(models.Model):
    """An admin-entered day that overrides or extends the packaged official calendar."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField("名称", max_length=50, blank=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(models.Model):
    """Marks a year whose holidays and make-up days have been fully entered by staff."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "已录入年度"
        verbose_name_plural = "已录入年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
