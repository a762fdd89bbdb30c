"""The one ledger of 纳税人诉求 (seed 002) and 首问涉税事项 (seed 001), and its process traces.

Why one ledger: seed 002's registration (纳税人名称、有效联系方式、诉求和意见、受理时间、受理单位、
受理人) and seed 001's 首问登记台账 (接洽时间、纳税人名称、联系方式、首问事项、首问责任人、承办人、
办理答复时间) are the same record under two names, and both run the same closed loop
(受理 → 转办 → 承办 → 反馈) with traces, extensions approved by a leader and a reply to the
taxpayer. What differs is the clock: a 诉求 runs seed 002's 1 + 5 (+10) + 1 working days, a 首问
matter runs the time limit of its 办税指南 item (限时办结). `kind` says which; `rules.py` and
`clocks.py` hold the difference; `transitions.py` says which steps each kind has.
"""

from django.conf import settings
from django.db import models

from portal.crypto import EncryptedTextField
from taxpayer import rules
from taxpayer.storage import private_storage


class MatterKind(models.TextChoices):
    APPEAL = "appeal", "纳税人诉求"
    FIRST_CONTACT = "first_contact", "首问涉税事项"


class MatterStatus(models.TextChoices):
    REGISTERED = "registered", "已受理登记"
    POOLED = "pooled", "纳税服务部门已汇总"
    HANDLING = "handling", "办理中"
    COMPLETED = "completed", "已办结待反馈"
    REPLIED = "replied", "已反馈纳税人"
    VISITED = "visited", "已回访"
    DEFERRED = "deferred", "待条件成熟"
    CLOSED = "closed", "已对账销号"
    TRANSFERRED = "transferred", "已移交办理"


OPEN_STATUSES = [
    MatterStatus.REGISTERED,
    MatterStatus.POOLED,
    MatterStatus.HANDLING,
    MatterStatus.COMPLETED,
]
"""Statuses with a running clock (the taxpayer is still waiting for an answer)."""

ANSWERED_STATUSES = [MatterStatus.REPLIED, MatterStatus.VISITED, MatterStatus.CLOSED]
"""Statuses after the taxpayer has been told the result: the matter may be rated."""


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "已办理答复"
    ON_THE_SPOT = "on_the_spot", "当场办理答复"
    DEFERRED = "deferred", "记录在案，待条件成熟时解决"
    REVIEW = "review", "按行政复议程序办理"
    ESCALATED = "escalated", "上报上级主管部门办理"
    PASSED_DOWN = "passed_down", "转交下级主管部门办理"


ALL_CHANNELS = rules.APPEAL_CHANNELS + [
    choice for choice in rules.MATTER_CHANNELS if choice[0] != "other"
]


