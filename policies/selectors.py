"""Read-side queries of the policy library, shared by pages, the open-data API and the feed."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import QueryDict

from policies.doc_numbers import parse_doc_number
from policies.models import (
    LEVEL_CHOICES,
    TOPIC_CHOICES,
    VALIDITY_CHOICES,
    Citation,
    IssuingAuthority,
    PolicyDocumentPage,
)
from policies.taxonomy import topic_and_subtopics


@dataclass
class CitedDocument:
    number: str
    document: PolicyDocumentPage | None

    @property
    def is_dead(self) -> bool:
        return bool(self.document and self.document.is_dead)


def live_documents() -> QuerySet[PolicyDocumentPage]:
    return PolicyDocumentPage.objects.live().public()


def policy_list(params: QueryDict | dict) -> tuple[QuerySet, dict, list[str]]:
    """Filter live documents by the library's filters; unknown values are reported, not fatal."""
    queryset = live_documents().prefetch_related("authorities").order_by("-publish_date", "-pk")
    filters: dict[str, str] = {}
    errors: list[str] = []
    get = params.get

    doc_number = (get("doc_number") or "").strip()
    if doc_number:
        parsed = parse_doc_number(doc_number, allow_missing_agency=True)
        if parsed is None:
            errors.append(f"无法识别的发文字号：{doc_number[:60]}")
        elif parsed.agency:
            queryset = queryset.filter(doc_number=parsed.canonical)
        else:
            queryset = queryset.filter(doc_number__endswith=parsed.canonical)
        filters["doc_number"] = doc_number
    authority = (get("authority") or "").strip()
    if authority:
        queryset = queryset.filter(authorities__name=authority).distinct()
        filters["authority"] = authority
    year = (get("year") or "").strip()
    if year:
        if year.isdigit() and 1949 <= int(year) <= 2100:
            queryset = queryset.filter(publish_date__year=int(year))
            filters["year"] = year
        else:
            errors.append(f"年份无效：{year[:10]}")
    for key, choices, field in (
        ("validity", VALIDITY_CHOICES, "validity"),
        ("topic", TOPIC_CHOICES, "topic"),
        ("level", LEVEL_CHOICES, "level"),
    ):
        value = (get(key) or "").strip()
        if not value:
            continue
        codes = {code for code, _ in choices}
        labels = {label: code for code, label in choices}
        code = value if value in codes else labels.get(value)
        if code:
            # a top 主题分类 also selects its subcategories
            codes_wanted = topic_and_subtopics(code) if key == "topic" else [code]
            queryset = queryset.filter(**{f"{field}__in": codes_wanted})
            filters[key] = code
        else:
            errors.append(f"未知的筛选值：{value[:30]}")
    for key, lookup in (("published_after", "gte"), ("published_before", "lte")):
        value = (get(key) or "").strip()
        if value:
            try:
                day = date.fromisoformat(value)
            except ValueError:
                errors.append(f"日期格式应为 YYYY-MM-DD：{value[:20]}")
            else:
                queryset = queryset.filter(**{f"publish_date__{lookup}": day})
                filters[key] = value
    return queryset, filters, errors


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
