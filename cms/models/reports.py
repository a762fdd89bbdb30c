"""政府信息公开年报 column."""

from cms.models.base import ColumnIndexPage


class AnnualReportIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "政府信息公开年报栏目"
