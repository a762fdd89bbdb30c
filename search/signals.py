"""Index on Wagtail publish / unpublish / move / delete, never on a draft save."""

from copy import copy

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import DraftStateMixin, Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.indexing import remove_object, update_object
from search.registry import registration_for


@receiver(page_published)
def _on_publish(sender, instance, **kwargs) -> None:
    if registration_for(type(instance)):
        update_object(instance)


@receiver(page_unpublished)
def _on_unpublish(sender, instance, **kwargs) -> None:
    if registration_for(type(instance)):
        remove_object(instance)


@receiver(post_page_move)
def _on_move(sender, instance, **kwargs) -> None:
    """A move changes URLs of the page and everything below it."""
    for page in Page.objects.descendant_of(instance, inclusive=True).live().specific():
        if registration_for(type(page)):
            update_object(page)


@receiver(post_delete)
def _on_delete(sender, instance, **kwargs) -> None:
    if registration_for(sender):
        key_holder = copy(instance)  # the pk is cleared once the delete finishes
        transaction.on_commit(lambda: remove_object(key_holder))


@receiver(post_save)
def _on_save(sender, instance, raw=False, **kwargs) -> None:
    """A non-page model's committed row is its public state (a reviewed snippet keeps its
    draft in a revision, so the stored row is read again). Waiting for the commit keeps
    rolled-back writes (a dry-run import, a failed file) out of the index."""
    if not raw and not isinstance(instance, Page) and registration_for(sender):
        transaction.on_commit(lambda: update_object(_as_stored(instance)))


def _as_stored(instance):
    if isinstance(instance, DraftStateMixin):
        return type(instance)._default_manager.filter(pk=instance.pk).first() or instance
    return instance
