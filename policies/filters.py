"""Filters of the policy library, shared by the 政策文件 column and the open-data API.

Query parameters: doc_number (any typed variant of a whole 发文字号, matched exactly, or a part
of one: 税总发, 〔2014〕, 59号, 2014年59号, matched by prefix and part),
authority (发文机关 name), year (of 发布日期), validity / topic / level (code or Chinese label; a
top 主题分类 also selects its subcategories), published_after / published_before (发布日期, in
ISO or Chinese form).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from policies.doc_numbers import (
    DocNumber,
    DocNumberPart,
    doc_number_problem,
    parse_doc_number,
    parse_doc_number_part,
)
from policies.models import LEVEL_CHOICES, TOPIC_CHOICES, VALIDITY_CHOICES
from policies.taxonomy import topic_and_subtopics
from portal.filtering import CodeOrLabelFilter, DateTextFilter

FIRST_YEAR, LAST_YEAR = 1949, 2100
UNKNOWN_VALUE = "未知的筛选值：{value}"


PART_HINT = "也可只填其中一部分，如“税总发”“〔2014〕”“59号”“2014年59号”。"


class DocNumberField(forms.CharField):
    def to_python(self, value) -> DocNumber | DocNumberPart | None:
        text = super().to_python(value)
        if not text:
            return None
        parsed = parse_doc_number(text) or parse_doc_number_part(text)
        if parsed is None:
            raise ValidationError(doc_number_problem(text[:60]) + PART_HINT, code="invalid")
        return parsed


def _any(lookup: str, values: tuple[str, ...]) -> Q:
    condition = Q()
    for value in values:
        condition |= Q(**{lookup: value})
    return condition


class DocNumberFilter(django_filters.Filter):
    """A whole number matches exactly; a part (税总发, 〔2014〕, 59号, 〔2014〕59号) matches every
    number with that agency prefix, year and/or serial, in standard and 公告 forms alike."""

    field_class = DocNumberField

    def filter(self, qs: QuerySet, value: DocNumber | DocNumberPart | None) -> QuerySet:
        if value is None:
            return qs
        if isinstance(value, DocNumber):
            return qs.filter(doc_number=value.canonical)
        condition = _any("doc_number__contains", value.contains_any)
        condition &= _any("doc_number__endswith", value.ends_any)
        if value.prefix:
            condition &= Q(doc_number__startswith=value.prefix)
        return qs.filter(condition)


class YearField(forms.CharField):
    def to_python(self, value) -> int | None:
        text = super().to_python(value)
        if not text:
            return None
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
            raise ValidationError(f"年份无效：{text[:10]}", code="invalid")
        return int(text)


class YearFilter(django_filters.Filter):
    field_class = YearField


class PolicyFilter(django_filters.FilterSet):
    doc_number = DocNumberFilter()
    authority = django_filters.CharFilter(field_name="authorities__name", distinct=True)
    year = YearFilter(field_name="publish_date", lookup_expr="year")
    validity = CodeOrLabelFilter(
        field_name="validity", choices=VALIDITY_CHOICES, message=UNKNOWN_VALUE
    )
    topic = CodeOrLabelFilter(choices=TOPIC_CHOICES, message=UNKNOWN_VALUE, method="by_topic")
    level = CodeOrLabelFilter(field_name="level", choices=LEVEL_CHOICES, message=UNKNOWN_VALUE)
    published_after = DateTextFilter(field_name="publish_date", lookup_expr="gte")
    published_before = DateTextFilter(field_name="publish_date", lookup_expr="lte")

    def by_topic(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(topic__in=topic_and_subtopics(value))
