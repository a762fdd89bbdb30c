"""What the annual report reads from the policy library: one frozen record per document.

This module is the library's whole contract with `annual_report` (表二 规章/行政规范性文件):
the report never touches page models, so the library may change its storage freely as long as
these records keep their meaning.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from policies.models import PolicyDocumentPage


@dataclass(frozen=True)
class PolicyRecord:
    page_id: int  # the document page's id; the admin edit link is built from it
    title: str
    doc_number: str  # canonical 发文字号, "" when the document has none
    level: str  # "rule" 部门规章, "normative" 行政规范性文件, "other"
    publish_date: date | None  # 发布日期 as staff entered it; None when unknown
    validity: str  # current 有效性 code ("valid", "repealed", ...)
    validity_label: str  # its Chinese label, e.g. 全文有效
    history: tuple[tuple[date, str], ...]  # (changed_on, validity code), oldest first


def policy_records(*, levels: Iterable[str]) -> list[PolicyRecord]:
    """Live documents of the given levels with their validity history."""
    documents = (
        PolicyDocumentPage.objects.live()
        .filter(level__in=list(levels))
        .prefetch_related("validity_changes")
        .order_by("pk")
    )
    return [_record(document) for document in documents]


def policy_records_by_id(page_ids: Iterable[int]) -> list[PolicyRecord]:
    """The records of these documents, in the order of `page_ids` (drill-down lists)."""
    ids = list(page_ids)
    pages = PolicyDocumentPage.objects.prefetch_related("validity_changes").in_bulk(ids)
    return [_record(pages[page_id]) for page_id in ids if page_id in pages]


def _record(document: PolicyDocumentPage) -> PolicyRecord:
    return PolicyRecord(
        page_id=document.pk,
        title=document.title,
        doc_number=document.doc_number,
        level=document.level,
        publish_date=document.publish_date,
        validity=document.validity,
        validity_label=document.get_validity_display(),
        history=tuple(
            (change.changed_on, change.validity) for change in document.validity_changes.all()
        ),
    )
