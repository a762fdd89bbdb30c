"""办税预约 (seed 001 三): halls and their slots, peak periods, appointments and the proposals
the office makes to change them (变更协商, 错峰预约).

A hall is a unit of 机构职能 (`lists.Unit`) with its booking settings kept here, so lists needs
no booking fields; which units are halls is exactly the set of `ServiceHall` rows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from portal.crypto import EncryptedTextField
from taxpayer import rules


class ServiceHall(models.Model):
    """A 办税服务厅 taxpayers can book: its unit (name, address, hours, phone come from there),
    its slots and how many taxpayers one slot can take."""

    unit = models.OneToOneField(
        "lists.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="办税服务厅（机构）"
    )
    slot_minutes = models.PositiveSmallIntegerField(
        "每个时段（分钟）", default=rules.DEFAULT_SLOT_MINUTES
    )
    capacity = models.PositiveSmallIntegerField(
        "每个时段可预约人数", default=rules.DEFAULT_SLOT_CAPACITY
    )
    morning_start = models.TimeField("上午开始", default=rules.DEFAULT_HOURS[0][0])
    morning_end = models.TimeField("上午结束", default=rules.DEFAULT_HOURS[0][1])
    afternoon_start = models.TimeField("下午开始", default=rules.DEFAULT_HOURS[1][0])
    afternoon_end = models.TimeField("下午结束", default=rules.DEFAULT_HOURS[1][1])
    active = models.BooleanField("开放预约", default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="办税服务厅工作人员",
        help_text="可查看本厅预约日程、登记到场和延时服务的人员。",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("slot_minutes"), FieldPanel("capacity")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("morning_start"), FieldPanel("morning_end")]),
                FieldRowPanel([FieldPanel("afternoon_start"), FieldPanel("afternoon_end")]),
            ],
            heading="预约时间",
        ),
        FieldPanel("active"),
        FieldPanel("staff"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "办税服务厅"
        verbose_name_plural = "办税服务厅"
        ordering = ["sort_order", "pk"]
        permissions = [("manage_appointments", "管理办税预约、错峰预约和延时服务台账")]

    def __str__(self) -> str:
        return self.unit.name

    def clean(self) -> None:
        errors = {}
        if not 5 <= self.slot_minutes <= 240:
            errors["slot_minutes"] = "每个时段应为5至240分钟。"
        if self.capacity < 1:
            errors["capacity"] = "每个时段至少可预约1人。"
        if self.morning_start >= self.morning_end:
            errors["morning_end"] = "上午结束时间应晚于开始时间。"
        if self.afternoon_start >= self.afternoon_end:
            errors["afternoon_end"] = "下午结束时间应晚于开始时间。"
        elif self.morning_end > self.afternoon_start:
            errors["afternoon_start"] = "下午开始时间不能早于上午结束时间。"
        if errors:
            raise ValidationError(errors)


class PeakPeriod(models.Model):
    """A busy period such as the monthly 申报期, when staff may propose 错峰 times
    (seed 001 三（二）)."""

    name = models.CharField("名称", max_length=50, help_text="如“2026年10月申报期”。")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    halls = models.ManyToManyField(
        ServiceHall, blank=True, verbose_name="适用的办税服务厅", help_text="不选即适用于全部。"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("halls"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "办税高峰期"
        verbose_name_plural = "办税高峰期（申报期等）"
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.name}（{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}）"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "已预约"
    SERVED = "served", "已办理"
    ABANDONED = "abandoned", "主动放弃（逾时未到）"
    CANCELLED = "cancelled", "纳税人已取消"


class AppointmentSubject(models.TextChoices):
    GUIDE = "guide", "办理涉税事项"
    CONSULTATION = "consultation", rules.CONSULTATION_MATTER


class Appointment(models.Model):
    """One booked slot. The office never deletes or cancels it; only the taxpayer cancels."""

    number = models.CharField("预约编号", max_length=20, unique=True)
    hall = models.ForeignKey(
        ServiceHall,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name="办税服务厅",
    )
    date = models.DateField("预约日期", db_index=True)
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    subject = models.CharField("预约事项类型", max_length=20, choices=AppointmentSubject.choices)
    guide = models.ForeignKey(
        "lists.ServiceGuide",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="办税指南事项",
    )
    matter_name = models.CharField("预约事项", max_length=200)
    question = models.TextField("咨询问题或补充说明", blank=True)
    taxpayer_name = models.CharField("纳税人名称（姓名）", max_length=200)
    phone = EncryptedTextField("联系电话")
    email = EncryptedTextField("电子邮箱", blank=True)
    code_hash = models.CharField("预约码摘要", max_length=128, blank=True)
    submission_token = models.UUIDField("提交令牌", unique=True, null=True, blank=True)
    initiated_by_office = models.BooleanField("税务机关发起", default=False)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
        db_index=True,
    )
    green_channel = models.BooleanField("绿色通道（已接受错峰）", default=False)
    served_at = models.DateTimeField("办理时间", null=True, blank=True)
    closed_note = models.CharField("办结说明", max_length=200, blank=True)
    pii_purged_at = models.DateTimeField("个人信息清除时间", null=True, blank=True)
    created_at = models.DateTimeField("预约时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办税预约"
        verbose_name_plural = "办税预约"
        ordering = ["date", "starts_at", "pk"]
        indexes = [models.Index(fields=["hall", "date", "starts_at"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_active(self) -> bool:
        return self.status == AppointmentStatus.BOOKED


class ProposalKind(models.TextChoices):
    CHANGE = "change", "变更协商（税务机关因特殊情况需调整）"
    OFF_PEAK = "off_peak", "错峰预约"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "待纳税人答复"
    ACCEPTED = "accepted", "纳税人已接受"
    DECLINED = "declined", "纳税人已谢绝"
    REARRANGED = "rearranged", "纳税人已另行改约"
    LAPSED = "lapsed", "已失效"


class AppointmentProposal(models.Model):
    """A time the office proposes instead of the booked one; the taxpayer decides."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="proposals", verbose_name="预约"
    )
    kind = models.CharField("类型", max_length=20, choices=ProposalKind.choices)
    date = models.DateField("建议日期")
    starts_at = models.TimeField("建议开始时间")
    ends_at = models.TimeField("建议结束时间")
    reason = models.TextField("理由")
    status = models.CharField(
        "状态", max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="提出人",
    )
    proposed_at = models.DateTimeField("提出时间", auto_now_add=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answer_note = models.CharField("答复说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "预约调整建议"
        verbose_name_plural = "预约调整建议"
        ordering = ["-proposed_at", "-pk"]


class AppointmentEvent(models.Model):
    """The appointment's trace: booked, changed, proposals and answers, served, abandoned."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("环节", max_length=30)
    label = models.CharField("环节名称", max_length=50)
    note = models.TextField("说明", blank=True)
    actor_name = models.CharField("经办人", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
