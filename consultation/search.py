"""Registers consultation pages with the one search index, so drafts are findable."""

from django.utils.html import strip_tags

from consultation.models import ConsultationPage
from consultation.rules import local
from consultation.selectors import draft_sections, published_feedback
from lists.organisations import organisation
from search.registry import IndexDocument, document_key, register


def consultation_to_document(page: ConsultationPage) -> IndexDocument | None:
    if not page.live:
        return None
    parts = [strip_tags(page.explanation or "")]
    for section in draft_sections(page):
        if section.kind == "chapter":
            parts.append(f"{section.value['number']} {section.value['title']}")
        elif section.article:
            parts.append(f"{section.article.number} {strip_tags(section.article.text.source)}")
        else:
            parts.append(strip_tags(getattr(section.value, "source", str(section.value))))
    feedback = published_feedback(page)
    if feedback:
        parts += ["意见采纳情况", feedback.summary, feedback.main_opinions]
    department = organisation(page.department_id)
    if department:
        parts.append(f"负责部门：{department.name}")
    return IndexDocument(
        key=document_key(page),
        content_type="consultation",
        title=page.title,
        body="\n".join(p for p in parts if p),
        url=page.url or "",
        authorities=[department.name] if department else [],
        publish_date=local(page.opens_at).date(),
    )


register(
    ConsultationPage,
    content_type="consultation",
    label="征求意见",
    to_document=consultation_to_document,
    queryset=lambda: ConsultationPage.objects.live().public().specific(),
)
