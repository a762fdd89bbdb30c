"""机构职能: the one record of each unit's functions and contacts (条例第二十条第二项)."""

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
    is_disclosure_office = models.BooleanField(
        "政府信息公开工作机构",
        default=False,
        help_text="政府信息公开指南和依申请公开页面的联系方式取自此机构。",
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
        FieldPanel("is_disclosure_office"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "机构职能"
        verbose_name_plural = "机构职能"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
