"""Bulk import of policy documents from CSV, XLSX or JSONL: validate every row, then all or nothing.

The portal's import runner (`portal.spreadsheets.imports`) reads the file and validates every
row with the django-import-export resources in `policies.resources` (documented columns there);
rows with `interpretation_of` become 政策解读 of the documents they name. Only when no row has a
problem does the runner call the write step here: the bulk publisher
(`policies.services.bulk_publish`) writes the pages in the runner's transaction and indexes them
for search batch by batch.
"""

from collections.abc import Callable
from pathlib import Path

from django.db import reset_queries, transaction

from cms.page_cache import page_cache_invalidate
from policies.models import (
    InterpretationIndexPage,
    InterpretationPage,
    IssuingAuthority,
    PolicyDocumentPage,
    PolicyIndexPage,
)
from policies.resources import COLUMNS, InterpretationResource, PolicyDocumentResource
from policies.services.bulk_publish import BATCH_SIZE, index_documents, pages_bulk_publish
from policies.services.documents import (
    IndexNumberAllocator,
    citations_bulk_record,
    validity_history_bulk_start,
)
from portal.spreadsheets.imports import ImportReport, import_spreadsheet, read_spreadsheet_path
from search.backends import get_backend
from search.registry import document_key

FORMATS = ("csv", "xlsx", "jsonl")
LABEL = "政策文件"


def import_policies(
    path: Path,
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    started: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate the whole file; import nothing if any row is bad, everything otherwise.

    ImportFileError when the file cannot be read at all. `started(n)` is called once the file is
    valid, with the number of pages about to be written; `progress(k)` after each batch of k
    pages is written and indexed.
    """
    rows = read_spreadsheet_path(path, formats=FORMATS, columns=COLUMNS)
    interpretation_rows, document_rows = rows.split("interpretation_of")
    documents = PolicyDocumentResource(
        authorities={a.name: a for a in IssuingAuthority.objects.all()},
        taken_numbers=set(
            PolicyDocumentPage.objects.live()
            .exclude(doc_number="")
            .values_list("doc_number", flat=True)
        ),
    )
    interpretations = InterpretationResource(file_documents=documents)

    def write() -> int:
        # The file's text is in the pages now; free it before writing thousands of them.
        for sheet in (rows, document_rows, interpretation_rows):
            sheet.dataset.wipe()
        if started:
            started(len(documents.pending) + len(interpretations.pending))
        return _write(documents, interpretations, progress=progress)

    return import_spreadsheet(
        rows,
        [(documents, document_rows), (interpretations, interpretation_rows)],
        label=LABEL,
        dry_run=dry_run,
        required_columns=["title"],
        write=write,
    )


def _write(
    documents: PolicyDocumentResource,
    interpretations: InterpretationResource,
    *,
    progress: Callable[[int], None] | None,
) -> int:
    indexed: list[str] = []

    def after_documents(batch: list[PolicyDocumentPage]) -> None:
        citations_bulk_record(batch)
        validity_history_bulk_start(batch)
        _index(batch)

    def after_interpretations(batch: list[InterpretationPage]) -> None:
        citations_bulk_record(batch)
        _index(batch)

    def _index(batch: list) -> None:
        index_documents(batch)
        indexed.extend(document_key(page) for page in batch)
        for page in batch:
            # written and indexed: only the page's identity is needed from here on
            page.body = None
        reset_queries()  # with DEBUG on, Django would keep every bulk statement's SQL
        if progress:
            progress(len(batch))

    # Runs inside the import runner's transaction; the page cache is cleared once it commits.
    try:
        for authority in documents.authorities.values():
            if authority.pk is None:
                authority.save()
        allocator = IndexNumberAllocator()
        for page in documents.pending:
            page.index_number = allocator.next_for(page)
        pages_bulk_publish(
            parent=PolicyIndexPage.objects.get(),
            pages=documents.pending,
            batch_size=BATCH_SIZE,
            on_batch=after_documents,
        )
        pages_bulk_publish(
            parent=InterpretationIndexPage.objects.get(),
            pages=interpretations.pending,
            batch_size=BATCH_SIZE,
            on_batch=after_interpretations,
        )
        transaction.on_commit(page_cache_invalidate)
    except Exception:
        # The database rolls back; take back what was already put into the search index.
        if indexed:
            get_backend().delete(indexed)
        raise
    return len(documents.pending) + len(interpretations.pending)
