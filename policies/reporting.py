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
    written_date: date | None  # 成文日期; the document's date when it has no 发布日期
    authorities: tuple[str, ...]  # 发文机关 names; several for 联合发文
    validity: str  # current 有效性 code ("valid", "repealed", ...)
    validity_label: str  # its Chinese label, e.g. 全文有效
    # (changed_on, validity code), by date then in the order recorded; changed_on is None for
    # the original entry of a document that gives no date (日期不详)
    history: tuple[tuple[date | None, str], ...]


def policy_records(*, levels: Iterable[str]) -> list[PolicyRecord]:
    """Live documents of the given levels with their validity history."""
    documents = (
        PolicyDocumentPage.objects.live()
        .filter(level__in=list(levels))
        .prefetch_related("validity_changes", "authorities")
        .order_by("pk")
    )
    return [_record(document) for document in documents]


def policy_records_by_id(page_ids: Iterable[int]) -> list[PolicyRecord]:
    """The records of these documents, in the order of `page_ids` (drill-down lists)."""
    ids = list(page_ids)
    pages = PolicyDocumentPage.objects.prefetch_related("validity_changes", "authorities").in_bulk(
        ids
    )
    return [_record(pages[page_id]) for page_id in ids if page_id in pages]


def _record(document: PolicyDocumentPage) -> PolicyRecord:
    return PolicyRecord(
        page_id=document.pk,
        title=document.title,
        doc_number=document.doc_number,
        level=document.level,
        publish_date=document.publish_date,
        written_date=document.written_date,
        authorities=tuple(authority.name for authority in document.authorities.all()),
        validity=document.validity,
        validity_label=document.get_validity_display(),
        history=tuple(
            (change.changed_on, change.validity) for change in document.validity_changes.all()
        ),
    )
