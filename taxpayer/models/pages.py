"""The 纳税服务 column and the one setting staff choose: which unit is the 纳税服务部门."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from cms.models.base import ColumnIndexPage


@register_setting(icon="group")
class TaxpayerSettings(BaseGenericSetting):
    """Seed 002 五（二）: 纳税服务部门牵头组织. 诉求 from the website are registered in its name,
    every registration is handed over to it, and its mailbox gets the pushed results."""

    service_unit = models.ForeignKey(
        "lists.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="纳税服务部门",
        help_text="网上提交的诉求以该部门名义受理；各部门受理的诉求须转交该部门汇总。",
    )

    panels = [FieldPanel("service_unit")]

    class Meta:
        verbose_name = "纳税服务设置"


class TaxpayerServiceIndexPage(ColumnIndexPage):
    """纳税服务: a top-level column beside 政府信息公开, because 诉求, 预约 and 好差评 are services
    taxpayers look for by name, not government information the disclosure column is for."""

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "taxpayer/taxpayer_service_index_page.html"

    class Meta:
        verbose_name = "纳税服务栏目"

    @property
    def home_links(self) -> list[tuple[str, str]]:
        """The services the home page tile links to, in the order a taxpayer needs them."""
        from django.urls import reverse

        return [
            ("提交诉求和意见", reverse("taxpayer:appeal")),
            ("办税预约", reverse("taxpayer:book")),
            ("查询办理进度", reverse("taxpayer:track")),
            ("好差评", reverse("taxpayer:rate")),
            ("服务评价统计", reverse("taxpayer:statistics")),
        ]

    def get_context(self, request, *args, **kwargs) -> dict:
        from lists.catalogue import catalogue_url
        from taxpayer import rules
        from taxpayer.selectors import public_halls

        context = super().get_context(request, *args, **kwargs)
        context["guides_url"] = catalogue_url()
        context["rules"] = rules
        context["halls"] = public_halls()
        context["links"] = self.home_links
        return context
