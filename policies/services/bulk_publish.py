"""Create and publish many new pages under one parent with a few statements per batch.

`parent.add_child()` + `save_revision()` + `revision.publish()` costs about a hundred queries per
page (tree locking, three saves, task-queued reference and search updates, log entries,
receivers), which caps a bulk import near ten pages a second. This module writes the same rows
that sequence writes — tree path, url_path, the specific table, many-to-many rows, one revision
holding the pre-publication state, `wagtail.create` and `wagtail.publish` log entries, live and
publication timestamps, the parent's child count — in batches, and then runs the policy library's
publish follow-ups (citations, validity history, search index) in bulk. Tests compare the result
with the page-by-page path row by row.

Only brand-new pages without child-relation objects (attachments, comments) are supported: that
is all a bulk import creates.
"""

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from search.backends import get_backend
from search.indexing import update_object
from search.registry import IndexDocument, registration_for

BATCH_SIZE = 500


def pages_bulk_publish(
    *,
    parent: Page,
    pages: Sequence[Page],
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[list[Page]], None] | None = None,
) -> None:
    """Add `pages` (new, unsaved, all of one specific type) as the last children of `parent` and
    publish them, as `add_child` + `save_revision` + `revision.publish()` would.

    Wagtail's `page_published` signal is not sent; `on_batch` receives each saved batch so the
    caller can do in bulk what its receivers do page by page. Must run inside a transaction.
    """
    if not pages:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("pages_bulk_publish() must run inside transaction.atomic()")
    model = type(pages[0])
    if any(type(page) is not model or page.pk is not None for page in pages):
        raise ValueError("pages_bulk_publish() takes new pages of one type per call")
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    _make_slugs_unique(parent, pages)
    last = parent.get_last_child()
    next_step = last._get_lastpos_in_path() + 1 if last else 1
    depth = parent.depth + 1
    content_type = ContentType.objects.get_for_model(model)
    page_type = ContentType.objects.get_for_model(Page)
    for start in range(0, len(pages), batch_size):
        batch = list(pages[start : start + batch_size])
        for offset, page in enumerate(batch):
            _place(page, parent=parent, depth=depth, step=next_step + start + offset)
        _insert_batch(model, batch, content_type=content_type, page_type=page_type)
        if on_batch:
            on_batch(batch)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def _make_slugs_unique(parent: Page, pages: Sequence[Page]) -> None:
    """Siblings need distinct slugs (add_child's full_clean checks one page at a time); a clash
    gets a numeric suffix, as Wagtail does for slugs it generates."""
    taken = set(parent.get_children().values_list("slug", flat=True))
    for page in pages:
        slug, suffix = page.slug, 1
        while slug in taken:
            suffix += 1
            slug = f"{page.slug}-{suffix}"
        page.slug = slug
        taken.add(slug)


def _place(page: Page, *, parent: Page, depth: int, step: int) -> None:
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        if getattr(page, name).all():
            raise ValueError(f"pages_bulk_publish() cannot write child objects ({name})")
        # Keep the (empty) child lists in memory so serialising the page asks no queries.
        setattr(page, name, [])
    key = Page._int2str(step)
    if len(key) > Page.steplen:
        raise PathOverflow(f"Path overflow under {parent.path}")
    page.path = Page._get_path(parent.path, depth, step)
    page.depth = depth
    page.numchild = 0
    page.locale_id = parent.locale_id
    page.draft_title = page.title
    page.url_path = f"{parent.url_path}{page.slug}/"
    page.live = False
    page.has_unpublished_changes = False
    if not page.translation_key:
        page.translation_key = uuid.uuid4()


