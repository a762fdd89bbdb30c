"""Structured-list columns: 权责清单, 办税指南, 任务清单.

The items live in the `lists` app (edited as snippets, imported from Excel); each column page
renders its list with filters and serves the item pages as sub-routes, so items sit in the tree
with breadcrumbs without being Wagtail pages themselves.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from cms.models.base import ColumnIndexPage, paginate
from cms.review import ReviewedPage
from portal.spreadsheets.exports import XLSX_TYPE, download_response


class _ListColumn(ReviewedPage, RoutablePageMixin, ColumnIndexPage):
    """Shared shape: `list_context` builds the filtered listing, sub-routes build item pages."""

    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        abstract = True

    def list_context(self, request: HttpRequest) -> dict:
        raise NotImplementedError

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super(ColumnIndexPage, self).get_context(request, *args, **kwargs)
        context.update(self.list_context(request))
        query = request.GET.copy()
        query.pop("page", None)
        context["extra_query"] = query.urlencode()
        return context

    download_kind = ""

    @path("download/<str:file_format>/", name="download")
    def download(self, request: HttpRequest, file_format: str) -> HttpResponse:
        """The whole list as a spreadsheet (条例第二十四条: 检索、查阅、下载)."""
        from django.utils import timezone

        from lists.importing import FORMATS, export_filename, export_list

        if file_format not in FORMATS:
            raise Http404("不支持的下载格式。")
        content = export_list(kind=self.download_kind, file_format=file_format, public=True)
        return download_response(
            content,
            export_filename(self.download_kind, file_format, timezone.localdate()),
            "text/csv; charset=utf-8" if file_format == "csv" else XLSX_TYPE,
        )

    def _render_item(self, request: HttpRequest, template: str, **context) -> HttpResponse:
        base = super(ColumnIndexPage, self).get_context(request)
        return TemplateResponse(request, template, {**base, "page": self, **context})


class PowerListIndexPage(_ListColumn):
    template = "lists/power_list_page.html"
    download_kind = "power"

    class Meta:
        verbose_name = "权责清单栏目"

    def list_context(self, request: HttpRequest) -> dict:
        from lists.models import POWER_TYPE_CHOICES
        from lists.selectors import power_item_list, units

        found = power_item_list(request.GET)
        return {
            "items": paginate(found.queryset, request),
            "filters": found.filters,
            "filter_errors": found.errors,
            "type_choices": POWER_TYPE_CHOICES,
            "units": units(),
        }

    @path("changes/", name="changes")
    def changes(self, request: HttpRequest) -> HttpResponse:
        from lists.models import PowerItemChange

        history = paginate(PowerItemChange.objects.all(), request)
        return self._render_item(request, "lists/power_changes_page.html", history=history)

    @path("<str:code>/", name="item")
    def item(self, request: HttpRequest, code: str) -> HttpResponse:
        from lists.selectors import power_item_detail

        item = power_item_detail(code)
        if item is None:
            raise Http404("未找到该权责清单事项。")
        return self._render_item(request, "lists/power_item_page.html", item=item)


class ServiceGuideIndexPage(_ListColumn):
    template = "lists/guide_list_page.html"
    download_kind = "guides"

    class Meta:
        verbose_name = "办税指南栏目"

    def list_context(self, request: HttpRequest) -> dict:
        from lists.filters import CHANNELS
        from lists.models.guides import GUIDE_TYPE_CHOICES
        from lists.selectors import guide_list

        found = guide_list(request.GET)
        return {
            "items": paginate(found.queryset, request),
            "filters": found.filters,
            "filter_errors": found.errors,
            "type_choices": GUIDE_TYPE_CHOICES,
            "channel_choices": CHANNELS,
        }

    @path("<str:code>/", name="item")
    def item(self, request: HttpRequest, code: str) -> HttpResponse:
        from lists.selectors import guide_detail

        guide = guide_detail(code)
        if guide is None:
            raise Http404("未找到该办税指南。")
        return self._render_item(request, "lists/guide_page.html", guide=guide)


class TaskListIndexPage(_ListColumn):
    template = "lists/task_lists_page.html"
    download_kind = "tasks"

    class Meta:
        verbose_name = "任务清单栏目"

    def list_context(self, request: HttpRequest) -> dict:
        from lists.selectors import task_lists

        return {"items": paginate(task_lists(), request)}

    @path("<int:pk>/", name="list")
    def task_list(self, request: HttpRequest, pk: int) -> HttpResponse:
        from lists.filters import OVERDUE
        from lists.models.tasks import STATUS_CHOICES
        from lists.selectors import task_list_by_id, task_list_tasks, units

        task_list = task_list_by_id(pk)
        if task_list is None:
            raise Http404("未找到该任务清单。")
        found = task_list_tasks(task_list, request.GET)
        ended = task_list.year_ended()
        return self._render_item(
            request,
            "lists/task_list_page.html",
            task_list=task_list,
            tasks=list(found.queryset),
            sections=task_list.sections.all(),
            filters=found.filters,
            filter_errors=found.errors,
            units=units().filter(led_tasks__task_list=task_list).distinct(),
            status_choices=STATUS_CHOICES if ended else [*STATUS_CHOICES, OVERDUE],
            year_ended=ended,
            completion=task_list.completion() if ended else None,
        )

    @path("<int:pk>/tasks/<int:number>/", name="task")
    def task(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        from lists.selectors import task_detail

        task = task_detail(pk, number)
        if task is None:
            raise Http404("未找到该任务。")
        return self._render_item(
            request,
            "lists/task_page.html",
            task=task,
            task_list=task.task_list,
            year_ended=task.task_list.year_ended(),
        )
