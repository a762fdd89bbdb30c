"""办税指南: service guides with their materials, steps and FAQ as ordered child rows."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from cms.models import ReviewedSnippet

GUIDE_TYPE_CHOICES = [
    ("XK", "行政许可"),
    ("QR", "行政确认"),
    ("JF", "行政给付"),
    ("ZS", "行政征收"),
    ("GG", "公共服务"),
    ("QT", "其他"),
]

FORM_CHOICES = [
    ("original", "原件"),
    ("copy", "复印件"),
    ("both", "原件及复印件"),
    ("electronic", "电子件"),
]


class ServiceGuide(ReviewedSnippet, ClusterableModel):
    """A printable guide for one matter; linked to its power-list item where one exists. Saves
    make drafts whose revisions carry the materials, steps and FAQ; the public reads the
    published guide after 部门审核 → 保密审查."""

    code = models.CharField(
        "指南编号",
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9_-]+$", "指南编号只能包含字母、数字、短横线和下划线。")
        ],
        help_text="用于导入导出识别同一指南，如 BSZN-001。",
    )
    name = models.CharField("事项名称", max_length=200)
    power_item = models.ForeignKey(
        "lists.PowerItem",
        verbose_name="对应权责清单事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_guides",
    )
    guide_type = models.CharField("事项类型", max_length=2, choices=GUIDE_TYPE_CHOICES)
    legal_basis = models.TextField("设定依据")
    conditions = models.TextField("受理条件", blank=True)
    online = models.BooleanField("线上办理", default=False)
    offline = models.BooleanField("线下办理", default=True)
    contactless = models.BooleanField(
        "非接触式办理", default=False, help_text="可全程网上办理、无需到办税服务厅的事项。"
    )
    location = models.CharField("办理地点", max_length=300, blank=True)
    hours = models.CharField("办理时间", max_length=200, blank=True)
    statutory_limit = models.CharField("法定时限", max_length=100, blank=True)
    promised_limit = models.CharField("承诺时限", max_length=100, blank=True)
    fees = models.CharField("收费标准", max_length=200, default="不收费")
    consultation_phone = models.CharField("咨询电话", max_length=100, blank=True)
    handling_unit = models.ForeignKey(
        "lists.Unit",
        verbose_name="办理机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_guides",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("guide_type"),
        FieldPanel("power_item"),
        FieldPanel("handling_unit"),
        FieldPanel("legal_basis"),
        FieldPanel("conditions"),
        InlinePanel("materials", label="申请材料"),
        InlinePanel("steps", label="办理流程"),
        MultiFieldPanel(
            [FieldPanel("online"), FieldPanel("offline"), FieldPanel("contactless")],
            heading="办理渠道",
        ),
        FieldPanel("location"),
        FieldPanel("hours"),
        FieldPanel("statutory_limit"),
        FieldPanel("promised_limit"),
        FieldPanel("fees"),
        FieldPanel("consultation_phone"),
        InlinePanel("faqs", label="常见问题"),
    ]

    class Meta:
        verbose_name = "办税指南"
        verbose_name_plural = "办税指南"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from lists.links import guide_url

        return guide_url(self)

    def clean(self) -> None:
        if self.contactless and not self.online:
            raise ValidationError({"contactless": "非接触式办理的事项必须可以线上办理。"})
        if not self.online and not self.offline:
            raise ValidationError({"offline": "请至少选择一种办理渠道（线上或线下）。"})

    @property
    def channel_labels(self) -> list[str]:
        return [label for flag, label in ((self.online, "线上"), (self.offline, "线下")) if flag]


class GuideMaterial(Orderable):
    guide = ParentalKey(ServiceGuide, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("材料形式", max_length=10, choices=FORM_CHOICES, default="original")
    copies = models.PositiveSmallIntegerField("份数", default=1)
    required = models.BooleanField("必要", default=True)

    panels = [FieldPanel("name"), FieldPanel("form"), FieldPanel("copies"), FieldPanel("required")]

    class Meta(Orderable.Meta):
        verbose_name = "申请材料"


class GuideStep(Orderable):
    guide = ParentalKey(ServiceGuide, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField("环节", max_length=100)
    description = models.TextField("说明", blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "办理环节"


class GuideFAQ(Orderable):
    guide = ParentalKey(ServiceGuide, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("解答")

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "常见问题"
