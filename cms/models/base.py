"""Page shapes shared by every column: a generic article page and a paged column index."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock

LISTING_PAGE_SIZE = 20


def paginate(items, request: HttpRequest, per_page: int = LISTING_PAGE_SIZE) -> PaginatorPage:
    """Page through any sequence; a bad or out-of-range ?page= shows the nearest real page."""
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


class ColumnIndexPage(Page):
    """A column of the disclosure tree: an introduction and its children, newest first."""

    intro = RichTextField("栏目说明", blank=True, features=["bold", "italic", "link", "ol", "ul"])
    empty_message = models.CharField(
        "无内容提示", max_length=200, blank=True, default="本栏目暂无内容，请稍后再来查看。"
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("empty_message")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "cms/column_index_page.html"

    class Meta:
        abstract = True

    def get_listing_queryset(self, request: HttpRequest):
        """Columns override this to filter or order; the template pages whatever it returns."""
        return self.get_children().live().public().specific().order_by("-first_published_at", "-pk")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(self.get_listing_queryset(request), request)
        return context


class StandardPage(Page):
    """Free-form article: 指南, 制度 and any other page staff write by hand."""

    summary = models.CharField("内容概述", max_length=300, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = [
        "cms.HomePage",
        "cms.DisclosureIndexPage",
        "cms.StatutoryContentIndexPage",
        "cms.StandardPage",
    ]
    subpage_types = ["cms.StandardPage"]
    template = "cms/standard_page.html"

    class Meta:
        verbose_name = "普通页面"
        verbose_name_plural = "普通页面"
