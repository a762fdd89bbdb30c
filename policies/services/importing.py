"""Bulk import of policy documents from CSV, XLSX or JSONL: validate every row, then all or nothing.

Rows are read into one tablib dataset and validated by the django-import-export resources in
`policies.resources` (documented columns there). Rows with `interpretation_of` become 政策解读 of
the documents they name. Only when no row has a problem are the pages written, through the bulk
publisher (`policies.services.bulk_publish`) in one transaction, and indexed for search batch by
batch.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import ValidationError
from django.db import reset_queries, transaction

from cms.page_cache import page_cache_invalidate
from policies.doc_numbers import DocNumberError, normalize_doc_number
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
from search.backends import get_backend
from search.registry import document_key

SUFFIXES = (".csv", ".xlsx", ".jsonl")


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class _Rows:
    """The file as a dataset plus, for each data row, its line (JSONL) or row number (sheet)."""

    dataset: tablib.Dataset
    lines: list[int]
    errors: list[tuple[int, str]]


def read_rows(path: Path) -> _Rows:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"不支持的文件格式：{suffix}（支持 .csv、.xlsx、.jsonl）")
    if suffix == ".jsonl":
        return _read_jsonl(path)
    try:
        if suffix == ".csv":
            dataset = tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
        else:
            dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    except Exception as error:  # noqa: BLE001 - any parser fault means an unreadable file
        raise ValueError(
            f"文件内容无法解析为 {suffix[1:].upper()}（{error.__class__.__name__}）"
        ) from error
    headers = [str(h or "").strip() for h in dataset.headers or []]
    dataset.headers = headers
    return _Rows(dataset=dataset, lines=list(range(2, len(dataset) + 2)), errors=[])


def _read_jsonl(path: Path) -> _Rows:
    records, lines, errors = [], [], []
    keys: dict[str, None] = dict.fromkeys(COLUMNS)
    with path.open(encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                errors.append((number, f"不是有效的 JSON：{error.msg}"))
                continue
            if not isinstance(record, dict):
                errors.append((number, "每行应是一个 JSON 对象"))
                continue
            keys.update(dict.fromkeys(record))
            records.append(record)
            lines.append(number)
    headers = list(keys)
    dataset = tablib.Dataset(headers=headers)
    for record in records:
        dataset.append([_cell(record.get(key)) for key in headers])
    return _Rows(dataset=dataset, lines=lines, errors=errors)


def _cell(value):
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return value


def _split(rows: _Rows) -> tuple[tablib.Dataset, list[int], tablib.Dataset, list[int]]:
    """Documents and interpretations go to separate resources; each keeps its file lines."""
    headers = rows.dataset.headers
    documents, interpretations = tablib.Dataset(headers=headers), tablib.Dataset(headers=headers)
    document_lines, interpretation_lines = [], []
    position = headers.index("interpretation_of") if "interpretation_of" in headers else None
    for line, row in zip(rows.lines, rows.dataset, strict=True):
        if position is not None and str(row[position] or "").strip():
            interpretations.append(row)
            interpretation_lines.append(line)
        else:
            documents.append(row)
            document_lines.append(line)
    return documents, document_lines, interpretations, interpretation_lines


def _row_errors(result, lines: list[int]) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    for invalid in result.invalid_rows:
        line = lines[invalid.number - 1]
        for messages in invalid.error_dict.values():
            for message in messages:
                text = message.messages[0] if isinstance(message, ValidationError) else message
                problems.append((line, str(text)))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((lines[number - 1], f"无法处理：{error.error}"))
    for error in result.base_errors:
        problems.append((0, f"无法处理：{error.error}"))
    return problems


def import_policies(
    path: Path,
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    started: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate the whole file; import nothing if any row is bad, everything otherwise.

    `started(n)` is called once the file is valid, with the number of pages about to be written;
    `progress(k)` after each batch of k pages is written and indexed.
    """
    rows = read_rows(path)
    report = ImportReport(rows=len(rows.dataset) + len(rows.errors))
    problems = list(rows.errors)
    readable = "title" in (rows.dataset.headers or []) or not len(rows.dataset)
    if not readable:
        problems.append((1, "文件缺少 title 列"))
    documents_data, document_lines, interpretations_data, interpretation_lines = _split(rows)

    documents = PolicyDocumentResource(
        authorities={a.name: a for a in IssuingAuthority.objects.all()},
        taken_numbers=set(
            PolicyDocumentPage.objects.live()
            .exclude(doc_number="")
            .values_list("doc_number", flat=True)
        ),
    )
    if readable:
        result = documents.import_data(documents_data, dry_run=False, use_transactions=False)
        problems += _row_errors(result, document_lines)
    interpretations = InterpretationResource(
        documents=_citable_documents(documents, interpretations_data)
    )
    if readable and len(interpretations_data):
        result = interpretations.import_data(
            interpretations_data, dry_run=False, use_transactions=False
        )
        problems += _row_errors(result, interpretation_lines)

    report.errors = [
        f"第 {line} 行：{message}" if line else message for line, message in sorted(problems)
    ]
    if report.errors or dry_run:
        return report
    del rows, documents_data, interpretations_data
    if started:
        started(len(documents.pending) + len(interpretations.pending))
    report.created = _write(documents, interpretations, progress=progress)
    return report


def _citable_documents(
    documents: PolicyDocumentResource, interpretations_data: tablib.Dataset
) -> dict[str, PolicyDocumentPage]:
    """Documents the interpretation rows name: from the library (live first), else the file."""
    wanted = set()
    if len(interpretations_data):
        widget = InterpretationResource.fields["interpretation_of"].widget
        for cell in interpretations_data["interpretation_of"]:
            for raw in widget.clean(cell):
                try:
                    wanted.add(normalize_doc_number(raw))
                except DocNumberError:
                    continue
    found: dict[str, PolicyDocumentPage] = {}
    for page in PolicyDocumentPage.objects.filter(doc_number__in=wanted).order_by("-live", "pk"):
        found.setdefault(page.doc_number, page)
    return found | documents.file_numbers


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

    try:
        with transaction.atomic():
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
        page_cache_invalidate()
    except Exception:
        # The database rolled back; take back what was already put into the search index.
        if indexed:
            get_backend().delete(indexed)
        raise
    return len(documents.pending) + len(interpretations.pending)
