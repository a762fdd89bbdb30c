"""Footer facts every government site must show; editable by staff, never hard-coded."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    sponsor = models.CharField("主办单位", max_length=120, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=10, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True)
    office_hours = models.CharField("办公时间", max_length=120, blank=True)
    website_code = models.CharField("网站标识码", max_length=30, blank=True)
    icp_record = models.CharField("ICP备案号", max_length=60, blank=True)
    police_record = models.CharField("公安机关备案号", max_length=60, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("sponsor"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("phone"),
                FieldPanel("office_hours"),
            ],
            heading="主办单位",
        ),
        MultiFieldPanel(
            [FieldPanel("website_code"), FieldPanel("icp_record"), FieldPanel("police_record")],
            heading="备案信息",
        ),
    ]

    class Meta:
        verbose_name = "站点设置"
