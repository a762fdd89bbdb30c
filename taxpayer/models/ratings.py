"""好差评 (seed 004 item 13; 国办发〔2019〕51号): one rating per closed matter, appointment or
disclosure request, and for every 差评 the 回访核实 and 整改 with their recorded outcome."""

from django.conf import settings
from django.db import models

from taxpayer import rules


class RatedKind(models.TextChoices):
    APPEAL = "appeal", "纳税人诉求"
    FIRST_CONTACT = "first_contact", "首问涉税事项"
    APPOINTMENT = "appointment", "办税预约"
    DISCLOSURE = "disclosure", "政府信息公开申请"


class FollowUpStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", "好评，无需整改"
    PENDING = "pending", "待回访核实"
    VERIFIED = "verified", "已核实，整改中"
    DONE = "done", "已整改反馈"


class Rating(models.Model):
    """A rating is tied to the number of what was rated; the unique constraint is the
    “rate once” rule, so even two simultaneous submissions store one rating."""

    rated_kind = models.CharField("评价对象", max_length=20, choices=RatedKind.choices)
    rated_number = models.CharField("事项编号", max_length=30)
    matter = models.ForeignKey(
        "taxpayer.Matter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointment = models.ForeignKey(
        "taxpayer.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "lists.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="被评价单位",
    )
    level = models.PositiveSmallIntegerField("评价等级", choices=rules.RATING_LEVELS)
    comment = models.TextField("评价意见", blank=True)
    rated_at = models.DateTimeField("评价时间")
    rated_on = models.DateField("评价日期", db_index=True)

    follow_up = models.CharField(
        "差评处理", max_length=20, choices=FollowUpStatus.choices, db_index=True
    )
    follow_up_started_on = models.DateField("整改起算日", null=True, blank=True)
    follow_up_days = models.PositiveSmallIntegerField("整改时限（工作日）", null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField("已延长工作日", default=0)
    due_on = models.DateField("整改期限", null=True, blank=True, db_index=True)
    verified_on = models.DateField("回访核实日期", null=True, blank=True)
    verification = models.TextField("回访核实情况", blank=True)
    finding = models.CharField("核实结论", max_length=20, choices=rules.RATING_FINDINGS, blank=True)
    rectification = models.TextField("整改措施及结果", blank=True)
    rectified_on = models.DateField("整改反馈日期", null=True, blank=True)
    reply_to_rater = models.TextField("向评价人反馈的内容", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="整改责任人",
    )
    trace = models.JSONField("处理记录", default=list, blank=True)

    class Meta:
        verbose_name = "好差评"
        verbose_name_plural = "好差评"
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rated_kind", "rated_number"], name="taxpayer_rating_once"
            )
        ]
        permissions = [("handle_bad_rating", "差评回访核实和整改")]

    def __str__(self) -> str:
        return f"{self.get_rated_kind_display()} {self.rated_number} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return rules.is_bad_rating(self.level)
