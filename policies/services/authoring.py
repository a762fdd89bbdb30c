"""Create policy pages from plain text: used by the demo loader, tests and bulk import."""

from datetime import date

from django.db import transaction

from cms.services.authoring import new_slug, text_to_body
from policies.models import InterpretationPage, IssuingAuthority, PolicyDocumentPage
from policies.services.documents import policy_document_assign_index_number


def authorities_by_name(
    names: list[str], codes: dict[str, str] | None = None
) -> list[IssuingAuthority]:
    result = []
    for name in names:
        authority, _ = IssuingAuthority.objects.get_or_create(
            name=name, defaults={"code": (codes or {}).get(name, "")}
        )
        result.append(authority)
    return result


@transaction.atomic
def policy_document_create(
    *,
    parent,
    title: str,
    body_text: str = "",
    body: list[dict] | None = None,
    doc_number: str = "",
    authorities: list[IssuingAuthority] | None = None,
    written_date: date | None = None,
    publish_date: date | None = None,
    effective_date: date | None = None,
    level: str = "other",
    validity: str = "valid",
    topic: str = "finance/tax",
    needs_interpretation: bool = False,
    slug: str | None = None,
    publish: bool = True,
) -> PolicyDocumentPage:
    page = PolicyDocumentPage(
        title=title,
        slug=slug or new_slug("policy"),
        doc_number=doc_number,
        written_date=written_date,
        publish_date=publish_date,
        effective_date=effective_date,
        level=level,
        validity=validity,
        topic=topic,
        needs_interpretation=needs_interpretation,
        body=body if body is not None else text_to_body(body_text),
        live=False,
    )
    if authorities:
        page.authorities = authorities
    policy_document_assign_index_number(document=page)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


@transaction.atomic
def interpretation_create(
    *,
    parent,
    title: str,
    documents: list[PolicyDocumentPage],
    body_text: str,
    kind: str = "text",
    approved_for_release: bool = True,
    publish: bool = False,
    slug: str | None = None,
) -> InterpretationPage:
    page = InterpretationPage(
        title=title,
        slug=slug or new_slug("interpretation"),
        kind=kind,
        approved_for_release=approved_for_release,
        body=text_to_body(body_text),
        live=False,
    )
    page.documents = documents
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page
