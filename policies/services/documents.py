"""Rules of the policy library: 三同步, unique 发文字号, 索引号, citations, validity history."""

from datetime import date

from django.db import transaction

from policies.doc_numbers import find_doc_numbers
from policies.models import (
    VALIDITY_CHOICES,
    Citation,
    InterpretationPage,
    PolicyDocumentPage,
    ValidityChange,
)
from portal.errors import RuleViolation

DEFAULT_AGENCY_CODE = "000000000"


def doc_number_conflict(number: str, *, exclude_pk: int | None = None) -> PolicyDocumentPage | None:
    """Another live document already carrying this canonical number, if any."""
    queryset = PolicyDocumentPage.objects.live().filter(doc_number=number)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.first()


def ready_interpretations(document: PolicyDocumentPage) -> list[InterpretationPage]:
    """Interpretations of this document that are live or approved for release with it."""
    if not document.pk:
        return []
    ready = []
    for interpretation in InterpretationPage.objects.all():
        latest = interpretation.get_latest_revision_as_object()
        linked = {doc.pk for doc in latest.documents.all()}
        if document.pk in linked and (interpretation.live or latest.approved_for_release):
            ready.append(interpretation)
    return ready


def missing_interpretation_message(document: PolicyDocumentPage) -> str | None:
    if ready_interpretations(document):
        return None
    return (
        f"《{document.title or '本文件'}》标记为“需要解读”，但还没有已审定的政策解读（三同步）。"
        "请先在“政策解读”栏目创建解读、关联本文件并勾选“解读已审定”，再发布本文件。"
    )


def check_publishable(document: PolicyDocumentPage) -> None:
    """RuleViolation naming what is missing when the document may not go live yet."""
    if document.needs_interpretation:
        message = missing_interpretation_message(document)
        if message:
            raise RuleViolation(message)
    if document.doc_number:
        conflict = doc_number_conflict(document.doc_number, exclude_pk=document.pk)
        if conflict:
            raise RuleViolation(f"发文字号 {document.doc_number} 已被《{conflict.title}》使用。")
    problems = validity_change_problems(
        document=document,
        validity=document.validity,
        since=document.validity_since,
        basis=document.validity_basis,
        note=document.validity_note,
    )
    if problems:
        raise RuleViolation("；".join(problems.values()))


def publish_companion_interpretations(document: PolicyDocumentPage, user=None) -> list:
    """Publish, in the same transaction, every approved interpretation not yet live."""
    published = []
    for interpretation in ready_interpretations(document):
        latest = interpretation.get_latest_revision()
        if latest and (not interpretation.live or interpretation.has_unpublished_changes):
            latest.publish(user=user)
            published.append(interpretation)
    return published


def policy_document_assign_index_number(*, document: PolicyDocumentPage) -> None:
    """Give a new document its 索引号 (agency code / year - five-digit serial, unique across the
    library) once it has a date of its own; one that has a number keeps it. Every path that creates
    documents calls this: `policy_document_create`, the editor's page form and, through the
    allocator below, the bulk import."""
    if not document.index_number:
        document.index_number = IndexNumberAllocator().next_for(document)


class IndexNumberAllocator:
    """Hands out 索引号 serials per agency code and year, reading each prefix's taken numbers
    once, so a bulk import numbers thousands of documents exactly as one-by-one saves would.

    The year is the document's own (发布日期, else 成文日期). A document that gives neither gets
    no number yet ("" ) rather than the year it happened to be entered; it is numbered on the
    first save that has a date."""

    def __init__(self) -> None:
        self._taken: dict[str, set[str]] = {}

    def next_for(self, document: PolicyDocumentPage) -> str:
        code = DEFAULT_AGENCY_CODE
        try:
            authorities = list(document.authorities.all())
        except ValueError:
            authorities = []
        for authority in authorities:
            if authority.code:
                code = authority.code
                break
        if document.own_date is None:
            return ""
        year = document.own_date.year
        prefix = f"{code}/{year}-"
        taken = self._taken.get(prefix)
        if taken is None:
            taken = self._taken[prefix] = set(
                PolicyDocumentPage.objects.filter(index_number__startswith=prefix).values_list(
                    "index_number", flat=True
                )
            )
        serial = len(taken) + 1
        while f"{prefix}{serial:05d}" in taken:
            serial += 1
        number = f"{prefix}{serial:05d}"
        taken.add(number)
        return number


def body_text(page) -> str:
    """Plain text of a page's summary and StreamField body, for citations and search."""
    from django.utils.html import strip_tags

    parts = [getattr(page, "summary", "") or ""]
    body = getattr(page, "body", None)
    if body is not None:
        for block in body:
            parts.append(_block_text(block.value))
    return strip_tags("\n".join(part for part in parts if part))


# Struct fields that only choose presentation (a heading's "h2"): not words anyone reads.
_PRESENTATION_FIELDS = frozenset({"level"})


def _block_text(value) -> str:
    if hasattr(value, "source"):  # RichText
        return value.source
    if isinstance(value, dict):
        if "data" in value:  # table
            return "\n".join(" ".join(str(c or "") for c in row) for row in value.get("data") or [])
        return "\n".join(_block_text(v) for k, v in value.items() if k not in _PRESENTATION_FIELDS)
    if isinstance(value, list | tuple):
        return "\n".join(_block_text(v) for v in value)
    return str(value) if isinstance(value, str) else ""


