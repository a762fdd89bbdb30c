"""Keeps the search index in step with live content; failures are queued and retried."""

import logging
from collections.abc import Callable, Iterator

from django.apps import apps
from django.db import models

from search.backends import get_backend
from search.models import PendingIndexUpdate
from search.registry import IndexDocument, document_key, registration_for, registrations

logger = logging.getLogger(__name__)
CATCH_UP_BATCH = 20


def _document_for(instance: models.Model) -> IndexDocument | None:
    registration = registration_for(type(instance))
    if registration is None:
        return None
    specific = getattr(instance, "specific", instance)
    if getattr(specific, "live", True) is False:
        return None
    if hasattr(specific, "get_view_restrictions") and specific.get_view_restrictions().exists():
        return None
    return registration.to_document(specific)


def update_object(instance: models.Model) -> None:
    """Index a live public object, or remove it when it is not (never raises)."""
    key = document_key(instance)
    try:
        document = _document_for(instance)
        if document is None:
            get_backend().delete([key])
        else:
            get_backend().index([document])
    except Exception as error:  # noqa: BLE001 - any backend fault is queued for retry
        _queue(instance, PendingIndexUpdate.ACTION_INDEX, error)
        return
    PendingIndexUpdate.objects.filter(key=key).delete()
    _catch_up()


def _catch_up() -> None:
    """The backend just answered: replay a few queued updates so the backlog drains by itself.

    `search_index update` (e.g. from cron) replays the whole backlog; this only keeps a
    recovered backend from waiting for it.
    """
    if PendingIndexUpdate.objects.exists():
        retry_pending(limit=CATCH_UP_BATCH)


def remove_object(instance: models.Model) -> None:
    key = document_key(instance)
    try:
        get_backend().delete([key])
    except Exception as error:  # noqa: BLE001
        _queue(instance, PendingIndexUpdate.ACTION_DELETE, error)
        return
    PendingIndexUpdate.objects.filter(key=key).delete()
    _catch_up()


def _queue(instance: models.Model, action: str, error: Exception) -> None:
    logger.warning("Search index update failed for %s: %s", document_key(instance), error)
    pending, _ = PendingIndexUpdate.objects.get_or_create(
        key=document_key(instance),
        defaults={
            "model_label": instance._meta.label,
            "object_id": str(instance.pk),
            "action": action,
        },
    )
    pending.action = action
    pending.attempts += 1
    pending.last_error = f"{error.__class__.__name__}: {error}"[:300]
    pending.save()


def retry_pending(limit: int | None = None) -> tuple[int, int]:
    """Replay queued updates (oldest first, at most `limit`); returns (done, still failing)."""
    done = failed = 0
    for pending in list(PendingIndexUpdate.objects.order_by("pk")[:limit]):
        model = apps.get_model(pending.model_label)
        instance = model._default_manager.filter(pk=pending.object_id).first()
        try:
            if instance is None or pending.action == PendingIndexUpdate.ACTION_DELETE:
                get_backend().delete([pending.key])
            else:
                document = _document_for(instance)
                if document is None:
                    get_backend().delete([pending.key])
                else:
                    get_backend().index([document])
        except Exception as error:  # noqa: BLE001
            pending.attempts += 1
            pending.last_error = f"{error.__class__.__name__}: {error}"[:300]
            pending.save()
            failed += 1
        else:
            pending.delete()
            done += 1
    return done, failed


def all_documents() -> Iterator[IndexDocument]:
    for registration in registrations():
        for instance in registration.queryset():
            document = _document_for(instance)
            if document is not None:
                yield document


def count_documents() -> int:
    return sum(len(list(r.queryset())) for r in registrations())


def rebuild(progress: Callable[[int], None] | None = None, batch_size: int = 500) -> int:
    """Replace the whole index with every live public object of every registered type."""
    backend = get_backend()
    if hasattr(backend, "rebuild"):
        return backend.rebuild(all_documents(), progress=progress)
    backend.clear()
    total, batch = 0, []
    for document in all_documents():
        batch.append(document)
        if len(batch) >= batch_size:
            total += backend.index(batch)
            progress and progress(len(batch))
            batch = []
    if batch:
        total += backend.index(batch)
        progress and progress(len(batch))
    return total
