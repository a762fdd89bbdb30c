"""The top of the tree: 首页, 政府信息公开 and its 法定主动公开内容 part."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models.base import ColumnIndexPage


class HomePage(Page):
    intro = RichTextField("首页导语", blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.DisclosureIndexPage",
        "taxpayer.TaxpayerServiceIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs) -> dict:
        from cms.selectors import disclosure_root, latest_items

        context = super().get_context(request, *args, **kwargs)
        context["disclosure_root"] = disclosure_root()
        context["service_columns"] = [
            child
            for child in self.get_children().live().public().in_menu().specific()
            if not isinstance(child, DisclosureIndexPage)
        ]
        context["latest_items"] = latest_items(limit=8)
        return context


class DisclosureIndexPage(Page):
    """政府信息公开: the four statutory parts plus the columns that are not proactive content."""

    intro = RichTextField("说明", blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "disclosure.DisclosureGuidePage",
        "disclosure.DisclosureSystemPage",
        "cms.StandardPage",
        "cms.StatutoryContentIndexPage",
        "annual_report.AnnualReportIndexPage",
        "consultation.ConsultationIndexPage",
        "disclosure.DisclosureRequestIndexPage",
    ]
    max_count = 1
    template = "cms/disclosure_index_page.html"

    class Meta:
        verbose_name = "政府信息公开"


class StatutoryContentIndexPage(ColumnIndexPage):
    """法定主动公开内容 (条例第二十条): its children are the proactive-disclosure columns."""

    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types = [
        "policies.PolicyIndexPage",
        "policies.InterpretationIndexPage",
        "lists.PowerListIndexPage",
        "lists.ServiceGuideIndexPage",
        "lists.TaskListIndexPage",
        "enforcement.EnforcementIndexPage",
        "enforcement.FeeIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1
    template = "cms/statutory_content_index_page.html"

    class Meta:
        verbose_name = "法定主动公开内容"

    def get_listing_queryset(self, request):
        """Columns keep the order staff gave them in the tree, not publication order."""
        return self.get_children().live().public().specific()
