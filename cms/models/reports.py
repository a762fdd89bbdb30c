"""政府信息公开年报 column: one annual report per year, newest year first."""

from django.http import HttpRequest

from cms.models.base import ColumnIndexPage


class AnnualReportIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types: list[str] = ["annual_report.AnnualReportPage"]
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "政府信息公开年报栏目"

    def get_listing_queryset(self, request: HttpRequest):
        """Every published year stays listed, the latest report first."""
        from annual_report.models import AnnualReportPage

        return AnnualReportPage.objects.child_of(self).live().public().order_by("-year", "-pk")
