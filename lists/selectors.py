"""Read-side queries of the lists, shared by the public pages, admin and search registration.

The public reads published entries only (条例第十七条): live power items and guides, and the
sections and tasks of live task lists; drafts and edits waiting for review stay in the admin."""

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict

from lists.filters import PowerItemFilter, ServiceGuideFilter, TaskFilter
from lists.models import (
    GuideMaterial,
    PowerItem,
    ServiceGuide,
    Task,
    TaskLeadUnit,
    TaskList,
    Unit,
)
from portal.filtering import FilterResult, apply_filters, safe_id


def units() -> QuerySet[Unit]:
    return Unit.objects.all()


def published_power_items() -> QuerySet[PowerItem]:
    return PowerItem.objects.filter(live=True)


def published_guides() -> QuerySet[ServiceGuide]:
    return ServiceGuide.objects.filter(live=True)


def published_tasks() -> QuerySet[Task]:
    return Task.objects.filter(task_list__live=True)


def power_item_list(params: QueryDict | dict) -> FilterResult:
    """Filter by 权力类型, 承办机构 and a keyword (`lists.filters`), in code order."""
    queryset = published_power_items().select_related("handling_unit").order_by("code")
    return apply_filters(PowerItemFilter, params, queryset)


def power_item_detail(code: str) -> PowerItem | None:
    if "\x00" in code or len(code) > 40:
        return None
    return (
        published_power_items()
        .select_related("handling_unit")
        .prefetch_related("changes", Prefetch("service_guides", queryset=published_guides()))
        .filter(code=code)
        .first()
    )


def guide_list(params: QueryDict | dict) -> FilterResult:
    """Filter by 事项类型, 办理渠道 and a keyword (`lists.filters`), in code order."""
    queryset = published_guides().select_related("handling_unit").order_by("code")
    return apply_filters(ServiceGuideFilter, params, queryset)


def guide_detail(code: str) -> ServiceGuide | None:
    if "\x00" in code or len(code) > 40:
        return None
    guide = (
        published_guides()
        .select_related("handling_unit", "power_item")
        .prefetch_related(
            Prefetch("materials", queryset=GuideMaterial.objects.order_by("sort_order")),
            "steps",
            "faqs",
        )
        .filter(code=code)
        .first()
    )
    if guide is not None and guide.power_item_id and not guide.power_item.live:
        guide.power_item = None  # not linked publicly before its own publication
    return guide


def task_lists() -> QuerySet[TaskList]:
    return TaskList.objects.filter(live=True)


def task_list_tasks(task_list: TaskList, params: QueryDict | dict) -> FilterResult:
    """Tasks of one list, filtered by 牵头单位, status or overdue (`lists.filters`), in list
    order."""
    queryset = (
        task_list.tasks.select_related("section")
        .prefetch_related(
            Prefetch(
                "lead_unit_links",
                queryset=TaskLeadUnit.objects.select_related("unit").order_by("position"),
            )
        )
        .order_by("number")
    )
    return apply_filters(TaskFilter, params, queryset)


def task_list_by_id(pk: int) -> TaskList | None:
    pk = safe_id(pk)
    return task_lists().filter(pk=pk).first() if pk is not None else None


def task_detail(task_list_pk: int, number: int) -> Task | None:
    if safe_id(task_list_pk) is None or safe_id(number) is None or number > 32767:
        return None
    return (
        published_tasks()
        .select_related("task_list", "section")
        .prefetch_related("progress_updates")
        .filter(task_list_id=task_list_pk, number=number)
        .first()
    )
