"""机构职能: the one record of each unit's functions and contacts (条例第二十条第二项).

This is the portal's single source for organisations: the agency itself (主办单位, shown in the
footer), its disclosure office (指南, 依申请公开 pages and the 落款 of every notice), the units that
handle transferred requests (承办部门) and the departments that run consultations. Other apps read
it through `lists.organisations`. 发文机关 (`policies.IssuingAuthority`) stay a separate list:
they are mostly other agencies (财政部, 国务院办公厅) whose documents the library republishes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel


class Unit(models.Model):
    """A unit of the authority; tasks, power items and the disclosure guide all point here."""

    name = models.CharField("机构名称", max_length=100, unique=True)
    functions = models.TextField("主要职能", blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=100, blank=True)
    fax = models.CharField("传真", max_length=100, blank=True)
    email = models.CharField("电子邮箱", max_length=200, blank=True)
    head = models.CharField("负责人", max_length=100, blank=True)
    is_agency = models.BooleanField(
        "本机关（主办单位）",
        default=False,
        help_text="门户所属的机关本身；页脚的主办单位及联系方式取自此机构。只能有一个。",
    )
    is_disclosure_office = models.BooleanField(
        "政府信息公开工作机构",
        default=False,
        help_text="政府信息公开指南、依申请公开页面和告知书落款取自此机构。只能有一个。",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="units",
        verbose_name="本单位工作人员",
        help_text="转办给本单位的申请等事项，只有这些工作人员可以查看和反馈。",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("functions"),
        FieldPanel("head"),
        FieldPanel("address"),
        FieldPanel("postcode"),
        FieldPanel("office_hours"),
        FieldPanel("phone"),
        FieldPanel("fax"),
        FieldPanel("email"),
        FieldPanel("is_agency"),
        FieldPanel("is_disclosure_office"),
        FieldPanel("members"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "机构职能"
        verbose_name_plural = "机构职能"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        others = Unit.objects.exclude(pk=self.pk)
        if self.is_agency and others.filter(is_agency=True).exists():
            raise ValidationError({"is_agency": "已有机构标记为本机关，只能有一个。"})
        if self.is_disclosure_office and others.filter(is_disclosure_office=True).exists():
            raise ValidationError(
                {"is_disclosure_office": "已有机构标记为政府信息公开工作机构，只能有一个。"}
            )