class Matter(models.Model):
    """One 诉求 or 首问 matter: what the taxpayer asked, who took it, where it is, by when."""

    number = models.CharField("编号", max_length=20, unique=True)
    kind = models.CharField("类型", max_length=20, choices=MatterKind.choices, db_index=True)
    channel = models.CharField("受理渠道", max_length=20, choices=ALL_CHANNELS)
    category = models.CharField(
        "诉求类别", max_length=20, choices=rules.APPEAL_CATEGORIES, blank=True
    )
    submission_token = models.UUIDField("提交令牌", unique=True, null=True, blank=True)
    tracking_code_hash = models.CharField("查询码摘要", max_length=128, blank=True)

    taxpayer_name = models.CharField("纳税人名称（姓名）", max_length=200)
    taxpayer_id = EncryptedTextField("纳税人识别号", blank=True)
    phone = EncryptedTextField("联系电话")
    email = EncryptedTextField("电子邮箱", blank=True)
    content = models.TextField("诉求和意见（首问事项）")
    attachment = models.FileField(
        "附件", storage=private_storage, upload_to="matters/%Y/", blank=True, max_length=255
    )
    attachment_name = models.CharField("附件原文件名", max_length=200, blank=True)
    topic = models.CharField(
        "共性问题标签",
        max_length=50,
        blank=True,
        db_index=True,
        help_text="纳税服务部门汇总时标注，如“发票额度”“退税进度”，用于梳理共性诉求。",
    )

    received_at = models.DateTimeField("受理时间（接洽时间）")
    received_on = models.DateField("受理日期", db_index=True)
    receiving_unit = models.ForeignKey(
        "lists.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="受理单位",
    )
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="受理人（首问责任人）",
    )
    first_responder_name = models.CharField("受理人姓名", max_length=150, blank=True)

    guide = models.ForeignKey(
        "lists.ServiceGuide",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="办税指南事项",
    )
    guide_name = models.CharField("办税事项", max_length=200, blank=True)
    limit_text = models.CharField("公开的办理时限", max_length=100, blank=True)

    host_unit = models.ForeignKey(
        "lists.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="主办部门",
    )
    co_units = models.ManyToManyField(
        "lists.Unit", blank=True, related_name="+", verbose_name="协办部门"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="承办人",
    )
    joint = models.BooleanField("联合办理", default=False)

    status = models.CharField(
        "状态",
        max_length=20,
        choices=MatterStatus.choices,
        default=MatterStatus.REGISTERED,
        db_index=True,
    )
    outcome = models.CharField("办理方式", max_length=20, choices=Outcome.choices, blank=True)

    # Clocks: stored as start + working days so a calendar change recomputes the due dates.
    handling_started_on = models.DateField("办理起算日", null=True, blank=True)
    handling_days = models.PositiveSmallIntegerField("办理时限（工作日）", null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField("已延长工作日", default=0)
    handling_due_on = models.DateField("办理期限", null=True, blank=True, db_index=True)
    step_label = models.CharField("当前环节", max_length=50, blank=True)
    step_started_on = models.DateField("环节起算日", null=True, blank=True)
    step_days = models.PositiveSmallIntegerField("环节时限（工作日）", null=True, blank=True)
    step_due_on = models.DateField("环节期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限暂定", default=False)
    deadline_explanation = models.JSONField("期限计算过程", default=dict, blank=True)

    pooled_on = models.DateField("纳税服务部门汇总日期", null=True, blank=True)
    assigned_on = models.DateField("转办日期", null=True, blank=True)
    completed_on = models.DateField("办结日期", null=True, blank=True)
    result_text = models.TextField("办理结果", blank=True)
    replied_on = models.DateField("反馈（答复）日期", null=True, blank=True)
    reply_text = models.TextField("反馈纳税人内容", blank=True)
    visited_on = models.DateField("回访日期", null=True, blank=True)
    visit_note = models.TextField("回访情况", blank=True)
    visit_level = models.PositiveSmallIntegerField(
        "回访满意度", choices=rules.RATING_LEVELS, null=True, blank=True
    )
    closed_on = models.DateField("销号（办结）日期", null=True, blank=True)
    transferred_to = models.CharField("移交机关或程序", max_length=200, blank=True)

    pii_purged_at = models.DateTimeField("个人信息清除时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "诉求与首问事项"
        verbose_name_plural = "诉求与首问台账"
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("serve_matter", "汇总、转办、回访和对账销号（纳税服务部门）"),
            ("handle_assigned_matter", "办理转交本单位的诉求和事项（承办部门）"),
            ("approve_extension", "批准延长办理期限（分管局领导）"),
            ("approve_joint_extension", "批准联合办理延期（主要领导）"),
            ("reveal_pii_matter", "查看纳税人完整联系方式"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_appeal(self) -> bool:
        return self.kind == MatterKind.APPEAL


class MatterEvent(models.Model):
    """One trace of the closed loop (痕迹管理, seed 001 一（二）): who did what, when, and what the
    taxpayer may see of it."""

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="events", verbose_name="事项"
    )
    action = models.CharField("环节", max_length=30)
    label = models.CharField("环节名称", max_length=50)
    occurred_on = models.DateField("发生日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)
    due_on = models.DateField("本环节期限", null=True, blank=True)
    public = models.BooleanField("纳税人可见", default=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("附加数据", default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="经办人",
    )
    actor_name = models.CharField("经办人姓名", max_length=150, blank=True)

    class Meta:
        verbose_name = "办理痕迹"
        verbose_name_plural = "办理痕迹"
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.matter.number} {self.label} {self.occurred_on}"
