"""Writes to the lists: 动态调整 records for power items and dated task progress."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.forms.models import model_to_dict

from lists.models import (
    PowerItem,
    PowerItemChange,
    Task,
    TaskLeadUnit,
    TaskList,
    TaskProgress,
    TaskSection,
    Unit,
)

# Fields whose change is worth a line in the public 动态调整 history.
TRACKED_FIELDS = [
    "code",
    "name",
    "power_type",
    "sub_items",
    "implementing_body",
    "legal_basis",
    "responsibilities",
    "accountability",
    "supervision_phone",
    "handling_unit",
    "effective_date",
]


def power_item_snapshot(item: PowerItem) -> dict[str, str]:
    """Display values of the tracked fields, so history reads as staff see the item."""
    values = model_to_dict(item, fields=TRACKED_FIELDS)
    snapshot = {}
    for name in TRACKED_FIELDS:
        value = values.get(name)
        if name == "power_type":
            value = item.get_power_type_display()
        elif name == "handling_unit":
            value = item.handling_unit.name if item.handling_unit_id else ""
        snapshot[name] = "" if value is None else str(value)
    return snapshot


def power_item_record_change(
    *,
    item: PowerItem,
    before: dict[str, str] | None,
    user: AbstractBaseUser | None = None,
) -> PowerItemChange | None:
    """Record a creation, or a change of any tracked field; an unchanged save records nothing."""
    after = power_item_snapshot(item)
    if before is None:
        kind, changes = PowerItemChange.KIND_CREATED, []
    else:
        changes = [
            {
                "field": str(PowerItem._meta.get_field(name).verbose_name),
                "old": before.get(name, ""),
                "new": after[name],
            }
            for name in TRACKED_FIELDS
            if before.get(name, "") != after[name]
        ]
        if not changes:
            return None
        kind = PowerItemChange.KIND_CHANGED
    return PowerItemChange.objects.create(
        item=item,
        item_code=item.code,
        item_name=item.name,
        kind=kind,
        changes=changes,
        reason=item.change_reason,
        changed_by=user if user is not None and user.is_authenticated else None,
    )


def power_item_record_removal(
    *, item: PowerItem, user: AbstractBaseUser | None = None
) -> PowerItemChange:
    return PowerItemChange.objects.create(
        item=None,
        item_code=item.code,
        item_name=item.name,
        kind=PowerItemChange.KIND_REMOVED,
        reason=item.change_reason,
        changed_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def task_add_progress(
    *,
    task: Task,
    note: str,
    status: str,
    reported_on: date | None = None,
    user: AbstractBaseUser | None = None,
) -> TaskProgress:
    """A dated progress report; it also moves the task to the reported status."""
    progress = TaskProgress(
        task=task,
        note=note.strip(),
        status=status,
        reported_by=user if user is not None and user.is_authenticated else None,
    )
    if reported_on is not None:
        progress.reported_on = reported_on
    progress.full_clean()
    progress.save()  # the task takes the reported status (lists.signals)
    task.refresh_from_db(fields=["status"])
    return progress


class UnknownUnitError(ValueError):
    pass


def units_by_name(names: list[str]) -> list[Unit]:
    """Resolve 责任单位 names; every name must be a known 机构职能 unit."""
    found = {unit.name: unit for unit in Unit.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    if missing:
        raise UnknownUnitError(f"未知的单位：{'、'.join(missing)}（请先在机构职能中添加）")
    return [found[name] for name in names]


@transaction.atomic
def task_list_save_parsed(
    *, parsed: dict, issuer: str = "", issued_date: date | None = None
) -> TaskList:
    """Create a task list from parse_task_list_text output; parts that exist are left as staff
    edited them, so loading the same text twice creates nothing new."""
    task_list, _ = TaskList.objects.get_or_create(
        title=parsed["title"],
        defaults={"issuer": issuer, "issued_date": issued_date, "notice": parsed["notice"]},
    )
    sections = {}
    for data in parsed["sections"]:
        section, _ = TaskSection.objects.get_or_create(
            task_list=task_list, number=data["number"], defaults={"title": data["title"]}
        )
        sections[data["number"]] = section
    for data in parsed["tasks"]:
        if Task.objects.filter(task_list=task_list, number=data["number"]).exists():
            continue
        units = units_by_name(data.get("lead_units", []))
        task = Task(
            task_list=task_list,
            section=sections[data["section"]],
            number=data["number"],
            title=data["title"],
            description=data["description"],
            cooperation=data.get("cooperation", ""),
            deadline_text=data.get("deadline_text", ""),
        )
        task.full_clean()
        task.save()
        task_set_lead_units(task=task, units=units)
    return task_list


def task_set_lead_units(*, task: Task, units: list[Unit]) -> None:
    """Replace the 牵头单位, keeping the order given."""
    TaskLeadUnit.objects.filter(task=task).delete()
    TaskLeadUnit.objects.bulk_create(
        TaskLeadUnit(task=task, unit=unit, position=i) for i, unit in enumerate(units)
    )
    from lists.search import index_if_registered

    index_if_registered(task)


def unit_delete_blockers(*, unit: Unit) -> list[str]:
    """Why a unit cannot be removed yet: tasks it leads would lose their 牵头单位."""
    count = TaskLeadUnit.objects.filter(unit=unit).count()
    if count:
        return [f"“{unit.name}”是 {count} 项任务的牵头单位，请先修改这些任务的牵头单位。"]
    return []
