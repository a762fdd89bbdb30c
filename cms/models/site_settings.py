"""Filing numbers every government site must show in its footer; editable by staff.

The agency's name and contacts are not here: they come from 机构职能 (the unit marked 本机关),
the one source the 指南, the disclosure pages and the notices also read.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    website_code = models.CharField("网站标识码", max_length=30, blank=True)
    icp_record = models.CharField("ICP备案号", max_length=60, blank=True)
    police_record = models.CharField("公安机关备案号", max_length=60, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("website_code"), FieldPanel("icp_record"), FieldPanel("police_record")],
            heading="备案信息",
        ),
    ]

    class Meta:
        verbose_name = "站点设置"
