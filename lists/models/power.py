"""权责清单: power items and their 动态调整 history."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel

from cms.models import ReviewedSnippet
from lists.forms import PowerItemForm

POWER_TYPE_CHOICES = [
    ("XK", "行政许可"),
    ("CF", "行政处罚"),
    ("QZ", "行政强制"),
    ("ZS", "行政征收"),
    ("JF", "行政给付"),
    ("JC", "行政检查"),
    ("QR", "行政确认"),
    ("JL", "行政奖励"),
    ("CJ", "行政裁决"),
    ("QT", "其他行政权力"),
]

# agency code – type code – serial, e.g. 11100000000013239N-XK-001
CODE_PATTERN = (
    r"^[0-9A-Z]{6,18}-(" + "|".join(code for code, _ in POWER_TYPE_CHOICES) + r")-\d{3,5}$"
)
code_validator = RegexValidator(
    CODE_PATTERN,
    "事项编码应为“机构代码-类型代码-序号”，如 11100000000013239N-XK-001。",
)


class PowerItem(ReviewedSnippet):
    """One item of the power-and-responsibility list. Saves make drafts; each publication,
    after 部门审核 → 保密审查, is recorded in its public 动态调整 history."""

    code = models.CharField("事项编码", max_length=40, unique=True, validators=[code_validator])
    name = models.CharField("事项名称", max_length=200)
    power_type = models.CharField("权力类型", max_length=2, choices=POWER_TYPE_CHOICES)
    sub_items = models.TextField("子项", blank=True, help_text="每行一个子项。")
    implementing_body = models.CharField("实施主体", max_length=200)
    legal_basis = models.TextField(
        "设定依据", help_text="法律法规名称及条款，如《税收征收管理法》第十五条。"
    )
    responsibilities = models.TextField("责任事项", blank=True)
    accountability = models.TextField("追责情形", blank=True)
    supervision_phone = models.CharField("监督电话", max_length=100, blank=True)
    handling_unit = models.ForeignKey(
        "lists.Unit",
        verbose_name="承办机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="power_items",
    )
    effective_date = models.DateField("生效日期", null=True, blank=True)
    change_reason = models.CharField(
        "调整原因",
        max_length=300,
        blank=True,
        help_text="本次新增或调整的依据和原因，记入动态调整记录。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    base_form_class = PowerItemForm

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("power_type"),
        FieldPanel("sub_items"),
        FieldPanel("implementing_body"),
        FieldPanel("handling_unit"),
        FieldPanel("legal_basis"),
        FieldPanel("responsibilities"),
        FieldPanel("accountability"),
        FieldPanel("supervision_phone"),
        FieldPanel("effective_date"),
        FieldPanel("change_reason"),
    ]

    class Meta:
        verbose_name = "权责清单事项"
        verbose_name_plural = "权责清单"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from lists.links import power_item_url

        return power_item_url(self)

    def publish(self, revision, *args, **kwargs):
        """Each publication enters the 动态调整 history against what was public before."""
        from django.db import transaction

        from lists.services import power_item_record_publication

        previous = PowerItem.objects.filter(pk=self.pk, live=True).first()
        with transaction.atomic():
            result = super().publish(revision, *args, **kwargs)
            published = PowerItem.objects.get(pk=self.pk)
            if published.live:
                power_item_record_publication(
                    item=published, previous=previous, editor=revision.user
                )
        return result

    @property
    def sub_item_list(self) -> list[str]:
        return [line.strip() for line in self.sub_items.splitlines() if line.strip()]


class PowerItemChange(models.Model):
    """动态调整: what changed in an item, when and why; kept after the item itself is removed."""

    # A log row: Wagtail's usage index would only double the cost of every import.
    wagtail_reference_index_ignore = True

    KIND_CREATED = "created"
    KIND_CHANGED = "changed"
    KIND_REMOVED = "removed"
    KIND_CHOICES = [(KIND_CREATED, "新增"), (KIND_CHANGED, "调整"), (KIND_REMOVED, "取消")]

    item = models.ForeignKey(
        PowerItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    item_code = models.CharField("事项编码", max_length=40)
    item_name = models.CharField("事项名称", max_length=200)
    kind = models.CharField("调整类型", max_length=10, choices=KIND_CHOICES)
    changes = models.JSONField("调整内容", default=list, blank=True)
    reason = models.CharField("调整原因", max_length=300, blank=True)
    changed_at = models.DateTimeField("调整时间", auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "权责清单调整记录"
        verbose_name_plural = "权责清单调整记录"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_code} {self.get_kind_display()}"
