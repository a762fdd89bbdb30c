"""Every save of a power item, from the admin, an import or a shell, lands in its history."""

from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from lists.models import PowerItem, TaskProgress
from lists.services import (
    power_item_record_change,
    power_item_record_removal,
    power_item_snapshot,
)


@receiver(pre_save, sender=PowerItem)
def _snapshot_before_save(sender, instance: PowerItem, raw=False, **kwargs) -> None:
    if raw:
        return
    previous = PowerItem.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._history_before = power_item_snapshot(previous) if previous else None


@receiver(post_save, sender=PowerItem)
def _record_after_save(sender, instance: PowerItem, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    power_item_record_change(
        item=instance,
        before=None if created else getattr(instance, "_history_before", None),
        user=getattr(instance, "_changed_by", None),
    )


@receiver(pre_delete, sender=PowerItem)
def _record_removal(sender, instance: PowerItem, **kwargs) -> None:
    power_item_record_removal(item=instance, user=getattr(instance, "_changed_by", None))


@receiver(post_save, sender=TaskProgress)
def _task_takes_reported_status(sender, instance: TaskProgress, created=False, raw=False, **kw):
    """A dated progress report moves its task to the status it reports."""
    if raw or not created:
        return
    task = instance.task
    if task.status != instance.status:
        task.status = instance.status
        task.save(update_fields=["status", "due_date"])
