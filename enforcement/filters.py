"""Filters of the two public columns: year, 类别 and keyword; bad values are reported, not fatal.

The keyword never matches a natural person's name: the page masks it, so a search by name must
not confirm who was punished (个人信息保护法)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from enforcement.rules import KIND_CHOICES, PARTY_NATURAL
from portal.filtering import CodeOrLabelFilter


class YearField(forms.Field):
    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value).removesuffix("年")
        if not text.isdigit() or not 2000 <= int(text) <= 2100:
            raise ValidationError(f"年份格式不正确：{value}", code="invalid")
        return int(text)


class YearFilter(django_filters.Filter):
    field_class = YearField


class DecisionFilter(django_filters.FilterSet):
    year = YearFilter(field_name="decided_on", lookup_expr="year")
    kind = CodeOrLabelFilter(field_name="kind", choices=KIND_CHOICES, message="未知的类别：{value}")
    q = django_filters.CharFilter(method="by_keyword")

    def by_keyword(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        named = Q(party_name__icontains=value) & ~Q(party_type=PARTY_NATURAL)
        return qs.filter(
            named
            | Q(document_number__icontains=value)
            | Q(matter__icontains=value)
            | Q(credit_code__icontains=value)
            | Q(index_number__icontains=value)
        )


class FeeFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year")
    q = django_filters.CharFilter(method="by_keyword")

    def by_keyword(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(name__icontains=value) | Q(basis__icontains=value) | Q(index_number__icontains=value)
        )
