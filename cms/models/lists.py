"""Structured-list columns: 权责清单, 办税指南, 任务清单."""

from cms.models.base import ColumnIndexPage


class PowerListIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "权责清单栏目"


class ServiceGuideIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "办税指南栏目"


class TaskListIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "任务清单栏目"
