"""Public URLs of list items: sub-routes of their column page, wherever staff moved it."""

from urllib.parse import quote

from lists.models import PowerListIndexPage, ServiceGuideIndexPage, TaskListIndexPage


def _column_url(page_class) -> str | None:
    column = page_class.objects.live().first()
    return column.url if column is not None else None


def power_item_url(item) -> str:
    base = _column_url(PowerListIndexPage)
    return f"{base}{quote(item.code)}/" if base else ""


def guide_url(guide) -> str:
    base = _column_url(ServiceGuideIndexPage)
    return f"{base}{quote(guide.code)}/" if base else ""


def task_list_url(task_list) -> str:
    base = _column_url(TaskListIndexPage)
    return f"{base}{task_list.pk}/" if base else ""


def task_url(task) -> str:
    base = task_list_url(task.task_list)
    return f"{base}tasks/{task.number}/" if base else ""
