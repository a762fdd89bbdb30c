"""征求意见 column."""

from cms.models.base import ColumnIndexPage


class ConsultationIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "征求意见栏目"
