"""Policy library columns: 政策文件 and 政策解读."""

from cms.models.base import ColumnIndexPage


class PolicyIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "政策文件栏目"


class InterpretationIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "政策解读栏目"
