"""Registers the policy library's page types with the one search index."""

from cms.models.policy import VALIDITY_CHOICES, InterpretationPage, PolicyDocumentPage
from search.registry import IndexDocument, document_key, register

VALIDITY_LABELS = dict(VALIDITY_CHOICES)


def policy_to_document(page: PolicyDocumentPage) -> IndexDocument | None:
    from cms.models.policy import TOPIC_CHOICES
    from cms.services.policies import body_text

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
    from cms.services.policies import body_text

    if not page.live:
        return None
    return IndexDocument(
        key=document_key(page),
        content_type="interpretation",
        title=page.title,
        body=body_text(page),
        url=page.url or "",
        publish_date=page.publish_date
        or (page.first_published_at and page.first_published_at.date()),
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
