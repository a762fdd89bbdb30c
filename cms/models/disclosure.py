"""依申请公开 column: explains the procedure and links to the online application and tracking."""

from cms.models.base import ColumnIndexPage


class DisclosureRequestIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types = ["cms.StandardPage"]
    max_count = 1
    template = "cms/disclosure_request_index_page.html"

    class Meta:
        verbose_name = "依申请公开栏目"
