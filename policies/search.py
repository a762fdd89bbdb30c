"""Registers the policy library's page types with the one search index."""

from policies.doc_numbers import AGENCY_ALIASES, parse_doc_number
from policies.models import VALIDITY_CHOICES, InterpretationPage, PolicyDocumentPage
from search.authorities import register_authority_aliases
from search.registry import (
    IndexDocument,
    document_key,
    register,
    register_doc_number_reader,
)

VALIDITY_LABELS = dict(VALIDITY_CHOICES)


def policy_to_document(page: PolicyDocumentPage) -> IndexDocument | None:
    from policies.models import TOPIC_CHOICES
    from policies.services.documents import body_text

    if not page.live:
        return None
    return IndexDocument(
        key=document_key(page),
        content_type="policy",
        title=page.title,
        body=body_text(page),
        url=page.url or "",
        doc_number=page.doc_number,
        authorities=[a.name for a in page.authorities.all()],
        publish_date=page.publish_date,
        validity=VALIDITY_LABELS.get(page.validity, ""),
        topics=[dict(TOPIC_CHOICES).get(page.topic, "")] if page.topic else [],
    )


def interpretation_to_document(page: InterpretationPage) -> IndexDocument | None:
    from policies.services.documents import body_text

    if not page.live:
        return None
    return IndexDocument(
        key=document_key(page),
        content_type="interpretation",
        title=page.title,
        body=body_text(page),
        url=page.url or "",
        publish_date=shown.on if (shown := page.shown_date()) else None,
    )


register(
    PolicyDocumentPage,
    content_type="policy",
    label="政策文件",
    to_document=policy_to_document,
    queryset=lambda: PolicyDocumentPage.objects.live().public().specific(),
)
register(
    InterpretationPage,
    content_type="interpretation",
    label="政策解读",
    to_document=interpretation_to_document,
    queryset=lambda: InterpretationPage.objects.live().public().specific(),
)


def query_doc_number(text: str) -> str:
    """A search query that is a 发文字号, in canonical form (the agency may be left out)."""
    number = parse_doc_number(text, allow_missing_agency=True)
    return number.canonical if number else ""


register_doc_number_reader(query_doc_number)
# The short agency names of 发文字号 rules also name the issuing body in facets.
register_authority_aliases(AGENCY_ALIASES)