def cited_numbers(page) -> list[str]:
    """Canonical 发文字号 the page's text mentions, once each, in order, except its own."""
    own = getattr(page, "doc_number", "")
    numbers = [n.canonical for n in find_doc_numbers(body_text(page)) if n.canonical != own]
    return list(dict.fromkeys(numbers))


@transaction.atomic
def sync_citations(page) -> list[str]:
    """Record every 发文字号 the page's text mentions (except its own)."""
    numbers = cited_numbers(page)
    Citation.objects.filter(citing=page).exclude(cited_number__in=numbers).delete()
    for number in numbers:
        Citation.objects.get_or_create(citing_id=page.pk, cited_number=number)
    return numbers


def citations_bulk_record(pages: list) -> None:
    """`sync_citations` for many newly published pages (which have no citations yet)."""
    Citation.objects.bulk_create(
        Citation(citing_id=page.pk, cited_number=number)
        for page in pages
        for number in cited_numbers(page)
    )


def validity_history_bulk_start(documents: list[PolicyDocumentPage]) -> None:
    """The first history entry of newly published documents, as `validity_history_record`
    writes it."""
    ValidityChange.objects.bulk_create(_first_entry(document) for document in documents)


def _first_entry(document: PolicyDocumentPage) -> ValidityChange:
    """The document's 有效性 as first published, from the date it names (else its own date;
    日期不详 when it gives none — never the day it was entered)."""
    return ValidityChange(
        document_id=document.pk,
        validity=document.validity,
        changed_on=document.validity_since or document.own_date,
        note=document.validity_note,
        caused_by_id=document.validity_basis_id,
    )


def last_validity_change(document: PolicyDocumentPage) -> ValidityChange | None:
    """The latest entry of the history: by date, then in the order recorded."""
    if not document.pk:
        return None
    return document.validity_changes.last()


def validity_change_problems(
    *,
    document: PolicyDocumentPage,
    validity: str,
    since: date | None,
    basis: PolicyDocumentPage | None,
    note: str,
) -> dict[str, str]:
    """{field: Chinese message} for a change of 有效性 that lacks its date or its cause.

    A change needs the day it took effect and what caused it: the later document (e.g. the
    announcement listing repealed documents) or, when there is none, a written reason. Without
    them the history would date the change with the document's own date, and the annual report
    would count it in the wrong year. The cause of the previous entry cannot be reused: a
    second change reusing it is a form left as it was, not a new decision."""
    last = last_validity_change(document)
    if last is None or last.validity == validity:
        return {}
    labels = dict(VALIDITY_CHOICES)
    change = f"有效性由“{labels.get(last.validity, last.validity)}”改为“{labels.get(validity)}”"
    problems = {}
    if since is None:
        problems["validity_since"] = f"{change}，请填写变更日期（自哪一天起）。"
    elif last.changed_on and since < last.changed_on:
        problems["validity_since"] = (
            f"变更日期不能早于上一次有效性变更的日期（{last.changed_on:%Y年%-m月%-d日}）。"
        )
    elif document.own_date and since < document.own_date:
        problems["validity_since"] = (
            f"变更日期不能早于文件本身的日期（{document.own_date:%Y年%-m月%-d日}）。"
        )
    if basis is None and not (note or "").strip():
        problems["validity_note"] = f"{change}，请选择导致变更的依据文件，或填写变更原因。"
    elif (since, basis.pk if basis else None, (note or "").strip()) == (
        last.changed_on,
        last.caused_by_id,
        last.note.strip(),
    ):
        problems["validity_since"] = (
            f"{change}，但变更日期和原因与上一次变更相同。请填写本次变更的日期和原因。"
        )
    return problems


def validity_history_record(document: PolicyDocumentPage) -> ValidityChange | None:
    """Append the published 有效性 to the history when it differs from the last entry (the
    first publication records the original); dated and caused as the document says."""
    last = last_validity_change(document)
    if last is not None and last.validity == document.validity:
        return None
    if last is None:
        change = _first_entry(document)
    else:
        problems = validity_change_problems(
            document=document,
            validity=document.validity,
            since=document.validity_since,
            basis=document.validity_basis,
            note=document.validity_note,
        )
        if problems:
            raise RuleViolation("；".join(problems.values()))
        change = ValidityChange(
            document_id=document.pk,
            validity=document.validity,
            changed_on=document.validity_since,
            note=document.validity_note,
            caused_by_id=document.validity_basis_id,
        )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def policy_document_change_validity(
    *,
    document: PolicyDocumentPage,
    validity: str,
    changed_on: date,
    caused_by: PolicyDocumentPage | None = None,
    note: str = "",
    user=None,
) -> ValidityChange | None:
    """Change a live document's 有效性 through a new published revision and record why: the
    date it took effect and the later document that caused it, or a reason."""
    problems = validity_change_problems(
        document=document, validity=validity, since=changed_on, basis=caused_by, note=note
    )
    if problems:
        raise RuleViolation("；".join(problems.values()))
    document.validity = validity
    document.validity_since = changed_on
    document.validity_basis = caused_by
    document.validity_note = note
    revision = document.save_revision(user=user)
    revision.publish(user=user)
    return last_validity_change(document)
