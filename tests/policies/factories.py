"""factory-boy builders for policy-library content.

Pages are created through the same services staff and imports use (`policies.services`), so a
built document has its 索引号, citations and validity history exactly as in production.
"""

import factory

from policies.models import (
    InterpretationIndexPage,
    InterpretationPage,
    IssuingAuthority,
    PolicyDocumentPage,
    PolicyIndexPage,
)
from policies.services.authoring import interpretation_create, policy_document_create


class IssuingAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingAuthority
        django_get_or_create = ("name",)

    name = "国家税务总局"
    code = "11100000000013239N"


class PolicyDocumentFactory(factory.Factory):
    """A published 政策文件 of 国家税务总局 unless told otherwise (`publish=False` for a draft)."""

    class Meta:
        model = PolicyDocumentPage

    parent = factory.LazyFunction(PolicyIndexPage.objects.get)
    title = factory.Sequence(lambda n: f"测试文件{n}")
    authorities = factory.LazyFunction(lambda: [IssuingAuthorityFactory()])

    @classmethod
    def _create(cls, model_class, **kwargs) -> PolicyDocumentPage:
        return policy_document_create(**kwargs)


class InterpretationFactory(factory.Factory):
    """An approved 文字解读, left as a draft so it goes live with its document (三同步)."""

    class Meta:
        model = InterpretationPage

    parent = factory.LazyFunction(InterpretationIndexPage.objects.get)
    title = factory.Sequence(lambda n: f"测试解读{n}")
    documents = factory.LazyFunction(list)
    body_text = "解读正文"

    @classmethod
    def _create(cls, model_class, **kwargs) -> InterpretationPage:
        return interpretation_create(**kwargs)


def editor_adds_document(client, **fields: str):
    """POST Wagtail's add-page form for a document (no body or attachments) under the 政策文件
    column, as the editor sends it; `fields` are the form's values, e.g. `action-publish`."""
    data = {
        "level": "normative",
        "validity": "valid",
        "topic": "finance/tax",
        "body-count": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        **fields,
    }
    column = PolicyIndexPage.objects.get()
    return client.post(f"/admin/pages/add/policies/policydocumentpage/{column.pk}/", data)


# The names other capabilities' tests (search, page cache, annual report, consultation) use.
make_document = PolicyDocumentFactory
make_interpretation = InterpretationFactory
