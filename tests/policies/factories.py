"""Builders for policy-library content through the same services staff and imports use."""

from policies.models import InterpretationIndexPage, PolicyIndexPage
from policies.services.authoring import (
    authorities_by_name,
    interpretation_create,
    policy_document_create,
)


def make_document(**kwargs):
    kwargs.setdefault("parent", PolicyIndexPage.objects.get())
    kwargs.setdefault("title", "测试文件")
    kwargs.setdefault(
        "authorities", authorities_by_name(["国家税务总局"], {"国家税务总局": "11100000000013239N"})
    )
    return policy_document_create(**kwargs)


def make_interpretation(**kwargs):
    kwargs.setdefault("parent", InterpretationIndexPage.objects.get())
    kwargs.setdefault("title", "测试解读")
    kwargs.setdefault("body_text", "解读正文")
    return interpretation_create(**kwargs)
