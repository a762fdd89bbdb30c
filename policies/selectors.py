"""Read-side queries of the policy library, shared by pages, the open-data API and the feed."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict

from policies.filters import PolicyFilter
from policies.models import (
    LEVEL_CHOICES,
    TOPIC_CHOICES,
    VALIDITY_CHOICES,
    Citation,
    IssuingAuthority,
    PolicyDocumentPage,
)
from portal.filtering import FilterResult, apply_filters


@dataclass
class CitedDocument:
    number: str
    document: PolicyDocumentPage | None

    @property
    def is_dead(self) -> bool:
        return bool(self.document and self.document.is_dead)


def live_documents() -> QuerySet[PolicyDocumentPage]:
    return PolicyDocumentPage.objects.live().public()


def policy_list(params: QueryDict | dict) -> FilterResult:
    """Live documents, newest first, by the library's filters (`policies.filters`)."""
    queryset = live_documents().prefetch_related("authorities").order_by("-publish_date", "-pk")
    return apply_filters(PolicyFilter, params, queryset)


def policy_filter_options() -> dict:
    years = sorted(
        {
            d.year
            for d in live_documents()
            .exclude(publish_date=None)
            .values_list("publish_date", flat=True)
        },
        reverse=True,
    )
    return {
        "authorities": list(IssuingAuthority.objects.values_list("name", flat=True)),
        "years": years,
        "validity": VALIDITY_CHOICES,
        "topic": TOPIC_CHOICES,
        "level": LEVEL_CHOICES,
    }


def cited_documents(page) -> list[CitedDocument]:
    numbers = list(
        Citation.objects.filter(citing_id=page.pk)
        .order_by("pk")
        .values_list("cited_number", flat=True)
    )
    found = {d.doc_number: d for d in live_documents().filter(doc_number__in=numbers)}
    return [CitedDocument(number, found.get(number)) for number in numbers]


def citing_pages(document: PolicyDocumentPage) -> list:
    if not document.doc_number:
        return []
    from wagtail.models import Page

    ids = Citation.objects.filter(cited_number=document.doc_number).values_list(
        "citing_id", flat=True
    )
    return list(Page.objects.live().public().filter(pk__in=ids).specific())


def citation_context(page) -> dict:
    cites = cited_documents(page)
    return {"cites": cites, "dead_citations": [c for c in cites if c.is_dead]}


def document_detail_context(document: PolicyDocumentPage) -> dict:
    context = citation_context(document)
    context.update(
        {
            "interpretations": document.interpretations.live().public(),
            "cited_by": citing_pages(document),
            "validity_history": document.validity_changes.select_related("caused_by"),
            "attachments": document.attachments.select_related("document"),
        }
    )
    return context
