"""Read-side queries of the lists, shared by the public pages, admin and search registration."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict

from lists.models import (
    POWER_TYPE_CHOICES,
    GuideMaterial,
    PowerItem,
    ServiceGuide,
    Task,
    TaskLeadUnit,
    TaskList,
    Unit,
)
from lists.models.guides import GUIDE_TYPE_CHOICES
from lists.models.tasks import STATUS_CHOICES

MAX_QUERY_LENGTH = 60
CHANNELS = [("online", "线上"), ("offline", "线下"), ("contactless", "非接触式")]


MAX_ID = 2**31 - 1


def _text(params: QueryDict | dict, key: str) -> str:
    """A filter value as typed, cut short and without NUL (which PostgreSQL refuses)."""
    return (params.get(key) or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def safe_id(value) -> int | None:
    """A primary key or number from a URL or form, or None when it cannot be one."""
    text = str(value)
    if not text.isdigit() or len(text) > 10 or int(text) > MAX_ID:
        return None
    return int(text)


def _unit_id(text: str) -> int | None:
    pk = safe_id(text) if text else None
    return pk if pk is not None and Unit.objects.filter(pk=pk).exists() else None


def units() -> QuerySet[Unit]:
    return Unit.objects.all()


def power_item_list(params: QueryDict | dict) -> tuple[QuerySet[PowerItem], dict, list[str]]:
    """Filter by 权力类型, 承办机构 and a keyword; unknown filter values are reported, not fatal."""
    queryset = PowerItem.objects.select_related("handling_unit")
    filters: dict[str, str] = {}
    errors: list[str] = []
    power_type = _text(params, "type")
    if power_type:
        if power_type in dict(POWER_TYPE_CHOICES):
            queryset = queryset.filter(power_type=power_type)
            filters["type"] = power_type
        else:
            errors.append(f"未知的权力类型：{power_type}")
    unit = _text(params, "unit")
    if unit:
        if _unit_id(unit) is not None:
            queryset = queryset.filter(handling_unit_id=_unit_id(unit))
            filters["unit"] = unit
        else:
            errors.append("未知的承办机构。")
    q = _text(params, "q")
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(code__icontains=q) | Q(legal_basis__icontains=q)
        )
        filters["q"] = q
    return queryset.order_by("code"), filters, errors


def power_item_detail(code: str) -> PowerItem | None:
    if "\x00" in code or len(code) > 40:
        return None
    return (
        PowerItem.objects.select_related("handling_unit")
        .prefetch_related("changes", "service_guides")
        .filter(code=code)
        .first()
    )


def guide_list(params: QueryDict | dict) -> tuple[QuerySet[ServiceGuide], dict, list[str]]:
    queryset = ServiceGuide.objects.select_related("handling_unit")
    filters: dict[str, str] = {}
    errors: list[str] = []
    guide_type = _text(params, "type")
    if guide_type:
        if guide_type in dict(GUIDE_TYPE_CHOICES):
            queryset = queryset.filter(guide_type=guide_type)
            filters["type"] = guide_type
        else:
            errors.append(f"未知的事项类型：{guide_type}")
    channel = _text(params, "channel")
    if channel:
        if channel in dict(CHANNELS):
            queryset = queryset.filter(**{channel: True})
            filters["channel"] = channel
        else:
            errors.append(f"未知的办理渠道：{channel}")
    q = _text(params, "q")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(legal_basis__icontains=q))
        filters["q"] = q
    return queryset.order_by("code"), filters, errors


def guide_detail(code: str) -> ServiceGuide | None:
    if "\x00" in code or len(code) > 40:
        return None
    return (
        ServiceGuide.objects.select_related("handling_unit", "power_item")
        .prefetch_related(
            Prefetch("materials", queryset=GuideMaterial.objects.order_by("sort_order")),
            "steps",
            "faqs",
        )
        .filter(code=code)
        .first()
    )


def task_lists() -> QuerySet[TaskList]:
    return TaskList.objects.all()


def task_list_tasks(
    task_list: TaskList, params: QueryDict | dict
) -> tuple[QuerySet[Task], dict, list[str]]:
    """Tasks of one list, filtered by 牵头单位, status or overdue, in list order."""
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
    filters: dict[str, str] = {}
    errors: list[str] = []
    unit = _text(params, "unit")
    if unit:
        if _unit_id(unit) is not None:
            queryset = queryset.filter(lead_units__pk=_unit_id(unit)).distinct()
            filters["unit"] = unit
        else:
            errors.append("未知的牵头单位。")
    status = _text(params, "status")
    if status:
        if status in dict(STATUS_CHOICES):
            queryset = queryset.filter(status=status)
            filters["status"] = status
        elif status == "overdue":
            from django.utils import timezone

            queryset = queryset.exclude(status="done").filter(due_date__lt=timezone.localdate())
            filters["status"] = status
        else:
            errors.append(f"未知的状态：{status}")
    q = _text(params, "q")
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q))
        filters["q"] = q
    return queryset, filters, errors


def task_list_by_id(pk: int) -> TaskList | None:
    pk = safe_id(pk)
    return TaskList.objects.filter(pk=pk).first() if pk is not None else None


def task_detail(task_list_pk: int, number: int) -> Task | None:
    if safe_id(task_list_pk) is None or safe_id(number) is None or number > 32767:
        return None
    return (
        Task.objects.select_related("task_list", "section")
        .prefetch_related("progress_updates")
        .filter(task_list_id=task_list_pk, number=number)
        .first()
    )
