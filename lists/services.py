"""Writes to the lists: power items with their 动态调整 history, tasks with their 截止日期 and
牵头单位, dated task progress, and units. The admin (through Wagtail actions registered in
`lists.wagtail_hooks`), the spreadsheet imports and the demo loader all write through here.

Power items, guides and task lists are published only after 部门审核 → 保密审查 (条例第十七条,
`cms.review`): these services save drafts and submit them; a live entry keeps its public row
until the review publishes the new revision."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.forms.models import model_to_dict

from cms.review import save_draft, submit_for_review
from lists.models import (
    PowerItem,
    PowerItemChange,
    ServiceGuide,
    Task,
    TaskLeadUnit,
    TaskList,
    TaskProgress,
    TaskSection,
    Unit,
)
from lists.parsing import parse_deadline
from lists.search import index_if_registered
from portal.errors import RuleViolation

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


def _editor(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def power_item_save(
    *, item: PowerItem, user: AbstractBaseUser | None, reason: str, submit: bool = True
) -> None:
    """Save a new or changed item as a draft with its 调整原因 and (unless `submit` is False, for
    the operator's demo loader, which publishes at once) submit it to its review chain. The
    public list and the 动态调整 history change when the review publishes it."""
    item.change_reason = reason.strip()
    item.full_clean()
    save_draft(obj=item, user=user)
    if submit:
        submit_for_review(obj=item, user=_editor(user))


def power_item_record_publication(
    *, item: PowerItem, previous: PowerItem | None, editor: AbstractBaseUser | None
) -> PowerItemChange | None:
    """动态调整: an item just published enters the public history against what was public
    before (`previous`, None for a first publication), with its 调整原因 and the editor of the
    published version; a publication that changes no tracked field records nothing."""
    after = power_item_snapshot(item)
    if previous is None:
        kind, changes = PowerItemChange.KIND_CREATED, []
    else:
        before = power_item_snapshot(previous)
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
        changed_by=_editor(editor),
    )


@transaction.atomic
def guide_save(*, guide: ServiceGuide, user: AbstractBaseUser | None, submit: bool = True) -> None:
    """Save a new or changed guide, with the materials, steps and FAQ set on it, as a draft and
    submit it to its review chain; the revision carries the child rows, so a live guide's
    public page changes only when the review publishes it."""
    guide.full_clean()
    save_draft(obj=guide, user=user)
    if submit:
        submit_for_review(obj=guide, user=_editor(user))


@transaction.atomic
def task_list_submit(*, task_list: TaskList, user: AbstractBaseUser | None) -> None:
    """Submit an unpublished task list, with its sections and tasks as they stand, to its review
    chain (once: a list already in review stays where it is)."""
    if task_list.live or task_list.workflow_in_progress:
        return
    task_list.save_revision(user=_editor(user))
    submit_for_review(obj=task_list, user=_editor(user))


@transaction.atomic
def power_item_delete(
    *, item: PowerItem, user: AbstractBaseUser | None, reason: str
) -> PowerItemChange:
    """Remove an item (取消); its history, with this last entry, stays published."""
    removal = PowerItemChange.objects.create(
        item=None,
        item_code=item.code,
        item_name=item.name,
        kind=PowerItemChange.KIND_REMOVED,
        reason=reason.strip(),
        changed_by=_editor(user),
    )
    item.delete()
    return removal


@transaction.atomic
def task_add_progress(
    *,
    task: Task,
    note: str,
    status: str,
    reported_on: date | None = None,
    user: AbstractBaseUser | None = None,
) -> TaskProgress:
    """A dated progress report; it also moves the task to the status it reports."""
    progress = TaskProgress(task=task, note=note.strip(), status=status, reported_by=_editor(user))
    if reported_on is not None:
        progress.reported_on = reported_on
    progress.full_clean()
    progress.save()
    if task.status != status:
        task.status = status
        task.save(update_fields=["status"])
    return progress


def units_by_name(names: list[str]) -> list[Unit]:
    """Resolve 责任单位 names; every name must be a known 机构职能 unit."""
    found = {unit.name: unit for unit in Unit.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    if missing:
        raise RuleViolation(
            f"未知的单位：{'、'.join(missing)}（请先在机构职能中添加）", field="lead_units"
        )
    return [found[name] for name in names]


@transaction.atomic
def task_save(*, task: Task, lead_units: list[Unit] | None = None) -> Task:
    """Create or change a task. Its 截止日期 is read from 完成时限 as written (the earliest date
    named; none for 持续推进), so overdue tasks can be found; `lead_units` replace the 牵头单位
    in the order given (None leaves them as they are)."""
    task.due_date = parse_deadline(task.deadline_text)
    task.full_clean()
    task.save()
    if lead_units is not None:
        task_set_lead_units(task=task, units=lead_units)
    return task


@transaction.atomic
def task_list_save_parsed(
    *, parsed: dict, issuer: str = "", issued_date: date | None = None
) -> TaskList:
    """Create a task list from parse_task_list_text output; parts that exist are left as staff
    edited them, so loading the same text twice creates nothing new. A new list is a draft
    (publish or submit it afterwards)."""
    task_list, created = TaskList.objects.get_or_create(
        title=parsed["title"],
        defaults={
            "issuer": issuer,
            "issued_date": issued_date,
            "notice": parsed["notice"],
            "live": False,
        },
    )
    if created:
        task_list.save_revision()
    sections = {}
    for data in parsed["sections"]:
        section, _ = TaskSection.objects.get_or_create(
            task_list=task_list, number=data["number"], defaults={"title": data["title"]}
        )
        sections[data["number"]] = section
    for data in parsed["tasks"]:
        if Task.objects.filter(task_list=task_list, number=data["number"]).exists():
            continue
        task = Task(
            task_list=task_list,
            section=sections[data["section"]],
            number=data["number"],
            title=data["title"],
            description=data["description"],
            cooperation=data.get("cooperation", ""),
            deadline_text=data.get("deadline_text", ""),
        )
        task_save(task=task, lead_units=units_by_name(data.get("lead_units", [])))
    return task_list


def task_set_lead_units(*, task: Task, units: list[Unit]) -> None:
    """Replace the 牵头单位, keeping the order given."""
    TaskLeadUnit.objects.filter(task=task).delete()
    TaskLeadUnit.objects.bulk_create(
        TaskLeadUnit(task=task, unit=unit, position=i) for i, unit in enumerate(units)
    )
    index_if_registered(task)


@transaction.atomic
def unit_delete(*, unit: Unit) -> None:
    """Remove a unit, unless tasks it leads would lose their 牵头单位."""
    count = TaskLeadUnit.objects.filter(unit=unit).count()
    if count:
        raise RuleViolation(
            f"“{unit.name}”是 {count} 项任务的牵头单位，请先修改这些任务的牵头单位。"
        )
    unit.delete()
