"""Registers the list items with the one search index (search.registry). The search app indexes
non-page models once their transaction commits, so a dry run or a rolled-back import file never
reaches the index. Only published entries are searchable: live power items and guides (the
search app leaves out rows that are not live) and the tasks of live task lists."""

from django.db import transaction

from lists.models import (
    GuideFAQ,
    GuideMaterial,
    GuideStep,
    PowerItem,
    ServiceGuide,
    Task,
    TaskLeadUnit,
    TaskList,
    Unit,
)
from search import registry
from search.registry import IndexDocument, document_key, register


def power_item_to_document(item: PowerItem) -> IndexDocument:
    return IndexDocument(
        key=document_key(item),
        content_type="power_item",
        title=item.name,
        body="\n".join(
            [
                item.code,
                item.get_power_type_display(),
                item.sub_items,
                item.implementing_body,
                item.legal_basis,
                item.responsibilities,
                item.accountability,
            ]
        ),
        url=item.get_absolute_url(),
        authorities=[item.handling_unit.name] if item.handling_unit_id else [],
        publish_date=item.effective_date,
    )


def guide_to_document(guide: ServiceGuide) -> IndexDocument:
    materials = [m.name for m in guide.materials.all()]
    steps = [f"{s.title} {s.description}" for s in guide.steps.all()]
    faqs = [f"{f.question} {f.answer}" for f in guide.faqs.all()]
    return IndexDocument(
        key=document_key(guide),
        content_type="service_guide",
        title=guide.name,
        body="\n".join(
            [guide.get_guide_type_display(), guide.legal_basis, guide.conditions]
            + materials
            + steps
            + faqs
        ),
        url=guide.get_absolute_url(),
        authorities=[guide.handling_unit.name] if guide.handling_unit_id else [],
    )


def task_to_document(task: Task) -> IndexDocument | None:
    if not task.task_list.live:
        return None
    return IndexDocument(
        key=document_key(task),
        content_type="task",
        title=task.title,
        body="\n".join(
            [task.task_list.title, task.description, task.responsibility_text, task.deadline_text]
        ),
        url=task.get_absolute_url(),
        authorities=[unit.name for unit in task.ordered_lead_units],
        publish_date=task.task_list.issued_date,
    )


def unit_to_document(unit: Unit) -> IndexDocument:
    return IndexDocument(
        key=document_key(unit),
        content_type="unit",
        title=unit.name,
        body="\n".join([unit.functions, unit.address, unit.office_hours, unit.phone]),
        url=f"/jgzn/#unit-{unit.pk}",
    )


REGISTRATIONS = [
    (
        PowerItem,
        "power_item",
        "权责清单",
        power_item_to_document,
        PowerItem.objects.filter(live=True),
    ),
    (
        ServiceGuide,
        "service_guide",
        "办税指南",
        guide_to_document,
        ServiceGuide.objects.filter(live=True),
    ),
    (Task, "task", "任务清单", task_to_document, Task.objects.filter(task_list__live=True)),
    (Unit, "unit", "机构职能", unit_to_document, Unit.objects.all()),
]

for _model, _content_type, _label, _to_document, _queryset in REGISTRATIONS:
    register(
        _model,
        content_type=_content_type,
        label=_label,
        to_document=_to_document,
        queryset=_queryset.all,
    )


def index_if_registered(instance) -> None:
    """Re-index an item whose related rows changed after its own save (lead units, guide
    materials), once the change is committed, as the search app does for the item itself."""
    from search.indexing import update_object

    if instance is not None and registry.registration_for(type(instance)) is not None:
        transaction.on_commit(lambda: update_object(instance))


def _on_guide_child_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        index_if_registered(ServiceGuide.objects.filter(pk=instance.guide_id).first())


def _on_lead_units_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Task):
        index_if_registered(instance)


def _on_task_list_published_or_unpublished(sender, instance, **kwargs) -> None:
    """A list's tasks become searchable with its publication and leave with its withdrawal."""
    for task in Task.objects.filter(task_list_id=instance.pk):
        index_if_registered(task)


def _connect() -> None:
    from django.db.models.signals import m2m_changed, post_save
    from wagtail.signals import published, unpublished

    for child in (GuideMaterial, GuideStep, GuideFAQ):
        post_save.connect(_on_guide_child_saved, sender=child, weak=False)
    m2m_changed.connect(_on_lead_units_changed, sender=TaskLeadUnit, weak=False)
    for signal in (published, unpublished):
        signal.connect(_on_task_list_published_or_unpublished, sender=TaskList, weak=False)


_connect()