def _insert_batch(model, batch: list[Page], *, content_type, page_type) -> None:
    created_at = timezone.now()
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    rows = [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in batch]
    for row in rows:
        row.content_type_id = content_type.pk
    Page.objects.bulk_create(rows)
    for page, row in zip(batch, rows, strict=True):
        page.id = page.pk = row.pk
        for link in model._meta.parents.values():
            setattr(page, link.attname, row.pk)
        page._state.adding = False
        page._state.db = row._state.db
    _insert_specific_rows(model, batch)
    _insert_m2m_rows(model, batch)

    # The revision holds the page as save_revision() saw it: saved, not yet live.
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=content_type.pk,
                base_content_type_id=page_type.pk,
                object_id=str(page.pk),
                user=None,
                approved_go_live_at=None,
                content=page.serializable_data(),
                object_str=str(page),
                created_at=created_at,
            )
            for page in batch
        ]
    )
    published_at = timezone.now()
    pks = [page.pk for page in batch]
    revision_id = Subquery(
        Revision.objects.filter(
            base_content_type_id=page_type.pk,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        ).values("pk")[:1]
    )
    Page.objects.filter(pk__in=pks).update(
        live=True,
        has_unpublished_changes=False,
        first_published_at=published_at,
        last_published_at=published_at,
        latest_revision_created_at=created_at,
        latest_revision_id=revision_id,
        live_revision_id=revision_id,
    )
    for page, revision in zip(batch, revisions, strict=True):
        page.live = True
        page.first_published_at = page.last_published_at = published_at
        page.latest_revision_created_at = created_at
        # ids only: a revision object holds the whole serialised page, too much to keep for
        # tens of thousands of pages
        page.latest_revision_id = page.live_revision_id = revision.pk
    PageLogEntry.objects.bulk_create(
        entry
        for page in batch
        for entry in (
            _log(page, "wagtail.create", content_type, created_at, revision_id=None),
            _log(page, "wagtail.publish", content_type, published_at, page.live_revision_id),
        )
    )
    del revisions
    for page in batch:
        if any(True for _ in ReferenceIndex._extract_references_from_object(page)):
            ReferenceIndex.create_or_update_for_object(page)


def _log(
    page: Page, action: str, content_type, timestamp: datetime, revision_id: int | None
) -> PageLogEntry:
    return PageLogEntry(
        content_type_id=content_type.pk,
        label=page.get_admin_display_title(),
        action=action,
        timestamp=timestamp,
        data={},
        page_id=page.pk,
        revision_id=revision_id,
        content_changed=True,
    )


def _insert_specific_rows(model, batch: list[Page]) -> None:
    """Rows of every table between Page and `model` (multi-table inheritance).

    Django's bulk_create refuses multi-table models, so each subclass table is inserted with the
    query-level insert bulk_create itself uses, in batches the database accepts.
    """
    chain = [m for m in reversed(model._meta.get_parent_list()) if m is not Page] + [model]
    for klass in chain:
        fields = list(klass._meta.local_concrete_fields)
        size = connection.ops.bulk_batch_size(fields, batch) or len(batch)
        for start in range(0, len(batch), size):
            klass._base_manager._insert(batch[start : start + size], fields=fields)


def _insert_m2m_rows(model, batch: list[Page]) -> None:
    for field in model._meta.get_fields():
        if not isinstance(field, ParentalManyToManyField):
            continue
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        rows = [
            through(**{f"{source}_id": page.pk, f"{target}_id": related.pk})
            for page in batch
            for related in getattr(page, field.name).all()
        ]
        through.objects.bulk_create(rows)


def index_documents(pages: Sequence[models.Model]) -> int:
    """Put live public pages into the site search index in one backend call per batch.

    A backend failure falls back to `search.indexing.update_object`, which queues each page for
    the retry that `manage.py search_index update` runs.
    """
    documents: list[IndexDocument] = []
    for page in pages:
        registration = registration_for(type(page))
        document = registration.to_document(page) if registration else None
        if document is not None:
            documents.append(document)
    if not documents:
        return 0
    try:
        return get_backend().index(documents)
    except Exception:  # noqa: BLE001 - any backend fault is queued per page for retry
        for page in pages:
            update_object(page)
        return 0
